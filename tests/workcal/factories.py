"""Factories and helpers for office calendar tests."""

import datetime as dt
from functools import cache
from pathlib import Path

import factory
from django.test import TestCase

from minfu.org.models import Locality
from minfu.workcal import calendar_file, services
from minfu.workcal.deadlines import WorkCalendar
from minfu.workcal.models import Closure

DATA_DIR = Path(calendar_file.__file__).resolve().parent / "data"


@cache
def shipped_days() -> tuple[calendar_file.OfficialDay, ...]:
    """Every day of the shipped official files (2019-2027)."""
    days = []
    for path in sorted(DATA_DIR.glob("*.csv")):
        days.extend(calendar_file.parse(path.read_bytes()).days)
    return tuple(days)


@cache
def shipped_pairs() -> tuple[tuple[dt.date, bool], ...]:
    """The shipped days as the engine takes them: (date, is_working)."""
    return tuple((day.day, not day.is_day_off) for day in shipped_days())


@cache
def shipped_calendar() -> WorkCalendar:
    return WorkCalendar(shipped_pairs())


def calendar_csv(year: int, *, overrides: dict | None = None, skip=(), header=None) -> str:
    """A complete standard file for `year` as text: weekends off, weekdays working, then
    `overrides` ({date: (is_day_off, note)}) applied and `skip` dates left out."""
    overrides = overrides or {}
    lines = [header or ",".join(calendar_file.HEADER)]
    day = dt.date(year, 1, 1)
    while day.year == year:
        if day not in skip:
            is_day_off, note = overrides.get(day, (day.weekday() >= 5, ""))
            weekday = calendar_file.WEEKDAYS[day.weekday()]
            lines.append(f"{day:%Y%m%d},{weekday},{2 if is_day_off else 0},{note}")
        day += dt.timedelta(days=1)
    return "\r\n".join(lines) + "\r\n"


class ClosureFactory(factory.django.DjangoModelFactory):
    """A whole-day closure, recorded through the service (audited, and recounted: the
    recount that follows the commit runs at once)."""

    class Meta:
        model = Closure

    locality = Locality.TAIPEI
    date = dt.date(2025, 7, 7)
    notice_reference = "臺北市政府 114年7月6日 府授人考字第1140000000號"
    starts_at = None
    ends_at = None
    note = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return services.closure_create(**kwargs)
