"""A per-client limit on form posts, counted in the shared cache."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest

# Used only while the shared cache is unreachable.
per_process_counts = LocMemCache("ratelimit-while-the-cache-is-down", {})


def client_ip(request: HttpRequest) -> str:
    """
    The address of the client. Behind TRUSTED_PROXY_COUNT proxies, each appending to
    X-Forwarded-For, it is the Nth entry from the right: anything further left was written
    by the client and could be anything.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            entry.strip()
            for entry in request.headers.get("x-forwarded-for", "").split(",")
            if entry.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def over_limit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count this request against the client's allowance; True once it is used up."""
    # Hashed so the cache holds no addresses.
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    count = _count_in(cache, key, window)
    if count is None:
        # The shared cache is unreachable (clinic/cache.py). The form must keep taking
        # requests, but a flood should not pass just because Redis is down: count in this
        # process instead. A client spread over N worker processes gets up to N times the
        # limit until Redis is back; docs/operations.md explains the choice.
        count = _count_in(per_process_counts, key, window)
    return count is not None and count > limit


def _count_in(counter: BaseCache, key: str, window: int) -> int | None:
    """The client's count after this request, or None if `counter` could not be reached."""
    counter.add(key, 0, timeout=window)
    try:
        return counter.incr(key)
    except ValueError:
        # The window expired between add and incr.
        counter.set(key, 1, timeout=window)
        return 1
