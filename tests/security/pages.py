"""The pages the header and third-party tests visit: every public page, and the admin's."""

import io

from django.core.management import call_command
from django.urls import reverse

CONTENT_SLUGS = [
    "crps",
    "ketamine-infusions",
    "treatments",
    "faq",
    "about",
    "contact",
    "privacy",
    "accessibility",
]


def public_paths() -> list[str]:
    patient_pages = [
        reverse("content:home"),
        *(reverse("content:page", args=[slug]) for slug in CONTENT_SLUGS),
        reverse("appointments:request"),
    ]
    return [
        *patient_pages,
        # The same pages in Spanish.
        *("/es" + path for path in patient_pages),
        reverse("sitemap"),
        reverse("robots"),
        reverse("healthz"),
        # A page that does not exist gets the site's 404 page, with the same headers.
        "/no-such-page/",
    ]


STAFF_PATHS = [
    "/admin/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/appointments/appointmentrequest/",
    "/admin/otp_totp/totpdevice/",
    "/admin/axes/accessattempt/",
    "/admin/password_change/",
]


def load_site_content() -> None:
    call_command("load_site_content", stdout=io.StringIO())
