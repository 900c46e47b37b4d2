"""Django's Redis cache backend, with one client object per connection pool, that turns
Redis being down into one exception its callers can survive.

Django's backend builds a new `redis.Redis` for every cache call (over the same shared
connection pool), which costs about as much CPU as the call itself against a local Redis,
and a request makes several calls (its session, the rate limits, the process caches'
version tokens). A `redis.Redis` may be shared between threads, so one per pool serves
them all. Settings put this backend in place of Django's whenever CACHE_URL is Redis.

When Redis does not answer, every call raises `CacheUnavailable` (logged as a warning),
and for `PAUSE_AFTER_FAILURE` seconds calls raise it at once without trying: a Redis
that has gone away costs a request nothing more than the failure of one call per pause,
not a connection timeout per call. Connections time out after a second unless CACHE_URL
says otherwise (`?socket_timeout=...&socket_connect_timeout=...`)."""

from __future__ import annotations

import functools
import logging
import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from minfu.core.outages import CacheUnavailable

logger = logging.getLogger(__name__)

PAUSE_AFTER_FAILURE = 5.0  # seconds
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
# The servers (as configured) that failed: when the next call may try them again.
_paused_until: dict[str, float] = {}


class _SharedClients(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **{**DEFAULT_TIMEOUTS, **options})
        self._clients = {}  # id of a pool (kept in self._pools for good): its client
        self._name = " ".join(servers)

    def get_client(self, key=None, *, write=False):
        if time.monotonic() < _paused_until.get(self._name, 0.0):
            raise CacheUnavailable(f"Redis at {self._name} failed moments ago.")
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client

    def failed(self, error: redis.RedisError) -> CacheUnavailable:
        _paused_until[self._name] = time.monotonic() + PAUSE_AFTER_FAILURE
        logger.warning("Redis at %s is unavailable (%s); carrying on without the shared "
                       "cache, next try in %.0f s.", self._name, error, PAUSE_AFTER_FAILURE)
        return CacheUnavailable(str(error))

    def answered(self) -> None:
        if _paused_until.pop(self._name, None) is not None:
            logger.info("Redis at %s answers again.", self._name)


def _guarded(call):
    @functools.wraps(call)
    def guarded(self: _SharedClients, *args, **kwargs):
        try:
            result = call(self, *args, **kwargs)
        except redis.RedisError as error:
            raise self.failed(error) from error
        if _paused_until:
            self.answered()
        return result

    return guarded


# Every operation of Django's client, each a call to Redis.
for _operation in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr",
                   "set_many", "delete_many", "clear"):
    setattr(_SharedClients, _operation, _guarded(getattr(RedisCacheClient, _operation)))


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClients


def forget_failures() -> None:
    """Try every Redis again on the next call (tests call it between cases)."""
    _paused_until.clear()
