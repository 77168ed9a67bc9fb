"""
Every cache key the content app uses, and how each cached copy is forgotten.

- The site pages in each language (content/site_pages.py): every published page rendered,
  and the menu. Forgotten when a page, draft or reference changes.
- Whole public responses (content/page_cache.py), each stored with the generation it was
  rendered in; every change moves the generation on, so all of them go stale at once.
- The clinic's details (content/profile.py), on every page; written through when the
  profile or the opening hours change.
- The clinic calendar (content/calendar.py), which days the clinic is open.

A copy is forgotten at once and again after the transaction commits, so that a request that
read the old rows while the change was still open cannot store them again. Every copy also
expires: the timeouts bound how long a change made behind the models' backs (a migration's
update(), the shell) stays unseen. The one exception is the last known copy of the clinic's
details, kept until replaced, because during a database outage it is what lets the error
pages show the clinic's own details.

This module imports no models, so the models can call it from save() and delete().
"""

import hashlib
import secrets
from dataclasses import fields
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from content.clinic_details import ClinicDetails

SITE_PAGES_KEY = "content:site-pages:v3:{language}"
SITE_PAGES_SECONDS = 10 * 60

PUBLIC_PAGES_GENERATION_KEY = "content:public-pages:generation"
PUBLIC_PAGE_KEY = "content:public-page:{address}"
PUBLIC_PAGE_SECONDS = 10 * 60

CALENDAR_KEY = "clinic-calendar:v1"
CALENDAR_SECONDS = 5 * 60


def details_key_for(details_class: type, prefix: str = "clinic-profile") -> str:
    """
    Derived from the fields, so a deployment that changes what is cached never reads a copy
    an older version stored.
    """
    shape = ",".join(f"{item.name}:{item.type}" for item in fields(details_class))
    return f"{prefix}:{hashlib.sha256(shape.encode()).hexdigest()[:12]}"


CLINIC_DETAILS_KEY = details_key_for(ClinicDetails)
LAST_KNOWN_CLINIC_DETAILS_KEY = details_key_for(ClinicDetails, "clinic-profile:last-known")
CLINIC_DETAILS_SECONDS = 10 * 60


def forget_now_and_after_commit(forget) -> None:
    forget()
    transaction.on_commit(forget)


def site_pages_key(language: str) -> str:
    return SITE_PAGES_KEY.format(language=language)


def forget_site_pages() -> None:
    keys = [site_pages_key(code) for code, _ in settings.LANGUAGES]
    forget_now_and_after_commit(lambda: cache.delete_many(keys))
    forget_public_pages()


def public_page_key(address: str) -> str:
    """`address` is a digest of the host and path: keys hold no raw request text."""
    return PUBLIC_PAGE_KEY.format(address=address)


def stored_public_page(key: str) -> tuple[str, Any]:
    """
    The current generation, and the page stored under `key` if it was stored in that
    generation: one round trip to the cache, not one for the generation and one for the page.
    """
    found = cache.get_many([PUBLIC_PAGES_GENERATION_KEY, key])
    generation = found.get(PUBLIC_PAGES_GENERATION_KEY) or _start_new_generation()
    stored_in, page = found.get(key, (None, None))
    return generation, page if stored_in == generation else None


def store_public_page(key: str, generation: str, page: Any) -> None:
    # Stored with the generation read before rendering: if a change moved it on meanwhile,
    # the copy is stale from the start and is never served.
    cache.set(key, (generation, page), PUBLIC_PAGE_SECONDS)


def forget_public_pages() -> None:
    forget_now_and_after_commit(_start_new_generation)


def _start_new_generation() -> str:
    generation = secrets.token_hex(4)
    # A pointer, not a copy: if it were evicted, pages would simply be rendered again.
    cache.set(PUBLIC_PAGES_GENERATION_KEY, generation, timeout=None)
    return generation


def forget_clinic_calendar() -> None:
    forget_now_and_after_commit(lambda: cache.delete(CALENDAR_KEY))


def remember_clinic_details(details: ClinicDetails) -> None:
    cache.set(CLINIC_DETAILS_KEY, details, CLINIC_DETAILS_SECONDS)
    cache.set(LAST_KNOWN_CLINIC_DETAILS_KEY, details, timeout=None)


def cached_clinic_details() -> ClinicDetails | None:
    return cache.get(CLINIC_DETAILS_KEY)


def last_known_clinic_details() -> ClinicDetails | None:
    return cache.get(LAST_KNOWN_CLINIC_DETAILS_KEY)
