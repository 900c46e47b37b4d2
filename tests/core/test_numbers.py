from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from minfu.core.templatetags.numbers import percent


def test_halves_round_up_as_readers_expect():
    assert [percent(share) for share in (0.125, 0.375, 0.145, 0, 1)] == [
        "13%", "38%", "15%", "0%", "100%"]
    assert percent(None) == "–"


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=1, max_value=1000))
def test_a_count_over_a_total_is_within_half_a_point(count, total):
    share = min(count, total) / total
    shown = int(percent(share).rstrip("%"))
    assert abs(shown - share * 100) <= 0.5
    assert shown == int((Decimal(min(count, total) * 100) / total).quantize(
        Decimal(1), rounding=ROUND_HALF_UP))
