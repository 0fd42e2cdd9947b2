"""Django's Redis cache backend, keeping one client per connection pool, and tolerating a Redis
that is down (`TolerantRedisCache`, the one settings use).

The stock backend builds a new `redis.Redis` for every cache call, and each one sets up ~170
response callbacks: with a session read, a rate-limit count and cached page parts, that was
a tenth of a small page's time. A client is safe to share between threads (its pool hands
out the connections), so one per pool is kept.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _SharedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClients


class TolerantRedisCache(RedisCache):
    """The shared cache, for which Redis being down is a slow page, never an error page.

    Every cache user here can do without it: a read that fails is a miss (the page is built
    from the database), a write that fails is skipped, `add` reports "not added" and `incr`
    reports a missing key (so the rate limit lets the request through and a cached part's
    generation starts afresh). After a failure the cache is not asked again for
    `PAUSE_SECONDS`, so a page does not wait for one timeout per cache call. Sessions are not
    kept here (settings: database sessions). What is lost while Redis is unreachable is the
    bump of a changed part's generation; run the cache's Redis without persistence, so that a
    Redis that comes back comes back empty and no stale part survives (README).
    """

    PAUSE_SECONDS = 10.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._paused_until = 0.0

    def _call(self, name, default, *args, **kwargs):
        import logging
        import time

        from redis.exceptions import RedisError

        if time.monotonic() < self._paused_until:
            return default() if callable(default) else default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except (RedisError, OSError) as exc:
            self._paused_until = time.monotonic() + self.PAUSE_SECONDS
            logging.getLogger(__name__).warning("cache unavailable (%s): %s ignored", exc, name)
            return default() if callable(default) else default

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list, data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return value

    def clear(self):
        return self._call("clear", False)
