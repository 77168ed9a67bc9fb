"""
Whole public pages, kept in the cache and served before most of the middleware runs.

A public page is the same for every visitor without cookies, so once rendered it can be
stored as bytes and handed out again at little more than the cost of a cache lookup;
this is what lets one app server keep up with its own static files. Only anonymous GET
requests without cookies or a query string are served from here, and only responses that
said `Cache-Control: public` and set no cookie are stored. The security headers are added
by middleware outside this one, so a stored page gets them fresh on every response.

Each page is stored with a brotli copy made once, at a quality too slow to spend on every
response: a browser that accepts brotli gets it (about an eighth smaller than the gzip that
GZipMiddleware makes for the rest), so a page and all it loads fit in TCP's first round
trip, and a stored page costs no compression at all. Public pages hold no secret (no
cookie, no CSRF token), so the unpadded brotli copy gives a BREACH attack nothing to read.

Saving a page or the clinic profile calls `content.caching.forget_public_pages()`, which
moves every stored page to a new generation at once; old entries simply expire.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import brotli
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

from content.caching import public_page_key, store_public_page, stored_public_page

# About 12 ms for a long page, once per page per generation; 11 would double that for 2%.
BROTLI_QUALITY = 10
ACCEPTS_BROTLI = re.compile(r"\bbr\b")


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    brotli_content: bytes

    @classmethod
    def of(cls, response: HttpResponse) -> "StoredResponse":
        return cls(
            response.status_code,
            tuple(response.headers.items()),
            response.content,
            brotli.compress(response.content, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY),
        )

    def as_response(self, request: HttpRequest) -> HttpResponse:
        use_brotli = bool(ACCEPTS_BROTLI.search(request.headers.get("accept-encoding", "")))
        response = HttpResponse(self.brotli_content if use_brotli else self.content, self.status)
        for name, value in self.headers:
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(response.content))
        patch_vary_headers(response, ["Accept-Encoding"])
        if use_brotli:
            # GZipMiddleware leaves an encoded response alone. The bytes differ from the
            # plain page's, so a strong validator becomes weak, as GZipMiddleware does.
            response.headers["Content-Encoding"] = "br"
            if response.get("ETag", "").startswith('"'):
                response.headers["ETag"] = "W/" + response["ETag"]
        return response


def _storage_key(request: HttpRequest) -> str:
    # Hashed: a path can hold characters or a length that cache backends refuse in keys.
    address = hashlib.sha256(f"{request.get_host()}{request.path}".encode()).hexdigest()
    return public_page_key(address)


def _is_anonymous_page_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.headers.get("cookie")
        and not request.META.get("QUERY_STRING")
        and not request.path.startswith("/" + settings.ADMIN_URL)
    )


def _is_public_page(response: HttpResponse) -> bool:
    return (
        response.status_code == HTTPStatus.OK
        and not response.streaming
        and not response.cookies
        and "public" in response.get("Cache-Control", "")
    )


# How many addresses whose answer could not be stored this process remembers (below).
NOT_STORED_REMEMBERED = 256


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        # Addresses whose last answer here could not be stored: the request form above all,
        # which every copy renders afresh with its own tokens, and 404s. Looking them up
        # would only ever miss, at a cache round trip each, so they go straight to the view.
        # Each answer is still checked: one that has become a public page drops out of this
        # set and is stored on the next visit. Keys only (digests of host and path).
        self.not_stored: set[str] = set()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_anonymous_page_request(request):
            return self.get_response(request)
        key = _storage_key(request)
        if key in self.not_stored:
            response = self.get_response(request)
            if _is_public_page(response):
                self.not_stored.discard(key)
            return response
        generation, stored = stored_public_page(key)
        if stored is not None:
            response = stored.as_response(request)
            return (
                get_conditional_response(request, etag=response.get("ETag"), response=response)
                or response
            )
        response = self.get_response(request)
        if not _is_public_page(response):
            if len(self.not_stored) >= NOT_STORED_REMEMBERED:
                self.not_stored.clear()
            self.not_stored.add(key)
            return response
        stored = StoredResponse.of(response)
        store_public_page(key, generation, stored)
        # The first visitor gets what every later one will.
        return stored.as_response(request)
