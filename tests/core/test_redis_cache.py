"""The Redis cache backend with one client per connection pool. Needs Redis
(MINFU_TEST_REDIS_URL, default redis://127.0.0.1:6379); skips without it."""

import os
import threading
import uuid

import pytest

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
