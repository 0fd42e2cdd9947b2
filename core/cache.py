"""Django's Redis cache backend, keeping one client per connection pool.

The stock backend builds a new `redis.Redis` for every cache call, and each one sets up ~170
response callbacks: with a session read, a rate-limit count and cached page parts, that was
a tenth of a small page's time. A client is safe to share between threads (its pool hands
out the connections), so one per pool is kept.
"""

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
