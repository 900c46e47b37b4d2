import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.participation.tally import tally, wilson


def test_wilson_matches_a_known_value():
    low, high = wilson(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)


def test_no_ballots_gives_the_whole_range_and_zero_shares():
    assert wilson(0, 0) == (0.0, 1.0)
    assert tally([("a", 0)], 0)[0].share == 0.0


@given(st.integers(min_value=1, max_value=10_000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))))
def test_interval_holds_the_share_and_stays_in_bounds(pair):
    successes, trials = pair
    low, high = wilson(successes, trials)
    assert 0.0 <= low <= successes / trials <= high <= 1.0


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_more_trials_at_the_same_share_narrow_the_interval(count, trials):
    count = min(count, trials)
    low, high = wilson(count, trials)
    low2, high2 = wilson(count * 4, trials * 4)
    assert high2 - low2 <= high - low + 1e-12


def test_successes_beyond_trials_are_refused():
    with pytest.raises(ValueError):
        wilson(3, 2)
