"""
Django's Redis cache, made to degrade instead of fail.

Everything this site keeps in the cache can be rebuilt from the database: stored pages,
the menu, the clinic's details, rate-limit counts. So when Redis stops answering, a cache
call should cost at most one socket timeout and then behave like a miss, never raise into
a page. `ResilientRedisCache` is Django's own `RedisCache` with three additions:

- Redis errors become the "nothing there" answer of each method (a miss for `get`, False
  for `add` and `delete`, None for `incr`, which a working cache never returns), so
  no call site needs its own try/except. Callers that must know, such as the rate limit,
  check `incr`'s None.
- After a failure the cache is skipped for `RETRY_AFTER` seconds (a circuit breaker, per
  process), so a Redis that hangs costs one worker one timeout per interval instead of a
  timeout for every cache call of every page.
- Keys it could not write or delete while Redis was away are deleted once Redis answers
  again: Redis may still hold their old values (an edited page's, say), and deleting an
  entry is always safe for a cache.

One log line marks the start of an outage and one its end, with the error's class only.
"""

import functools
import logging
import time
from collections.abc import Callable, Iterable

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Connection refused or reset, a timeout, a server answering with an error: anything the
# client library or the socket below it raises while the server is unwell.
CACHE_OUTAGE_ERRORS = (RedisError, OSError)
# Bounds the keys remembered for deletion on recovery; an outage long enough to fill it
# leaves the rest to expire on their own (every entry this site stores has an expiry,
# except the two small ones it writes first: the clinic's details and the page generation).
MAX_KEYS_TO_FORGET = 1000


def _answer_when_unreachable(answer: Callable[..., object], *, writes: bool = True):
    """Run the Redis call; while Redis is unreachable, give `answer(*args)` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.is_skipping():
                if writes:
                    self._remember_keys(method.__name__, args)
                return answer(*args, **kwargs)
            try:
                if self._outage_started:
                    # The first call after the interval: clear what may be stale before
                    # anything is read.
                    self._recover()
                return method(self, *args, **kwargs)
            except CACHE_OUTAGE_ERRORS as error:
                self._start_skipping(error)
                if writes:
                    self._remember_keys(method.__name__, args)
                return answer(*args, **kwargs)

        return wrapper

    return decorate


def _default_of_get(key, default=None, *args, **kwargs):
    return default


def _false(*args, **kwargs):
    return False


def _none(*args, **kwargs):
    return None


def _empty_dict(*args, **kwargs):
    return {}


def _all_keys_failed(data, *args, **kwargs):
    # set_many returns the keys it could not store.
    return list(data)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 10))
        super().__init__(server, {**params, "OPTIONS": options})
        self._skip_until = 0.0
        self._outage_started = 0.0
        self._keys_to_forget: set[str] = set()

    # --- the circuit breaker ----------------------------------------------------------

    def is_skipping(self) -> bool:
        return time.monotonic() < self._skip_until

    @property
    def is_reachable(self) -> bool:
        """False while this process treats Redis as down (after a failure, for a while)."""
        return not self.is_skipping()

    def _start_skipping(self, error: BaseException) -> None:
        now = time.monotonic()
        if not self._outage_started:
            self._outage_started = now
            logger.error(
                "Cache unreachable (%s): serving without it, retrying every %ss",
                type(error).__name__,
                self.retry_after,
            )
        self._skip_until = now + self.retry_after

    def _recover(self) -> None:
        """Delete the keys written while Redis was away; raises if it is still away."""
        stale = list(self._keys_to_forget)
        if stale:
            super().delete_many(stale)
        else:
            self._cache.get_client().ping()
        self._keys_to_forget.clear()
        logger.warning(
            "Cache reachable again after about %ss; %s stale key(s) deleted",
            round(time.monotonic() - self._outage_started),
            len(stale),
        )
        self._outage_started = 0.0

    def _remember_keys(self, method_name: str, args: tuple) -> None:
        if not args or method_name == "clear":
            return
        first = args[0]
        keys: Iterable = first if method_name in ("set_many", "delete_many") else [first]
        for key in keys:
            if len(self._keys_to_forget) >= MAX_KEYS_TO_FORGET:
                return
            self._keys_to_forget.add(key)

    # --- Django's cache API -----------------------------------------------------------
    # Keys are remembered unmade (as the caller gave them); delete_many makes them again.

    get = _answer_when_unreachable(_default_of_get, writes=False)(RedisCache.get)
    get_many = _answer_when_unreachable(_empty_dict, writes=False)(RedisCache.get_many)
    has_key = _answer_when_unreachable(_false, writes=False)(RedisCache.has_key)
    add = _answer_when_unreachable(_false)(RedisCache.add)
    set = _answer_when_unreachable(_none)(RedisCache.set)
    set_many = _answer_when_unreachable(_all_keys_failed)(RedisCache.set_many)
    touch = _answer_when_unreachable(_false)(RedisCache.touch)
    delete = _answer_when_unreachable(_false)(RedisCache.delete)
    delete_many = _answer_when_unreachable(_none)(RedisCache.delete_many)
    incr = _answer_when_unreachable(_none)(RedisCache.incr)
    clear = _answer_when_unreachable(_false)(RedisCache.clear)
