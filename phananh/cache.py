"""Django's Redis cache, with one client per connection pool, failing open.

Django's client builds a new `redis.Redis` for every cache call, and each one
sets up a table of a few hundred response callbacks: about half a millisecond,
which is most of what serving a cached page costs. A client on a shared pool
is thread-safe, so each pool gets one, made on first use.

The cache only ever holds copies, so while Redis cannot be reached every read
is a miss and every write is skipped: pages are built from the database and
nothing a citizen sends fails for it. Counting is the exception: `incr` raises
CacheUnavailable, so rate limits (phananh.ratelimit) can refuse instead of
letting everything through.
"""

import copy
import functools
import logging
import time

from django.core.cache import caches
from django.core.cache.backends import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


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


logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WARN_EVERY = 10  # seconds between two warnings of one process while Redis is away


class CacheUnavailable(Exception):
    """Redis could not be reached, so a count could not be kept."""


_last_warning = {"at": float("-inf")}  # this process's log only


def _warn(error) -> None:
    now = time.monotonic()
    if now - _last_warning["at"] >= WARN_EVERY:
        _last_warning["at"] = now
        logger.warning("Cache unreachable, serving without it: %s", error)


def _failing_open(method, answer=None):
    """`method`, answering (a copy of) `answer` when Redis cannot be reached."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _warn(error)
            return copy.copy(answer)

    return wrapper


def _uncounted(method):
    """`method`, raising CacheUnavailable when Redis cannot be reached."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _warn(error)
            raise CacheUnavailable(str(error)) from error

    return wrapper


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def reachable(self) -> bool:
        """Whether Redis answers now (the readiness check)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except UNREACHABLE:
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            _warn(error)
            return default

    get_many = _failing_open(redis.RedisCache.get_many, {})
    has_key = _failing_open(redis.RedisCache.has_key, False)
    add = _failing_open(redis.RedisCache.add, False)
    set = _failing_open(redis.RedisCache.set)
    set_many = _failing_open(redis.RedisCache.set_many, [])
    touch = _failing_open(redis.RedisCache.touch, False)
    delete = _failing_open(redis.RedisCache.delete, False)
    delete_many = _failing_open(redis.RedisCache.delete_many)
    clear = _failing_open(redis.RedisCache.clear, False)
    incr = _uncounted(redis.RedisCache.incr)  # decr calls incr


def redis_reachable() -> bool:
    """Whether the cache's Redis answers now; True for a cache in the process."""
    backend = caches["default"]
    return backend.reachable() if isinstance(backend, RedisCache) else True
