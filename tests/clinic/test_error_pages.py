from http import HTTPStatus
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from content.models import ClinicProfile

pytestmark = pytest.mark.urls("tests.clinic.urls_needing_the_database")

DATABASE_DOWN = mock.patch(
    "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
    side_effect=OperationalError("could not connect to server at 10.0.0.5"),
)


@pytest.fixture
def client():
    # Let Django's error handling run, as it does in production, instead of re-raising.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_unknown_page_shows_404_with_the_phone_number(client):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"Page not found" in response.content
    assert b'href="tel:+15705550123"' in response.content


@pytest.mark.django_db(transaction=True)
def test_database_outage_shows_503_page_with_the_last_known_phone_number(client):
    profile = ClinicProfile.load()
    profile.phone = "+15705550188"
    profile.save()
    with DATABASE_DOWN:
        response = client.get("/needs-database/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert b"not available right now" in response.content
    assert b'href="tel:+15705550188"' in response.content
    assert b"10.0.0.5" not in response.content


@pytest.mark.django_db(transaction=True)
def test_database_outage_with_an_empty_cache_falls_back_to_the_configured_phone(client, settings):
    settings.CLINIC_FALLBACK_PHONE = "+15705550177"
    with DATABASE_DOWN:
        response = client.get("/needs-database/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert b'href="tel:+15705550177"' in response.content


@pytest.mark.django_db
def test_unexpected_error_shows_500_page_without_details(client):
    response = client.get("/explodes/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"Sorry, something went wrong" in response.content
    assert b"secret internals" not in response.content
    assert b'href="tel:' in response.content
