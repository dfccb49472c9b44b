"""A Redis cache that degrades to "no cache" when Redis is unreachable.

Wagtail reads its site-root cache on every request and the enrolment limiter counts in the
cache, so with Django's plain ``RedisCache`` a stopped Redis turns every page into a 500.
``DegradingRedisCache`` catches connection errors and timeouts: a read is a miss, a write,
delete or increment does nothing, each logged as a warning. After a failure the backend
does not try Redis again for ``RETRY_AFTER`` seconds (per process), so a Redis that hangs
or is gone costs one connect timeout, not one per cache call.

``OPTIONS`` go to redis-py's connection pool as with ``RedisCache``; production sets short
``socket_connect_timeout`` and ``socket_timeout`` so a hanging Redis is noticed quickly.
"""

import logging
import threading
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# What an unreachable Redis raises (redis-py's errors, and a bare socket error).
OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class CacheUnavailable(Exception):
    """Raised by ``ping()`` for the health endpoint: the cache cannot be reached."""


class DegradingRedisCache(RedisCache):
    """``RedisCache`` whose operations survive a Redis outage (see the module docstring)."""

    RETRY_AFTER = 5.0  # seconds without trying Redis after a failure

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _is_resting(self):
        return time.monotonic() < self._down_until

    def _call(self, operation, fallback, *args, **kwargs):
        if self._is_resting():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            with self._lock:
                first = not self._is_resting()
                self._down_until = time.monotonic() + self.RETRY_AFTER
            if first:  # one warning per outage window, not one per call
                logger.warning(
                    "Cache unavailable (%s: %s); serving without cache for %ss",
                    operation,
                    error,
                    self.RETRY_AFTER,
                )
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # None, not a number: a caller that counts (the enrolment limiter) sees "unknown".
        return self._call("incr", None, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def ping(self):
        """For the health endpoint: raise CacheUnavailable unless Redis answers now (the
        resting window is ignored, so the endpoint notices a recovery at once)."""
        try:
            self._cache.get_client(write=False).ping()
        except OUTAGE_ERRORS as error:
            raise CacheUnavailable(str(error)) from error
        self._down_until = 0.0
