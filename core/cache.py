"""A Redis cache that an outage degrades instead of taking the site down.

The cache is an optimisation: whole pages, fragments, counts, open-data files, the
session read-through and the rate limits' timestamps. With Redis unreachable (killed,
a network fault) or refusing writes (out of memory, a read-only replica), Django's
``RedisCache`` raises on every call, and every page and POST answered 500.
``ResilientRedisCache`` answers as a cache that holds nothing instead: a read misses
(returns the default), a write is dropped, ``add`` says it added (``True``), ``incr``
answers ``delta``. The first failure is logged as a warning, then the cache is not
asked again for ``RETRY_AFTER`` seconds (so a dead Redis costs each request nothing,
not a connection attempt per call), and the recovery is logged when it answers again.

What degrades, and how (the README's "When the cache is down" says the same):

- pages and fragments render uncached; sessions (``cached_db``) are read from and
  written to the database;
- rate limits *fail open*: with nothing to count in, every attempt is let through (the
  sign-in lockout, the forms' limits). Failing closed would lock every person out of
  signing in and taking part for the length of an outage, which is a denial of service
  an attacker would only need to knock Redis over to cause; the database constraints
  (one support per person, budgets under a row lock) still hold.
- ``/healthz`` answers 200 with ``"cache": "unavailable"`` (:meth:`is_available`).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger("core.cache")

#: Seconds the cache is left alone after a failure before it is tried again.
RETRY_AFTER = 5.0
#: Connection and socket timeouts (seconds) unless OPTIONS say otherwise: a Redis that
#: hangs must not hold a request for long.
DEFAULT_TIMEOUT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


#: ``INCRBY`` only if the key exists, in one round trip (Django asks ``EXISTS`` first).
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client, cheaper per call where every request pays.

    Django builds a new redis-py client for every cache call, and a client's
    ``__init__`` fills a table of some 170 response callbacks: a third of a millisecond a
    call, with several calls a request. A client is only its pool and that table, and
    redis-py documents it as safe to share between threads, so one is kept per pool.
    ``incr`` (every write request bumps the content versions) is one round trip, not
    two."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._incr_scripts = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        script = self._incr_scripts.get(id(client))
        if script is None:
            script = self._incr_scripts[id(client)] = client.register_script(_INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = {**DEFAULT_TIMEOUT_OPTIONS, **params.get("OPTIONS", {})}
        # One try per call: the breaker below, not redis-py's backoff, handles outages.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._down_until = 0.0
        self._lock = threading.Lock()

    # The state of the connection -------------------------------------------------------

    def _skipping(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        with self._lock:
            was_up = self._down_until == 0.0
            self._down_until = time.monotonic() + RETRY_AFTER
        if was_up:
            logger.warning(
                "Cache unavailable (%s on %s): serving without it, retrying every %ss",
                error.__class__.__name__,
                operation,
                RETRY_AFTER,
            )

    def _answered(self) -> None:
        if self._down_until:
            with self._lock:
                self._down_until = 0.0
            logger.warning("Cache available again")

    def _call(self, operation: str, default, *args, **kwargs):
        if self._skipping():
            return default
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            self._failed(operation, error)
            return default
        self._answered()
        return result

    def is_available(self) -> bool:
        """Ask Redis now (for ``/healthz``): does it answer a read and take a write?"""
        try:
            client = self._cache.get_client(write=True)
            client.ping()
            client.set(self.make_and_validate_key("healthz:probe"), b"1", ex=10)
        except RedisError as error:
            self._failed("healthz", error)
            return False
        self._answered()
        return True

    # Django's cache API ----------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

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
        return self._call("incr", delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
