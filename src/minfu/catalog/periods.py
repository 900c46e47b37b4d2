"""Processing periods in words, and whether a service norm is really faster than the legal
period. Pure: no ORM, no Django.

The wording is part of the published content (the one-time notice and the
人民申請案件處理期間表), like ROC dates, so both languages are written out here rather
than left to the interface translation catalogue."""

from minfu.workcal.periods import Period, PeriodUnit

# A working day counts as this many office hours when a period in hours is compared with
# one in days. Government offices work 08:30-17:30 with a one-hour lunch break.
OFFICE_HOURS_PER_DAY = 8

_ZH = {
    PeriodUnit.WORKING_DAYS: "{n} 個工作天",
    PeriodUnit.CALENDAR_DAYS: "{n} 日曆天（期間末日為假日者順延）",
    PeriodUnit.HOURS: "{n} 小時（上班時間）",
}
_EN_ONE = {
    PeriodUnit.WORKING_DAYS: "{n} working day",
    PeriodUnit.CALENDAR_DAYS: "{n} calendar day (extended to the next working day when it "
                              "ends on a holiday)",
    PeriodUnit.HOURS: "{n} hour (office hours)",
}
_EN_MANY = {
    PeriodUnit.WORKING_DAYS: "{n} working days",
    PeriodUnit.CALENDAR_DAYS: "{n} calendar days (extended to the next working day when the "
                              "last day is a holiday)",
    PeriodUnit.HOURS: "{n} hours (office hours)",
}


def is_english(language: str | None) -> bool:
    return (language or "").lower().startswith("en")


def describe_period(period: Period | None, language: str | None) -> str:
    """"7 個工作天" on Chinese pages, "7 working days" on English ones; "" for no period."""
    if period is None:
        return ""
    unit = PeriodUnit(period.unit)
    if not is_english(language):
        return _ZH[unit].format(n=period.value)
    table = _EN_ONE if period.value == 1 else _EN_MANY
    return table[unit].format(n=period.value)


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
