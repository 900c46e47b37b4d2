"""Statistics against known values and their properties."""

import datetime as dt
import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.surveys import stats


def test_wilson_interval_known_values():
    # 81 of 263 (Wilson 1927 / Newcombe 1998 example): 0.2553 .. 0.3662
    interval = stats.wilson_interval(81, 263)
    assert interval.estimate == pytest.approx(0.30798, abs=1e-5)
    assert interval.low == pytest.approx(0.2553, abs=1e-4)
    assert interval.high == pytest.approx(0.3662, abs=1e-4)
    # all successes: the upper bound is 1, the lower bound n/(n+z²)
    full = stats.wilson_interval(10, 10)
    assert full.high == pytest.approx(1.0)
    assert full.low == pytest.approx(10 / (10 + stats.Z_95 ** 2))
    assert stats.wilson_interval(0, 0) is None


def test_mean_interval_known_values():
    interval = stats.mean_interval([4, 5, 3, 4, 5, 2, 4, 5, 4, 4])
    mean, sd = 4.0, statistics.stdev([4, 5, 3, 4, 5, 2, 4, 5, 4, 4])
    assert interval.estimate == mean
    assert interval.high - mean == pytest.approx(2.262 * sd / math.sqrt(10))
    assert stats.mean_interval([3]).low == 3
    assert stats.mean_interval([]) is None
    assert stats.t_critical_95(200) == pytest.approx(1.96, abs=1e-3)


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_share_within_0_1(pair):
    successes, n = pair
    interval = stats.wilson_interval(successes, n)
    assert 0 <= interval.low <= interval.estimate <= interval.high <= 1


@given(st.lists(st.integers(1, 5), min_size=1, max_size=200))
def test_mean_interval_is_centred_on_the_mean(values):
    interval = stats.mean_interval(values)
    assert interval.low <= interval.estimate <= interval.high
    assert interval.estimate - interval.low == pytest.approx(interval.high - interval.estimate)
    assert 1 <= interval.estimate <= 5


def test_roc_quarters():
    quarter = stats.Quarter.of(dt.date(2025, 8, 15))
    assert quarter.label == "114年第3季"
    assert (quarter.first_day, quarter.last_day) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert stats.Quarter.of(dt.date(2025, 12, 31)).next().label == "115年第1季"
    assert [q.label for q in stats.quarters_between(dt.date(2025, 11, 1),
                                                     dt.date(2026, 4, 1))] == [
        "114年第4季", "115年第1季", "115年第2季"]


@given(st.dates(dt.date(1912, 1, 1), dt.date(2500, 1, 1)))
def test_every_day_lies_in_its_quarter(day):
    quarter = stats.Quarter.of(day)
    assert quarter.first_day <= day <= quarter.last_day


def test_top_terms_counts_bigrams_without_stop_words_and_punctuation():
    texts = ["櫃檯人員很親切！", "櫃檯人員親切，等候時間太長。", "等候時間太長", "Parking is hard."]
    terms = dict(stats.top_terms(texts))
    assert terms["櫃檯"] == 2 and terms["人員"] == 2 and terms["等候"] == 2
    assert terms["親切"] == 2 and terms["parking"] == 1
    assert "很親" not in terms and "is" not in terms
    assert not any(char in "！，。" for term in terms for char in term)


@given(st.lists(st.text(max_size=30), max_size=10))
def test_top_terms_never_fails(texts):
    for term, count in stats.top_terms(texts):
        assert term and 1 <= count <= len(texts)
