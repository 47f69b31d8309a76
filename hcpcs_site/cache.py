"""A Redis cache that fails open: when Redis is down, refusing or hung, reads miss, writes
are dropped, the error is logged, and the site carries on uncached.

The connection's short timeouts (settings: a quarter second) bound one failed call; after a
failure the cache is skipped for ``RETRY_AFTER`` seconds, so a request that would touch the
cache many times does not wait on each.

While Redis is unavailable, reads and writes go to a small memory of the process's own, each
entry kept at most ``RETRY_AFTER`` seconds: what the code caches for a request's many calls
(the code tables, read for every row of an API page) is not read again from the database
on each of them (80 loads of the tables for a page of 40 codes, a second a request), and
another instance's change is seen within those seconds.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger("hcpcs.cache")

RETRY_AFTER = 5.0


class FailOpenRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(
            f"fail-open-{id(self)}", {"TIMEOUT": RETRY_AFTER, "OPTIONS": {"MAX_ENTRIES": 500}}
        )

    def _call(self, name: str, fallback, *args, **kwargs):
        """Redis's answer, or, while it is unavailable, ``fallback()`` (the local memory)."""
        if time.monotonic() < self._down_until:
            return fallback()
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
            return fallback()

    @property
    def available(self) -> bool:
        """False while the cache is being skipped after a failure."""
        return time.monotonic() >= self._down_until

    def get(self, key, default=None, version=None):
        return self._call(
            "get", lambda: self._local.get(key, default, version), key, default, version
        )

    def get_many(self, keys, version=None):
        return self._call("get_many", lambda: self._local.get_many(keys, version), keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: self._local.has_key(key, version), key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "add",
            lambda: self._local.add(key, value, RETRY_AFTER, version),
            key,
            value,
            timeout,
            version,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set",
            lambda: self._local.set(key, value, RETRY_AFTER, version),
            key,
            value,
            timeout,
            version,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set_many",
            lambda: self._local.set_many(data, RETRY_AFTER, version),
            data,
            timeout,
            version,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        self._local.delete(key, version)
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        self._local.delete_many(keys, version)
        return self._call("delete_many", lambda: None, keys, version)

    def clear(self):
        self._local.clear()
        return self._call("clear", lambda: False)

    def ping(self) -> bool:
        """For readiness: one round trip, bypassing the skip window."""
        self._cache.get_client(write=False).ping()
        return True
