"""
Whatever fails, a patient gets a page of the site's own with the phone number, the
emergency numbers and the security headers: never the server's bare error page.

Each dependency fails in turn (the database, the cache, the template of the page asked
for, the error page's own template, and all of them at once), and each answer is checked
for its status, the phone number and the headers.
"""

from http import HTTPStatus
from unittest import mock

import pytest
from django.db import OperationalError
from django.template import TemplateSyntaxError
from django.test import Client

from clinic.last_resort import LastResortApplication
from clinic.settings import cache_from_url
from content.models import ClinicProfile
from content.shipped_content import load_shipped_pages

PHONE_LINK = b'href="tel:+15705550123"'
DATABASE_DOWN = mock.patch(
    "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
    side_effect=OperationalError("could not connect to server at 10.0.0.5"),
)
PAGE_TEMPLATE_BROKEN = mock.patch(
    "content.views.render", side_effect=TemplateSyntaxError("Invalid block tag 'endfi'")
)
ERROR_PAGE_TEMPLATE_BROKEN = mock.patch(
    "clinic.views.render", side_effect=TemplateSyntaxError("Invalid block tag 'endfi'")
)


@pytest.fixture
def client():
    # Let Django's error handling run, as it does in production, instead of re-raising.
    return Client(raise_request_exception=False)


@pytest.fixture
def site(db):
    ClinicProfile.load()
    load_shipped_pages()


@pytest.fixture
def dead_cache(settings, redis_server):
    settings.CACHES = {"default": cache_from_url(redis_server.url)}
    redis_server.kill()


def assert_the_sites_own_page(response, status: HTTPStatus) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert PHONE_LINK.decode() in page
    assert "911" in page
    assert "988" in page
    assert "Traceback" not in page
    assert "endfi" not in page
    assert "10.0.0.5" not in page
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"
    return page


@pytest.mark.django_db(transaction=True)
def test_database_down_gives_the_503_page(site, client):
    with DATABASE_DOWN:
        response = client.get("/crps/")
    page = assert_the_sites_own_page(response, HTTPStatus.SERVICE_UNAVAILABLE)
    assert "not available right now" in page
    assert response["Retry-After"] == "30"


@pytest.mark.django_db(transaction=True)
def test_database_down_gives_the_503_page_instead_of_a_form_that_cannot_be_stored(site, client):
    with DATABASE_DOWN:
        response = client.get("/request-appointment/")
    page = assert_the_sites_own_page(response, HTTPStatus.SERVICE_UNAVAILABLE)
    assert "full_name" not in page


@pytest.mark.django_db
def test_cache_down_still_gives_the_page_itself(site, client, dead_cache):
    response = client.get("/crps/")
    assert response.status_code == HTTPStatus.OK
    assert PHONE_LINK in response.content
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_broken_page_template_gives_the_500_page(site, client):
    with PAGE_TEMPLATE_BROKEN:
        response = client.get("/crps/")
    page = assert_the_sites_own_page(response, HTTPStatus.INTERNAL_SERVER_ERROR)
    assert "Sorry, something went wrong" in page


@pytest.mark.django_db
def test_the_500_page_in_spanish_for_a_spanish_address(site, client):
    with PAGE_TEMPLATE_BROKEN:
        response = client.get("/es/crps/")
    page = assert_the_sites_own_page(response, HTTPStatus.INTERNAL_SERVER_ERROR)
    assert 'lang="es"' in page
    assert "Lo sentimos" in page


@pytest.mark.django_db
def test_a_broken_error_page_template_gives_the_last_resort_page(site, client):
    with PAGE_TEMPLATE_BROKEN, ERROR_PAGE_TEMPLATE_BROKEN:
        response = client.get("/crps/")
    page = assert_the_sites_own_page(response, HTTPStatus.INTERNAL_SERVER_ERROR)
    assert "Sorry, our website has a problem right now" in page
    assert "AYUDA" in page


@pytest.mark.django_db(transaction=True)
def test_everything_down_at_once_still_gives_a_page_with_the_phone_number(
    site, client, dead_cache, settings
):
    settings.CLINIC_FALLBACK_PHONE = "+15705550123"
    with DATABASE_DOWN, PAGE_TEMPLATE_BROKEN, ERROR_PAGE_TEMPLATE_BROKEN:
        response = client.get("/crps/")
    assert_the_sites_own_page(response, HTTPStatus.SERVICE_UNAVAILABLE)
    assert response["Retry-After"] == "30"


def test_an_exception_that_escapes_django_gets_the_last_resort_page(settings):
    settings.CLINIC_FALLBACK_PHONE = "+15705550123"

    def broken_application(environ, start_response):
        raise RuntimeError("secret internals")

    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    body = b"".join(LastResortApplication(broken_application)({}, start_response))

    assert started["status"] == "500 Internal Server Error"
    headers = started["headers"]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Length"] == str(len(body))
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert PHONE_LINK in body
    assert b"secret internals" not in body


def test_the_production_wsgi_application_is_wrapped():
    from clinic.wsgi import application

    assert isinstance(application, LastResortApplication)
