"""The pure award rules: mean and spread, outliers, the tie rule and the tiers."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from minfu.assessment import awards
from minfu.assessment.awards import Candidate, TierRule

points = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False,
                     allow_infinity=False)
scores = st.lists(points, min_size=1, max_size=9)


@given(scores)
def test_the_mean_lies_between_the_lowest_and_the_highest(values):
    spread = awards.spread(values)
    assert spread.lowest <= spread.mean <= spread.highest
    assert spread.range == max(values) - min(values) >= 0
    assert spread.deviation >= 0
    assert spread.deviation <= spread.range


@given(points, st.integers(min_value=1, max_value=9))
def test_equal_scores_have_no_spread(value, count):
    spread = awards.spread([value] * count)
    assert spread.mean == value.quantize(Decimal("0.01"))
    assert spread.deviation == 0 and spread.range == 0
    assert awards.outliers(dict.fromkeys(range(count), value), Decimal(100)) == set()


def test_spread_of_known_scores():
    spread = awards.spread([Decimal(80), Decimal(90), Decimal(100)])
    assert (spread.mean, spread.deviation, spread.range) == (Decimal("90.00"), Decimal("8.16"),
                                                              Decimal(20))
    assert awards.spread([]).mean is None and awards.spread([]).range is None


def test_an_outlier_is_far_from_the_median():
    assert awards.outliers({"a": Decimal(50), "b": Decimal(20), "c": Decimal(52)},
                           Decimal(60)) == {"b"}
    assert awards.outliers({"a": Decimal(50)}, Decimal(60)) == set()
    assert awards.outliers({"a": Decimal(50), "b": Decimal(10)}, Decimal(60)) == {"a", "b"}


def test_ties_are_broken_by_the_criteria_in_sheet_order_then_the_earlier_stage():
    ranked = awards.ranking([
        Candidate("a", Decimal(80), (Decimal(45), Decimal(35)), Decimal(70)),
        Candidate("b", Decimal(80), (Decimal(50), Decimal(30)), Decimal(60)),
        Candidate("c", Decimal(80), (Decimal(50), Decimal(30)), Decimal(65)),
        Candidate("d", Decimal(85), (Decimal(50), Decimal(35)), None),
    ])
    assert [(candidate.key, rank) for candidate, rank in ranked] == [
        ("d", 1), ("c", 2), ("b", 3), ("a", 4)]


def test_entries_equal_on_every_key_share_the_rank_and_the_tier():
    same = (Decimal(40), Decimal(40))
    ranked = awards.ranking([Candidate("a", Decimal(80), same), Candidate("b", Decimal(80), same),
                             Candidate("c", Decimal(70), same)])
    assert [rank for _candidate, rank in ranked] == [1, 1, 3]
    tiers = awards.assign_tiers(ranked, [TierRule("特優", 1), TierRule("優等", 1)])
    assert tiers == {"a": "特優", "b": "特優", "c": "優等"}


def test_the_least_mean_keeps_a_tier_empty():
    ranked = awards.ranking([Candidate("a", Decimal(82)), Candidate("b", Decimal(60))])
    tiers = awards.assign_tiers(ranked, [TierRule("特優", 1, Decimal(90)),
                                         TierRule("優等", 1, Decimal(80)),
                                         TierRule("甲等", 3, Decimal(70))])
    assert tiers == {"a": "優等", "b": ""}


candidates = st.lists(st.tuples(points, points), min_size=1, max_size=12)
tier_rules = st.lists(st.tuples(st.integers(min_value=1, max_value=4),
                                st.one_of(st.none(), points)), min_size=1, max_size=4)


@given(candidates, tier_rules)
def test_tiers_follow_the_ranking_and_the_number_of_prizes(rows, rules):
    ranked = awards.ranking([Candidate(i, mean, (first,)) for i, (mean, first) in
                             enumerate(rows)])
    tiers = [TierRule(f"T{i}", prizes, least) for i, (prizes, least) in enumerate(rules)]
    given_tiers = awards.assign_tiers(ranked, tiers)
    order = {tier.name: position for position, tier in enumerate(tiers)}
    order[""] = len(tiers)
    ranks = {candidate.key: rank for candidate, rank in ranked}
    # a better rank never gets a worse tier
    for (better, _r1), (worse, _r2) in zip(ranked, ranked[1:], strict=False):
        assert order[given_tiers[better.key]] <= order[given_tiers[worse.key]]
    for tier in tiers:
        winners = [key for key, name in given_tiers.items() if name == tier.name]
        for key in winners:
            mean = next(candidate.mean for candidate, _rank in ranked if candidate.key == key)
            assert tier.min_mean is None or mean >= tier.min_mean
        # more winners than prizes only through a shared rank
        if len(winners) > tier.prizes:
            assert len({ranks[key] for key in winners}) < len(winners)
    # ranks are competition ranks
    for position, (_candidate, rank) in enumerate(ranked, start=1):
        assert 1 <= rank <= position
