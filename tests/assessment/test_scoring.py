from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from minfu.assessment import scoring
from minfu.assessment.scoring import SheetRules, Tier

TIERS = (Tier("優等", Decimal(900)), Tier("甲等", Decimal(800)), Tier("乙等", Decimal(700)))
points_st = st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False,
                        allow_infinity=False)


def test_tiers_and_threshold_at_the_bounds():
    rules = SheetRules({1: Decimal(1000)}, TIERS, Decimal(750))
    assert scoring.result_of(rules, Decimal(900)).tier == "優等"
    assert scoring.result_of(rules, Decimal("899.99")).tier == "甲等"
    assert scoring.result_of(rules, Decimal(699)).tier == ""
    assert scoring.result_of(rules, Decimal(750)).improvement_required is False
    assert scoring.result_of(rules, Decimal("749.5")).improvement_required is True


def test_no_threshold_never_requires_a_plan():
    assert scoring.improvement_required(Decimal(0), None) is False


def test_point_errors_name_each_bad_item():
    rules = SheetRules({1: Decimal(10), 2: Decimal(5), 3: Decimal(5)})
    errors = scoring.point_errors(rules, {1: Decimal(11), 2: Decimal(-1), 9: Decimal(1)})
    assert set(errors) == {1, 2, 3, 9}
    assert scoring.point_errors(rules, {1: Decimal(10), 2: Decimal(0), 3: Decimal("2.5")}) == {}


def test_ranks_share_equal_totals():
    assert scoring.ranks({1: Decimal(90), 2: Decimal(95), 3: Decimal(90), 4: Decimal(80)}) == \
        {2: 1, 1: 2, 3: 2, 4: 4}


@given(points_st)
def test_tier_is_the_highest_reached(value):
    tier = scoring.tier_for(value, TIERS)
    reached = [t for t in TIERS if value >= t.lower_bound]
    if reached:
        assert tier == reached[0].name
    else:
        assert tier == ""


@given(points_st, points_st)
def test_tier_is_monotonic(a, b):
    order = {"": 0, "乙等": 1, "甲等": 2, "優等": 3}
    low, high = sorted((a, b))
    assert order[scoring.tier_for(low, TIERS)] <= order[scoring.tier_for(high, TIERS)]


@given(st.lists(points_st, min_size=1, max_size=8))
def test_mean_lies_between_min_and_max(values):
    mean = scoring.mean(values)
    assert min(values) - Decimal("0.01") <= mean <= max(values) + Decimal("0.01")


@given(st.dictionaries(st.integers(1, 20), st.integers(1, 100), min_size=1))
def test_valid_points_have_no_errors_and_total_at_most_max(maxima):
    rules = SheetRules({k: Decimal(v) for k, v in maxima.items()})
    full = dict(rules.max_points)
    assert scoring.point_errors(rules, full) == {}
    assert scoring.total(full.values()) == rules.max_total
    over = {k: v + 1 for k, v in full.items()}
    assert set(scoring.point_errors(rules, over)) == set(maxima)


@given(st.dictionaries(st.integers(1, 50), points_st, min_size=1))
def test_ranks_follow_totals(totals):
    ranks = scoring.ranks(totals)
    for a in totals:
        for b in totals:
            if totals[a] > totals[b]:
                assert ranks[a] < ranks[b]
            if totals[a] == totals[b]:
                assert ranks[a] == ranks[b]
