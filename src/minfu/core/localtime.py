"""Local time: the platform's time zone (Asia/Taipei, no daylight saving) and the
moments that bound a run of local days, for queries over aware datetimes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")


def local_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[local midnight of start, local midnight after end): the moments of the days."""
    return (dt.datetime.combine(start, dt.time(), tzinfo=TAIPEI),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=TAIPEI))
