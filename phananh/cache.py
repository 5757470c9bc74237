"""Django's Redis cache, with one client per connection pool.

Django's client builds a new `redis.Redis` for every cache call, and each one
sets up a table of a few hundred response callbacks: about half a millisecond,
which is most of what serving a cached page costs. A client on a shared pool
is thread-safe, so each pool gets one, made on first use.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
