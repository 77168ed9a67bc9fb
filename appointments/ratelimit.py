"""A per-client limit on form posts, counted in the shared cache."""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest

# Used only while the shared cache is unreachable.
logger = logging.getLogger(__name__)

per_process_counts = LocMemCache("ratelimit-while-the-cache-is-down", {})


def client_key(address: str) -> str:
    """
    What one client is, for counting: an IPv4 address, or an IPv6 address's /64 network.
    A single IPv6 host usually holds a whole /64 and can post from a new address each time.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def client_ip(request: HttpRequest) -> str:
    """
    The address of the client. Behind TRUSTED_PROXY_COUNT proxies, each appending to
    X-Forwarded-For, it is the Nth entry from the right: anything further left was written
    by the client and could be anything.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        entry.strip()
        for entry in request.headers.get("x-forwarded-for", "").split(",")
        if entry.strip()
    ]
    if (proxies == 0 and forwarded) or len(forwarded) < proxies:
        note_proxy_mismatch(proxies=proxies, entries=len(forwarded))
    if 0 < proxies <= len(forwarded):
        try:
            return str(ipaddress.ip_address(forwarded[-proxies]))
        except ValueError:
            pass
    return remote


def over_limit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count this request against the client's allowance; True once it is used up."""
    # Hashed so the cache holds no addresses.
    digest = hashlib.sha256(client_key(client_ip(request)).encode()).hexdigest()[:32]
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


# Read by the deploy check (clinic/checks.py), which cannot see requests itself. Per
# count, so that correcting TRUSTED_PROXY_COUNT silences the warning at once.
PROXY_MISMATCH_CACHE_KEY = "deploy:proxy-count-mismatch:{proxies}"


def note_proxy_mismatch(*, proxies: int, entries: int) -> None:
    """
    Remember that a request's X-Forwarded-For did not fit TRUSTED_PROXY_COUNT: entries
    with a count of 0 (behind a proxy, every client looks like the proxy and shares one
    limit), or fewer entries than the count (the client's own header would be trusted).
    """
    seen = f"TRUSTED_PROXY_COUNT is {proxies} but a request came with {entries} X-Forwarded-For entries"
    key = PROXY_MISMATCH_CACHE_KEY.format(proxies=proxies)
    if cache.get(key) is None:
        logger.warning("%s", seen)
        cache.set(key, seen, timeout=7 * 24 * 3600)
