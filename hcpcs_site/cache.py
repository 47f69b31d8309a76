"""A Redis cache that fails open: when Redis is down, refusing or hung, reads miss, writes
are dropped, the error is logged, and the site carries on uncached.

The connection's short timeouts (settings: a quarter second) bound one failed call; after a
failure the cache is skipped for ``RETRY_AFTER`` seconds, so a request that would touch the
cache many times does not wait on each.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger("hcpcs.cache")

RETRY_AFTER = 5.0


class FailOpenRedisCache(RedisCache):
    _down_until = 0.0

    def _call(self, name: str, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except (RedisError, OSError) as error:
            self._down_until = time.monotonic() + RETRY_AFTER
            log.warning(
                "cache unavailable, serving uncached for %ss: %s",
                RETRY_AFTER,
                error,
                extra={"cache_operation": name},
            )
            return fallback

    @property
    def available(self) -> bool:
        """False while the cache is being skipped after a failure."""
        return time.monotonic() >= self._down_until

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def ping(self) -> bool:
        """For readiness: one round trip, bypassing the skip window."""
        self._cache.get_client(write=False).ping()
        return True
