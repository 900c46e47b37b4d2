"""The shared throttle: a fixed window per client address, counted in the shared cache,
and in each process on its own, with half the tries, while the shared cache is down."""

import logging

import pytest
from django.core.cache import cache

from minfu.records.throttle import Rate, attempt

RATE = Rate(tries=4, seconds=600)
NOW = 6000.0  # the start of a window


def allowed(count: int, client: str = "1.2.3.4", now: float = NOW) -> list[bool]:
    return [attempt(key_prefix="tests:throttle", client=client, rate=RATE, now=now).allowed
            for _ in range(count)]


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


def test_each_client_has_its_tries_per_window():
    assert allowed(5) == [True] * 4 + [False]
    assert allowed(1, client="5.6.7.8") == [True]
    assert allowed(1, now=NOW + RATE.seconds) == [True]


def test_with_redis_down_each_process_allows_half_the_tries_and_says_so(redis_down, caplog):
    assert allowed(3) == [True, True, False]
    assert allowed(1, client="5.6.7.8") == [True]
    assert allowed(1, now=NOW + RATE.seconds) == [True]
    assert any(record.levelno == logging.WARNING for record in caplog.records)


def test_with_redis_down_a_limit_of_one_still_allows_one_try(redis_down):
    verdicts = [attempt(key_prefix="tests:one", client="1.2.3.4", rate=Rate(1, 60),
                        now=NOW).allowed for _ in range(2)]
    assert verdicts == [True, False]
