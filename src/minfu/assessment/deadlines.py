"""Reply periods counted in months, pure. Civil Code §121 via Administrative Procedure
Act §48: a period of months starting the day after `start` ends on the day of the last
month that corresponds to `start`; without such a day (31 January + 1 month), on that
month's last day. A day off at the end moves it (done by the office calendar)."""

import calendar
import datetime as dt


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later, clamped to the end of a shorter month."""
    if months < 0:
        raise ValueError("months cannot be negative")
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last_day))


def calendar_days_to(start: dt.date, months: int) -> int:
    """How many calendar days the month period spans, for the §48 calendar-day engine."""
    return (add_months(start, months) - start).days


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)
