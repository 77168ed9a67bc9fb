"""
Django's Redis cache, made to degrade instead of fail.

Everything this site keeps in the cache can be rebuilt from the database: stored pages,
the menu, the clinic's details, rate-limit counts. So when Redis stops answering, a cache
call should cost at most one socket timeout, never raise into a page, and not leave every
page to be rebuilt from the database on every request either. `ResilientRedisCache` is
Django's own `RedisCache` with these additions:

- While Redis is unreachable, calls go to a small cache in this process's memory instead,
  whose entries live at most `FALLBACK_SECONDS`: pages stay fast, and a page saved on
  another server shows here within that time. `incr` is the exception: it answers None,
  which a working cache never does, so that a counter (the rate limit) knows its count is
  no longer shared and can decide for itself what to do.
- After a failure Redis is skipped for `RETRY_AFTER` seconds (a circuit breaker, per
  process), so a Redis that hangs costs one worker one socket timeout per interval instead
  of a timeout for every cache call of every page.
- When Redis answers again, the keys written or deleted while it was away are deleted
  there first (Redis may still hold their old values, an edited page's, say, and deleting
  an entry is always safe for a cache), and the in-process copy is dropped.

One log line marks the start of an outage and one its end, with the error's class only.

It also keeps one redis-py client per connection pool (ReusedClientRedisCacheClient), where
Django makes a new one for every cache call.
"""

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Connection refused or reset, a timeout, a server answering with an error: anything the
# client library or the socket below it raises while the server is unwell.
CACHE_OUTAGE_ERRORS = (RedisError, OSError)
# Bounds the keys remembered for deletion on recovery. Past it, the rest of what Redis
# holds expires on its own: every entry this site stores has an expiry except the clinic's
# details and the page generation, which are written again by the first save after it.
MAX_KEYS_TO_FORGET = 1000
# The methods that change what is stored, and so leave Redis's copy out of date.
WRITES = {"add", "set", "set_many", "touch", "delete", "delete_many", "incr"}


def _falls_back_when_unreachable(method):
    """Run the Redis call; while Redis is unreachable, the in-process cache answers."""
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if not self.is_skipping():
            try:
                if self._outage_started:
                    # The first call after the interval: clear what may be stale in Redis
                    # before anything is read from it.
                    self._recover()
                return method(self, *args, **kwargs)
            except CACHE_OUTAGE_ERRORS as error:
                self._start_skipping(error)
        if name in WRITES:
            self._remember_keys(name, args)
        return getattr(self, f"_fallback_{name}", getattr(self._fallback, name))(*args, **kwargs)

    return wrapper


class ReusedClientRedisCacheClient(RedisCacheClient):
    """
    Django's Redis client, with one redis.Redis object per connection pool. Django builds a
    new one for every cache call, and redis-py builds its table of some 170 response
    callbacks in each: more than the round trip itself on this machine (a cache read took
    277 us against 122 us for redis-py's own get; docs/performance.md). The object holds no
    connection (the pool does, and renews its connections after a fork) and is safe to
    share between threads, so one per pool is how redis-py means it to be used.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        # Django's own private helpers, which its stubs leave out.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 10))
        self.fallback_seconds = float(options.pop("FALLBACK_SECONDS", 30))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        self._fallback = LocMemCache(
            f"while-redis-is-away-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 1000}}
        )
        self._skip_until = 0.0
        self._outage_started = 0.0
        self._keys_to_forget: set[str] = set()

    # --- the circuit breaker ----------------------------------------------------------

    def is_skipping(self) -> bool:
        return time.monotonic() < self._skip_until

    def ping(self) -> bool:
        """Whether Redis answers now (for health checks: ignores the retry interval)."""
        try:
            if self._outage_started:
                self._recover()
            else:
                self._cache.get_client().ping()
        except CACHE_OUTAGE_ERRORS as error:
            self._start_skipping(error)
            return False
        return True

    def _start_skipping(self, error: BaseException) -> None:
        now = time.monotonic()
        if not self._outage_started:
            self._outage_started = now
            logger.error(
                "Cache unreachable (%s): serving from each process's memory, retrying every %ss",
                type(error).__name__,
                self.retry_after,
            )
        self._skip_until = now + self.retry_after

    def _recover(self) -> None:
        """Delete in Redis what changed while it was away; raises if it is still away."""
        stale = list(self._keys_to_forget)
        if stale:
            super().delete_many(stale)
        else:
            self._cache.get_client().ping()
        self._keys_to_forget.clear()
        self._fallback.clear()
        logger.warning(
            "Cache reachable again after about %ss; %s stale key(s) deleted",
            round(time.monotonic() - self._outage_started),
            len(stale),
        )
        self._outage_started = 0.0

    def _remember_keys(self, name: str, args: tuple) -> None:
        if not args:
            return
        keys = args[0] if name in ("set_many", "delete_many") else [args[0]]
        for key in keys:
            if len(self._keys_to_forget) >= MAX_KEYS_TO_FORGET:
                return
            self._keys_to_forget.add(key)

    # --- the in-process cache's answers where they differ from LocMemCache's ------------

    def _fallback_timeout(self, timeout) -> float:
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self.fallback_seconds
        return min(timeout, self.fallback_seconds)

    def _fallback_set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fallback.set(key, value, self._fallback_timeout(timeout), version)

    def _fallback_add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fallback.add(key, value, self._fallback_timeout(timeout), version)

    def _fallback_touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fallback.touch(key, self._fallback_timeout(timeout), version)

    def _fallback_set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fallback.set_many(data, self._fallback_timeout(timeout), version)

    def _fallback_incr(self, *args, **kwargs):
        # A count kept here would be this process's alone; the caller must know.
        return None

    # --- Django's cache API -----------------------------------------------------------
    # Keys are remembered as the caller gave them; delete_many makes them again.

    get = _falls_back_when_unreachable(RedisCache.get)
    get_many = _falls_back_when_unreachable(RedisCache.get_many)
    has_key = _falls_back_when_unreachable(RedisCache.has_key)
    add = _falls_back_when_unreachable(RedisCache.add)
    set = _falls_back_when_unreachable(RedisCache.set)
    set_many = _falls_back_when_unreachable(RedisCache.set_many)
    touch = _falls_back_when_unreachable(RedisCache.touch)
    delete = _falls_back_when_unreachable(RedisCache.delete)
    delete_many = _falls_back_when_unreachable(RedisCache.delete_many)
    incr = _falls_back_when_unreachable(RedisCache.incr)
    clear = _falls_back_when_unreachable(RedisCache.clear)
