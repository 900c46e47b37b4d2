"""The Redis cache backend with one client per connection pool, and what it does when
Redis is down. The tests against a running Redis need it (MINFU_TEST_REDIS_URL, default
redis://127.0.0.1:6379) and skip without it."""

import logging
import os
import threading
import uuid
from types import SimpleNamespace

import pytest
import redis

from minfu.core import redis_cache as backend
from minfu.core.outages import CacheUnavailable
from minfu.core.redis_cache import SharedClientRedisCache

REDIS_URL = os.environ.get("MINFU_TEST_REDIS_URL", "redis://127.0.0.1:6379")


@pytest.fixture
def redis_cache():
    cache = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache.get("ping")
    except Exception as error:  # no server: nothing to test against
        pytest.skip(f"Redis at {REDIS_URL} unavailable: {error}")
    yield cache
    cache.delete_many(["a", "b", "counter"])


def test_every_call_of_every_thread_shares_one_client(redis_cache):
    clients = []

    def use():
        clients.append(redis_cache._cache.get_client(write=True))

    threads = [threading.Thread(target=use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    clients.append(redis_cache._cache.get_client())
    assert len({id(client) for client in clients}) == 1


def test_it_is_still_the_django_cache(redis_cache):
    assert redis_cache.add("a", {"x": 1}) and not redis_cache.add("a", 2)
    redis_cache.set("b", [1, 2], timeout=60)
    assert redis_cache.get_many(["a", "b"]) == {"a": {"x": 1}, "b": [1, 2]}
    redis_cache.set("counter", 0)
    assert redis_cache.incr("counter") == 1 == redis_cache.get("counter")
    redis_cache.delete("a")
    assert redis_cache.get("a", "gone") == "gone"


# ----- Redis down -------------------------------------------------------------------------

@pytest.fixture
def unreachable(monkeypatch):
    """A cache on a port where nothing listens, and a clock the test moves."""
    now = [1000.0]
    monkeypatch.setattr(backend, "time", SimpleNamespace(monotonic=lambda: now[0]))
    backend.forget_failures()
    yield SharedClientRedisCache("redis://127.0.0.1:1", {}), now
    backend.forget_failures()


def test_a_refused_call_is_cache_unavailable_and_logged(unreachable, caplog):
    cache, _ = unreachable
    with pytest.raises(CacheUnavailable):
        cache.get("a")
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "127.0.0.1:1" in caplog.records[0].getMessage()


def test_after_a_failure_calls_fail_at_once_until_the_pause_ends(unreachable, monkeypatch):
    cache, now = unreachable
    with pytest.raises(CacheUnavailable):
        cache.add("a", 1)
    tries = []
    real_pool = backend._SharedClients._get_connection_pool
    monkeypatch.setattr(backend._SharedClients, "_get_connection_pool",
                        lambda self, write: tries.append(write) or real_pool(self, write))
    now[0] += backend.PAUSE_AFTER_FAILURE - 0.1
    with pytest.raises(CacheUnavailable):
        cache.incr("a")
    assert tries == []
    now[0] += 0.2
    with pytest.raises(CacheUnavailable):
        cache.set("a", 1)
    assert tries == [True]


def test_connections_time_out_after_a_second_unless_the_url_says_otherwise():
    default = SharedClientRedisCache("redis://127.0.0.1:1", {})
    chosen = SharedClientRedisCache("redis://127.0.0.1:1", {"OPTIONS": {"socket_timeout": 3}})
    assert default._cache._pool_options["socket_timeout"] == 1.0
    assert default._cache._pool_options["socket_connect_timeout"] == 1.0
    assert chosen._cache._pool_options["socket_timeout"] == 3


def test_a_redis_that_answers_again_is_used_again_and_logged(redis_cache, caplog):
    caplog.set_level(logging.INFO, logger="minfu.core.redis_cache")
    name = redis_cache._cache._name
    redis_cache._cache.failed(redis.ConnectionError("refused"))
    with pytest.raises(CacheUnavailable):
        redis_cache.get("a")
    backend._paused_until[name] = 0.0  # the pause is over
    redis_cache.set("a", 1)
    assert redis_cache.get("a") == 1
    assert "answers again" in caplog.records[-1].getMessage()
    assert name not in backend._paused_until
