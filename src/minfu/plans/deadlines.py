"""Deadlines of plan actions. Pure: no ORM, no Django models.

Plans write an action's deadline in one of four kinds (DOMAIN.md):

- a date, "114年6月30日";
- a month, "114年12月" (due by the month's last day);
- recurring, "每月", "每季", "每半年", "每年" (due at the end of each such period);
- standing, "經常性辦理" or "隨時辦理" (never past due: done continuously or when needed).

A month and a recurring deadline end on the last calendar day of a period: a plan's
deadline is a calendar date, not a processing period in working days, so no office
calendar applies."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

ROC_OFFSET = 1911


class DeadlineKind(StrEnum):
    DATE = "date"
    MONTH = "month"
    RECURRING = "recurring"
    STANDING = "standing"


class Recurrence(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class Standing(StrEnum):
    REGULAR = "regular"        # 經常性辦理
    AS_NEEDED = "as_needed"    # 隨時辦理


# Months that end each recurring period.
PERIOD_END_MONTHS = {
    Recurrence.MONTHLY: tuple(range(1, 13)),
    Recurrence.QUARTERLY: (3, 6, 9, 12),
    Recurrence.HALF_YEARLY: (6, 12),
    Recurrence.YEARLY: (12,),
}

RECURRENCE_PHRASES = {
    "每月": Recurrence.MONTHLY,
    "每季": Recurrence.QUARTERLY,
    "每半年": Recurrence.HALF_YEARLY,
    "每年": Recurrence.YEARLY,
}
STANDING_PHRASES = {"經常性辦理": Standing.REGULAR, "隨時辦理": Standing.AS_NEEDED}
RECURRENCE_LABELS = {value: phrase for phrase, value in RECURRENCE_PHRASES.items()}
STANDING_LABELS = {value: phrase for phrase, value in STANDING_PHRASES.items()}

_DATE = re.compile(r"^(?:民國)?(\d{2,3})年(\d{1,2})月(\d{1,2})日(?:前|止)?$")
_MONTH = re.compile(r"^(?:民國)?(\d{2,3})年(\d{1,2})月(?:底|底前|前)?$")
_SLASH_DATE = re.compile(r"^(\d{2,3})/(\d{1,2})/(\d{1,2})$")


class DeadlineParseError(ValueError):
    pass


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    day: dt.date | None = None          # DATE; for MONTH the first day of the month
    recurrence: Recurrence | None = None
    standing: Standing | None = None

    def __post_init__(self):
        needs = {DeadlineKind.DATE: self.day, DeadlineKind.MONTH: self.day,
                 DeadlineKind.RECURRING: self.recurrence, DeadlineKind.STANDING: self.standing}
        if needs[self.kind] is None:
            raise ValueError(f"a {self.kind} deadline needs its value")


def on_date(day: dt.date) -> Deadline:
    return Deadline(DeadlineKind.DATE, day=day)


def in_month(year: int, month: int) -> Deadline:
    return Deadline(DeadlineKind.MONTH, day=dt.date(year, month, 1))


def recurring(recurrence: Recurrence) -> Deadline:
    return Deadline(DeadlineKind.RECURRING, recurrence=Recurrence(recurrence))


def standing(kind: Standing = Standing.REGULAR) -> Deadline:
    return Deadline(DeadlineKind.STANDING, standing=Standing(kind))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse(text: str) -> Deadline:
    """The deadline a plan's phrase means; DeadlineParseError for anything else."""
    phrase = re.sub(r"\s+", "", str(text or ""))
    if phrase in STANDING_PHRASES:
        return standing(STANDING_PHRASES[phrase])
    if phrase in RECURRENCE_PHRASES:
        return recurring(RECURRENCE_PHRASES[phrase])
    try:
        if match := (_DATE.match(phrase) or _SLASH_DATE.match(phrase)):
            year, month, day = (int(part) for part in match.groups())
            return on_date(dt.date(year + ROC_OFFSET, month, day))
        if match := _MONTH.match(phrase):
            year, month = (int(part) for part in match.groups())
            return in_month(year + ROC_OFFSET, month)
    except ValueError as error:
        raise DeadlineParseError(f"no such date: {phrase}") from error
    raise DeadlineParseError(f"not a deadline: {phrase}")


def label(deadline: Deadline) -> str:
    """The deadline as plans write it (the inverse of `parse`)."""
    if deadline.kind is DeadlineKind.DATE:
        day = deadline.day
        return f"{day.year - ROC_OFFSET}年{day.month}月{day.day}日"
    if deadline.kind is DeadlineKind.MONTH:
        return f"{deadline.day.year - ROC_OFFSET}年{deadline.day.month}月"
    if deadline.kind is DeadlineKind.RECURRING:
        return RECURRENCE_LABELS[deadline.recurrence]
    return STANDING_LABELS[deadline.standing]


def occurrences(deadline: Deadline, year: int) -> list[dt.date]:
    """The days the action is due in `year` (AD): one for a date or month in that year,
    each period end for a recurring one, none for a standing one."""
    if deadline.kind is DeadlineKind.STANDING:
        return []
    if deadline.kind is DeadlineKind.RECURRING:
        return [month_end(year, month) for month in PERIOD_END_MONTHS[deadline.recurrence]]
    due = due_date(deadline)
    return [due] if due.year == year else []


def occurrences_between(deadline: Deadline, start: dt.date, end: dt.date) -> list[dt.date]:
    """Due days within start..end (inclusive), e.g. those a reporting period covers."""
    found: list[dt.date] = []
    for year in range(start.year, end.year + 1):
        found.extend(day for day in occurrences(deadline, year) if start <= day <= end)
    return found


def due_date(deadline: Deadline) -> dt.date | None:
    """The one due day of a date or month deadline; None for the others."""
    if deadline.kind is DeadlineKind.DATE:
        return deadline.day
    if deadline.kind is DeadlineKind.MONTH:
        return month_end(deadline.day.year, deadline.day.month)
    return None


def is_past(deadline: Deadline, *, today: dt.date, year: int,
            done_occurrences: Iterable[dt.date] = (), done: bool = False) -> bool:
    """Whether the action is past its deadline on `today`: a due day has gone by without
    the action being done (for a recurring one: without that occurrence being done).
    A standing action is never past due."""
    if deadline.kind is DeadlineKind.STANDING:
        return False
    if deadline.kind is DeadlineKind.RECURRING:
        finished = set(done_occurrences)
        return any(day < today and day not in finished for day in occurrences(deadline, year))
    return not done and due_date(deadline) < today


def shift_years(deadline: Deadline, years: int = 1) -> Deadline:
    """The same deadline `years` later (29 February becomes 28 February)."""
    if deadline.day is None:
        return deadline
    day = deadline.day
    target_year = day.year + years
    last = calendar.monthrange(target_year, day.month)[1]
    return Deadline(deadline.kind, day=day.replace(year=target_year, day=min(day.day, last)),
                    recurrence=deadline.recurrence, standing=deadline.standing)
