"""When a record is due, in the words of the staff pages: overdue, due today, or due soon
(within a few working days of the national office calendar). One rule for the queues of
every record kind and for the staff home's counts."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from minfu.workcal.deadlines import CalendarGapError
from minfu.workcal.selectors import calendar_for_locality

SOON_WORKING_DAYS = 3


class Due(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"


DUE_CHOICES = [("", _("Any due date")), (Due.OVERDUE, _("Overdue")),
               (Due.TODAY, _("Due today")),
               (Due.SOON, _("Due within three working days"))]


def soon_until(today: dt.date) -> dt.date:
    """The last day that is due soon: SOON_WORKING_DAYS working days after today (as many
    calendar days where the calendar does not reach so far)."""
    try:
        national = calendar_for_locality("")
        return national.add_working_days(today, SOON_WORKING_DAYS)
    except (CalendarGapError, ValueError):
        return today + dt.timedelta(days=SOON_WORKING_DAYS)


def due_q(field: str, due: str, *, today: dt.date, until: dt.date) -> Q:
    """The records whose date in `field` is `due` (a Due value)."""
    if due == Due.OVERDUE:
        return Q(**{f"{field}__lt": today})
    if due == Due.TODAY:
        return Q(**{field: today})
    if due == Due.SOON:
        return Q(**{f"{field}__gt": today, f"{field}__lte": until})
    raise ValueError(f"not a due filter: {due!r}")


def due_counts(records: QuerySet, field: str, *, today: dt.date, until: dt.date,
               groups: dict[str, Q], overdue_only: Q | None = None) -> dict[str, dict[str, int]]:
    """In one query, how many of `records` fall in each group (name → condition) and
    each Due window: {group: {due: count}}. `overdue_only` narrows what counts as
    overdue (an application whose clock is stopped is not)."""
    aggregates = {}
    for group, condition in groups.items():
        for due in Due:
            window = due_q(field, due, today=today, until=until)
            if due == Due.OVERDUE and overdue_only is not None:
                window &= overdue_only
            aggregates[f"{group}__{due}"] = Count("pk", filter=condition & window)
    totals = records.aggregate(**aggregates)
    return {group: {due: totals[f"{group}__{due}"] for due in Due} for group in groups}
