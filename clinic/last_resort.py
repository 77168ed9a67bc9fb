"""
The page of last resort: what a patient sees when even the error page cannot be drawn.

It is built from settings alone, without the template engine, the database, the cache or
the translation catalogue, so a broken template, a dead Redis and a dead PostgreSQL at once
still give the clinic's phone number and the emergency numbers, in English and Spanish.
`server_error` falls back to it, and `clinic.wsgi` answers with it if anything escapes
Django altogether, so gunicorn's bare "Internal Server Error" never reaches a patient.
`manage.py write_outage_page` saves a copy with the clinic's current details for nginx to
serve when no app server answers at all (deploy/nginx.conf).
"""

import html
import logging
import sys
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse

from clinic.middleware import PERMISSIONS_POLICY
from content.clinic_details import ClinicDetails, configured_clinic_details

logger = logging.getLogger(__name__)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Sorry, our website has a problem | {name}</title>
</head>
<body>
<main>
<h1>Sorry, our website has a problem right now</h1>
<p>It is not something you did. Please try again in a few minutes.</p>
<p>To request an appointment or ask us something, call {name} on
<a href="{phone_href}"><strong>{phone}</strong></a>.</p>
<p>In an emergency, call 911. If you are thinking about harming yourself, call or text 988,
the 988 Suicide &amp; Crisis Lifeline.</p>
<div lang="es">
<h2>Lo sentimos, nuestro sitio web tiene un problema en este momento</h2>
<p>No es algo que usted hizo. Vuelva a intentarlo en unos minutos.</p>
<p>Para pedir una cita o hacernos una pregunta, llame a {name} al
<a href="{phone_href}"><strong>{phone}</strong></a>.</p>
<p>En una emergencia, llame al 911. Si piensa en hacerse daño, llame al 988 y marque 2,
o envíe la palabra AYUDA por mensaje de texto al 988.</p>
</div>
</main>
</body>
</html>
"""


def last_resort_headers() -> dict[str, str]:
    """The site's security headers, written out, for a response no middleware will see."""
    headers = {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        # Nothing to load: the page has no styles, scripts or images.
        "Content-Security-Policy": (
            "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    if settings.SECURE_HSTS_SECONDS:
        # Browsers ignore this header on plain HTTP, so it is safe to send always.
        headers["Strict-Transport-Security"] = (
            f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains"
            + ("; preload" if settings.SECURE_HSTS_PRELOAD else "")
        )
    return headers


def last_resort_page(clinic: ClinicDetails | None = None) -> bytes:
    """The page, by default with the name and phone number from settings."""
    clinic = clinic or configured_clinic_details()
    return PAGE.format(
        name=html.escape(clinic.name),
        phone=html.escape(clinic.phone_display),
        phone_href=html.escape(clinic.phone_href),
    ).encode()


def last_resort_response(status: HTTPStatus) -> HttpResponse:
    response = HttpResponse(last_resort_page(), status=status)
    for name, value in last_resort_headers().items():
        response[name] = value
    return response


class LastResortApplication:
    """
    Wraps the WSGI application: an exception that escapes Django (its error handling
    failed too) becomes the last-resort page instead of gunicorn's bare one. The log line
    names the exception's class only: its message could quote a patient's answers.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            return self.application(environ, start_response)
        except Exception as error:
            logger.error(
                "Request failed outside Django's error handling (%s)", type(error).__name__
            )
            status = HTTPStatus.INTERNAL_SERVER_ERROR
            body = last_resort_page()
            headers = [*last_resort_headers().items(), ("Content-Length", str(len(body)))]
            start_response(f"{status.value} {status.phrase}", headers, sys.exc_info())
            return [body]
