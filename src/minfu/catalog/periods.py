"""Processing periods in words, and whether a service norm is really faster than the legal
period. Pure: no ORM.

The wording ("7 個工作天", "7 working days") goes through gettext like the rest of the
interface: the English msgids are translated in the zh_Hant catalogue
(src/minfu/locale), and describe_period() renders them in the language it is asked for,
whatever language is active, so that the one-time notice and the 人民申請案件處理期間表
read the same on every page and in every download."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from minfu.workcal.periods import Period, PeriodUnit

# A working day counts as this many office hours when a period in hours is compared with
# one in days. Government offices work 08:30-17:30 with a one-hour lunch break.
OFFICE_HOURS_PER_DAY = 8


def is_english(language: str | None) -> bool:
    return (language or "").lower().startswith("en")


def wording_language(language: str | None) -> str:
    """The catalogue to render published wording in: English for any English variant,
    otherwise the default language (Chinese), as before gettext was used here."""
    return language if is_english(language) else settings.LANGUAGE_CODE


def _words(unit: PeriodUnit, value: int) -> str:
    # Literal msgids, so that makemessages extracts them.
    if unit is PeriodUnit.WORKING_DAYS:
        text = ngettext("%(n)s working day", "%(n)s working days", value)
    elif unit is PeriodUnit.CALENDAR_DAYS:
        text = ngettext(
            "%(n)s calendar day (extended to the next working day when it ends on a holiday)",
            "%(n)s calendar days (extended to the next working day when the last day is a "
            "holiday)",
            value)
    else:
        text = ngettext("%(n)s hour (office hours)", "%(n)s hours (office hours)", value)
    return text % {"n": value}


def describe_period(period: Period | None, language: str | None) -> str:
    """"7 個工作天" on Chinese pages, "7 working days" on English ones; "" for no period."""
    if period is None:
        return ""
    with translation.override(wording_language(language)):
        return _words(PeriodUnit(period.unit), period.value)


def _office_hours_bounds(period: Period) -> tuple[int, int]:
    """The fewest and the most office hours the period can stand for. Calendar days may
    hold any number of rest days, so their lower bound is unknown (0)."""
    unit = PeriodUnit(period.unit)
    if unit is PeriodUnit.HOURS:
        return period.value, period.value
    if unit is PeriodUnit.WORKING_DAYS:
        hours = period.value * OFFICE_HOURS_PER_DAY
        return hours, hours
    return 0, period.value * OFFICE_HOURS_PER_DAY


def norm_exceeds_period(norm: Period, legal: Period) -> bool:
    """True when the service norm is certainly longer than the legal period.

    In the same unit the values are compared. Across units a norm is refused only when
    even its shortest reading is longer than the period's longest, so a norm that may be
    faster (e.g. 10 calendar days against 8 working days, around a holiday) is allowed."""
    if PeriodUnit(norm.unit) is PeriodUnit(legal.unit):
        return norm.value > legal.value
    shortest_norm, _ = _office_hours_bounds(norm)
    _, longest_legal = _office_hours_bounds(legal)
    return shortest_norm > longest_legal
