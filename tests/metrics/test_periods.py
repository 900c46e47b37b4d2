import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.metrics.periods import Grain, ReportingPeriod

days = st.dates(min_value=dt.date(1913, 1, 1), max_value=dt.date(2900, 12, 31))
grains = st.sampled_from(list(Grain))


@given(days, grains)
def test_a_period_contains_its_day_and_neighbours_touch(day, grain):
    period = ReportingPeriod.containing(day, grain)
    assert period.start <= day <= period.end
    assert period.previous().end == period.start - dt.timedelta(days=1)
    assert period.next().start == period.end + dt.timedelta(days=1)
    assert period.previous().next() == period


@given(days, grains)
def test_the_key_reads_back(day, grain):
    period = ReportingPeriod.containing(day, grain)
    assert ReportingPeriod.from_key(period.key) == period


@given(days, grains, grains)
def test_parts_cover_the_period_without_gaps(day, grain, finer):
    period = ReportingPeriod.containing(day, grain)
    order = list(Grain)
    if order.index(finer) < order.index(grain):
        return
    parts = period.parts(finer)
    assert parts[0].start == period.start and parts[-1].end == period.end
    for before, after in zip(parts, parts[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)


@given(days, grains, st.integers(min_value=1, max_value=30))
def test_trailing_ends_with_the_period(day, grain, count):
    period = ReportingPeriod.containing(day, grain)
    trail = period.trailing(count)
    assert len(trail) == count and trail[-1] == period and trail == sorted(trail)


def test_roc_labels():
    assert ReportingPeriod(2025, Grain.QUARTER, 3).label == "114年第3季"
    assert ReportingPeriod(2025, Grain.MONTH, 3).label == "114年3月"
    assert ReportingPeriod(2025, Grain.YEAR).label == "114年"
    assert ReportingPeriod(2025, Grain.QUARTER, 1).previous() == ReportingPeriod(
        2024, Grain.QUARTER, 4)


@pytest.mark.parametrize("key", ["", "25", "2025-Q5", "2025-13", "2025-00", "abc", "0999"])
def test_bad_keys_are_refused(key):
    with pytest.raises(ValueError):
        ReportingPeriod.from_key(key)


def test_english_pages_get_english_labels():
    from django.utils import translation

    with translation.override("en"):
        assert ReportingPeriod(2025, Grain.QUARTER, 3).label == "2025 Q3"
        assert ReportingPeriod(2025, Grain.MONTH, 3).label == "Mar 2025"
        assert ReportingPeriod(2025, Grain.YEAR).label == "2025"
