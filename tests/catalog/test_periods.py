from hypothesis import given
from hypothesis import strategies as st

from minfu.catalog.periods import OFFICE_HOURS_PER_DAY, describe_period, norm_exceeds_period
from minfu.workcal.periods import Period, PeriodUnit

units = st.sampled_from(list(PeriodUnit))
values = st.integers(min_value=1, max_value=400)
periods = st.builds(Period, values, units)


def test_wording_in_both_languages():
    assert describe_period(Period(7, PeriodUnit.WORKING_DAYS), "zh-hant") == "7 個工作天"
    assert describe_period(Period(7, PeriodUnit.WORKING_DAYS), "en") == "7 working days"
    assert describe_period(Period(30, PeriodUnit.CALENDAR_DAYS), "zh-hant") == \
        "30 日曆天（期間末日為假日者順延）"
    assert describe_period(Period(4, PeriodUnit.HOURS), "zh-hant") == "4 小時（上班時間）"
    assert describe_period(Period(4, PeriodUnit.HOURS), "en") == "4 hours (office hours)"
    assert describe_period(Period(1, PeriodUnit.WORKING_DAYS), "en") == "1 working day"
    assert describe_period(None, "en") == ""


@given(periods, st.sampled_from(["zh-hant", "en", None, ""]))
def test_wording_always_names_the_number(period, language):
    assert describe_period(period, language).startswith(f"{period.value} ")


@given(values, values, units)
def test_same_unit_compares_values(norm, legal, unit):
    assert norm_exceeds_period(Period(norm, unit), Period(legal, unit)) == (norm > legal)


@given(periods, periods, st.integers(min_value=0, max_value=50))
def test_a_longer_norm_never_becomes_acceptable(norm, legal, extra):
    if norm_exceeds_period(norm, legal):
        assert norm_exceeds_period(Period(norm.value + extra, norm.unit), legal)


@given(periods)
def test_a_norm_equal_to_the_period_is_allowed(period):
    assert not norm_exceeds_period(period, period)


def test_across_units_only_certain_excess_is_refused():
    hours, working, calendar = PeriodUnit.HOURS, PeriodUnit.WORKING_DAYS, PeriodUnit.CALENDAR_DAYS
    # 1 working day of office hours against a 4-hour legal period: certainly longer.
    assert norm_exceeds_period(Period(1, working), Period(4, hours))
    assert not norm_exceeds_period(Period(OFFICE_HOURS_PER_DAY, hours), Period(1, working))
    assert norm_exceeds_period(Period(OFFICE_HOURS_PER_DAY + 1, hours), Period(1, working))
    # Working days take at least as long as the same number of calendar days.
    assert norm_exceeds_period(Period(31, working), Period(30, calendar))
    assert not norm_exceeds_period(Period(20, working), Period(30, calendar))
    # Calendar days may hold a long holiday, so against working days nothing is certain.
    assert not norm_exceeds_period(Period(10, calendar), Period(5, working))
