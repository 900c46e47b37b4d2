"""Django's Redis cache backend, with one client object per connection pool.

Django's backend builds a new `redis.Redis` for every cache call (over the same shared
connection pool), which costs about as much CPU as the call itself against a local Redis,
and a request makes several calls (its session, the rate limits, the process caches'
version tokens). A `redis.Redis` may be shared between threads, so one per pool serves
them all. Settings put this backend in place of Django's whenever CACHE_URL is Redis."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _SharedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id of a pool (kept in self._pools for good): its client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClients
