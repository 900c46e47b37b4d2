from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from minfu.notify.retry import LONGEST_DELAY, gives_up, retry_delay


def test_backoff_doubles_from_one_minute():
    assert [retry_delay(n) for n in range(1, 5)] == [
        timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]


@given(st.integers(min_value=1, max_value=10_000))
def test_backoff_never_shrinks_and_is_capped(attempts):
    assert retry_delay(attempts) <= retry_delay(attempts + 1) <= LONGEST_DELAY
    assert retry_delay(attempts) >= timedelta(minutes=1)


@given(st.integers(min_value=0, max_value=50), st.integers(min_value=1, max_value=50))
def test_gives_up_exactly_at_the_limit(attempts, limit):
    assert gives_up(attempts, limit) == (attempts >= limit)
