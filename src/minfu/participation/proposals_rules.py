"""The rules of co-signed proposals that need no database. Pure; tested with hypothesis.

Modelled on the national participation platform (公共政策網路參與平臺): a proposal is
open for co-signing for 60 days and needs 5,000 co-signers; an agency may ask for fewer
(never more) and set another period. Once reached, the agency answers within two months,
counted like any period in months (民法 §121 and 行政程序法 §48: the day in the last month
that corresponds to the start, or that month's last day; a day off moves the end to the
next working day on the office calendar, which proposals_services does with
workcal). One public extension, by no more than the original period, with reasons."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import gettext_lazy as _

DEFAULT_THRESHOLD = 5000
MAX_THRESHOLD = DEFAULT_THRESHOLD  # an agency may set a lower threshold, never a higher one
DEFAULT_SIGNING_DAYS = 60
MAX_SIGNING_DAYS = 365
RESPONSE_MONTHS = 2
EXTENSION_MONTHS = RESPONSE_MONTHS  # once, by no more than the original period


def policy_errors(*, threshold: int, signing_days: int) -> dict[str, list[str]]:
    """What is wrong with a threshold and a co-signing period an agency sets."""
    errors: dict[str, list[str]] = {}
    if not 1 <= threshold <= MAX_THRESHOLD:
        errors["threshold"] = [str(_("The threshold is between 1 and 5,000 co-signers."))]
    if not 1 <= signing_days <= MAX_SIGNING_DAYS:
        errors["signing_days"] = [str(_("The co-signing period is between 1 and 365 days."))]
    return errors


def signing_closes_on(opened_on: dt.date, signing_days: int) -> dt.date:
    """The last day co-signatures are taken: the period's n-th day, counting the opening
    day as the first."""
    return opened_on + dt.timedelta(days=signing_days - 1)


def signing_open(*, closes_on: dt.date | None, today: dt.date) -> bool:
    return closes_on is not None and today <= closes_on


def threshold_reached(count: int, threshold: int) -> bool:
    return count >= threshold


def months_after(day: dt.date, months: int) -> dt.date:
    """The day `months` months after `day`: the same day of the month, or the last day of
    a shorter month (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def response_period_days(start: dt.date, months: int) -> int:
    """The response period from `start` (the day the threshold was reached, not counted)
    as calendar days, for the office calendar to count (§48 moves a day off)."""
    return (months_after(start, months) - start).days
