"""The value of a metric over facts: additive by day, so any split of the facts into
periods gives the same totals."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from minfu.metrics.registry import Fact, Kind, aggregate, value_of

facts = st.lists(st.builds(
    Fact, day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31)),
    organisation_id=st.integers(1, 3), unit_id=st.none() | st.integers(1, 5),
    service_type_id=st.none(), channel=st.sampled_from(["", "online"]),
    numerator=st.integers(0, 50).map(float), denominator=st.integers(0, 50).map(float)))


@given(facts, st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_counts_add_up_over_any_split(all_facts, cut):
    before = [f for f in all_facts if f.day < cut]
    after = [f for f in all_facts if f.day >= cut]
    assert aggregate(Kind.COUNT, all_facts) == aggregate(Kind.COUNT, before) + aggregate(
        Kind.COUNT, after)


@given(facts)
def test_a_ratio_is_sum_over_sum_within_bounds(all_facts):
    value = aggregate(Kind.RATIO, all_facts)
    denominator = sum(f.denominator for f in all_facts)
    if not denominator:
        assert value is None
    else:
        assert value == sum(f.numerator for f in all_facts) / denominator * 100


def test_value_of_each_kind():
    assert value_of(Kind.COUNT, 3, 0) == 3
    assert value_of(Kind.RATIO, 1, 4) == 25
    assert value_of(Kind.MEAN, 10, 4) == 2.5
    assert value_of(Kind.MEAN, 10, 0) is None
