"""
Middleware of our own: staff session limits, the Permissions-Policy header, no caching of
admin pages, and the page language taken from the address. Each is a few lines; a package
for any of them would be more code to trust than to read.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "clinic_signed_in_at"
LAST_ACTIVITY_AT = "clinic_last_activity_at"
ACTIVITY_CLOCK_RESOLUTION = 60  # seconds

# Everything a browser could hand to a page that we never use. A page that needs one later
# has to change this list on purpose. Passkeys (staff sign-in, staff/passkeys.py) are made
# and used by this origin only, never by a page framed from elsewhere.
PERMISSIONS_POLICY = ", ".join(
    [
        "publickey-credentials-create=(self)",
        "publickey-credentials-get=(self)",
    ]
    + [
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    ]
)


def record_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """Start both session clocks at sign-in (connected to `user_logged_in`)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVITY_AT] = now


class StaffSessionTimeoutMiddleware:
    """
    Sign staff out after `STAFF_SESSION_IDLE_TIMEOUT` without a request, or
    `STAFF_SESSION_MAX_AGE` after they signed in, whichever comes first (automatic logoff,
    HIPAA 164.312(a)(2)(iii)). Only signed-in users have sessions worth ending; patients
    never sign in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            # Sessions that began before this middleware existed start their clocks now.
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_activity_at = session.get(LAST_ACTIVITY_AT, now)
            idle_limit = settings.STAFF_SESSION_IDLE_TIMEOUT.total_seconds()
            age_limit = settings.STAFF_SESSION_MAX_AGE.total_seconds()
            if now - last_activity_at > idle_limit:
                reason = f"after {idle_limit / 60:.0f} minutes without activity"
            elif now - signed_in_at > age_limit:
                reason = f"{age_limit / 3600:.0f} hours after you signed in"
            else:
                reason = ""
            if reason:
                logout(request)
                messages.info(request, f"You were signed out {reason}. Please sign in again.")
                # The path only: a query string can hold a search for a patient's name,
                # and `next=` lands in the sign-in page's logs and the lockout records.
                return redirect_to_login(request.path, reverse("admin:login"))
            # Moving the clock rewrites the session row, a database write and commit; once a
            # minute is precise enough for a 15-minute limit, and spares every other page
            # view that write. The clock can only lag, so staff are signed out up to a
            # minute early, never late.
            if (
                now - last_activity_at >= ACTIVITY_CLOCK_RESOLUTION
                or LAST_ACTIVITY_AT not in session
            ):
                session[LAST_ACTIVITY_AT] = now
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """
    Headers Django's SecurityMiddleware does not send: a Permissions-Policy on every
    response, and `Cache-Control: no-store` on every admin response, so that pages with
    patient data never stay in a shared or back-button cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(self.admin_prefix):
            add_never_cache_headers(response)
        return response


class LanguageFromPathMiddleware(LocaleMiddleware):
    """
    Django's LocaleMiddleware for a site whose language is part of every address: Spanish
    under /es/, English everywhere else (the default language has no prefix, and the admin
    is always English). A browser's Accept-Language header or a cookie never changes what an
    address shows, so unlike Django's own this one does not read them, and does not send
    `Vary: Accept-Language`, which would make nginx and other shared caches keep a copy of
    every English page per browser language for nothing.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = translation.get_language_from_path(request.path_info)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
