"""The supply-by date of a deficiency notice (補正期限) on the office calendar. Pure: the
calendar is given, no ORM here.

A supply-by date that falls on a day off moves to the next working day (行政程序法 §48,
as every period does), so the applicant is reminded `days_before` working days before
that last day and again on it, and the date has passed only once that last day ended.
The daily job runs on working days only, so a reminder whose day it missed (the job did
not run) goes on the next run before the last day; each goes once (the outbox's dedupe
keys)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from minfu.workcal.deadlines import WorkCalendar

# How far back `last_lapsed_supply_by` looks for a working day (a long holiday is 9 days).
_LOOKBACK_DAYS = 31


class Reminder(StrEnum):
    BEFORE = "before"
    ON_THE_DAY = "on_the_day"


def last_day(supply_by: dt.date, calendar: WorkCalendar) -> dt.date:
    """The last day the documents may arrive: the supply-by date, or the next working
    day when it is a day off."""
    if calendar.is_working_day(supply_by):
        return supply_by
    return calendar.add_working_days(supply_by, 1)


def reminder_due(on: dt.date, supply_by: dt.date, calendar: WorkCalendar, *,
                 days_before: int) -> Reminder | None:
    """Which reminder the job running on `on` sends for `supply_by`, if any."""
    last = last_day(supply_by, calendar)
    if on == last:
        return Reminder.ON_THE_DAY
    if days_before > 0 and on < last <= calendar.add_working_days(on, days_before):
        return Reminder.BEFORE
    return None


def working_days_left(on: dt.date, supply_by: dt.date, calendar: WorkCalendar) -> int:
    """Working days after `on` up to and including the last day."""
    return calendar.working_days_between(on, last_day(supply_by, calendar))


def last_lapsed_supply_by(today: dt.date, calendar: WorkCalendar) -> dt.date:
    """The latest supply-by date that has passed by `today`: the last working day before
    today (a supply-by date after it moves to today or later). A supply-by date has
    passed exactly when it is on or before this day."""
    day = today - dt.timedelta(days=1)
    for _ in range(_LOOKBACK_DAYS):
        if calendar.is_working_day(day):
            return day
        day -= dt.timedelta(days=1)
    return day


def has_lapsed(supply_by: dt.date, today: dt.date, calendar: WorkCalendar) -> bool:
    return last_day(supply_by, calendar) < today
