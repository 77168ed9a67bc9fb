"""Whole public pages are stored and served again without rendering, for anonymous visitors only."""

import re
from http import HTTPStatus
from unittest import mock

import brotli
import pytest
from django.core.cache import caches

from content import views
from content.models import ClinicProfile, Page
from tests.factories import PageFactory

pytestmark = pytest.mark.usefixtures("shipped_site")

NOT_RENDERED_AGAIN = mock.patch(
    "content.views.render_page", side_effect=AssertionError("the page was rendered again")
)


@pytest.mark.parametrize("path", ["/crps/", "/es/crps/"])
def test_a_second_anonymous_visit_is_served_without_rendering_the_page(client, path):
    first = client.get(path)
    with NOT_RENDERED_AGAIN:
        second = client.get(path)
    assert second.status_code == HTTPStatus.OK
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_each_language_keeps_its_own_stored_copy(client):
    client.get("/crps/")
    client.get("/es/crps/")
    with NOT_RENDERED_AGAIN:
        english = client.get("/crps/")
        spanish = client.get("/es/crps/")
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="es">' in spanish.content.decode()
    assert spanish["Content-Language"] == "es"


def test_saving_a_page_replaces_the_stored_copy_in_every_language(client):
    client.get("/es/crps/")
    page = Page.objects.get(slug="crps")
    page.summary_es = "Un resumen recién editado para esta prueba."
    page.save()
    assert "Un resumen recién editado para esta prueba." in client.get("/es/crps/").content.decode()


def test_a_stored_page_still_gets_the_security_headers(client):
    client.get("/crps/")
    with NOT_RENDERED_AGAIN:
        response = client.get("/crps/")
    assert "default-src" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]


def test_a_stored_page_answers_304_to_a_browser_that_has_it(client):
    etag = client.get("/crps/")["ETag"]
    with NOT_RENDERED_AGAIN:
        response = client.get("/crps/", headers={"if-none-match": etag})
    assert response.status_code == HTTPStatus.NOT_MODIFIED


def test_saving_a_page_replaces_the_stored_copy_at_once(client):
    client.get("/crps/")
    page = Page.objects.get(slug="crps")
    page.summary = "A freshly edited summary for this test."
    page.save()
    assert "A freshly edited summary for this test." in client.get("/crps/").content.decode()


def test_saving_the_clinic_profile_replaces_every_stored_page(client):
    client.get("/faq/")
    profile = ClinicProfile.load()
    profile.phone = "+15705550166"
    profile.save()
    assert "(570) 555-0166" in client.get("/faq/").content.decode()


def test_a_visitor_with_cookies_gets_a_freshly_rendered_page(client):
    client.get("/crps/")
    client.cookies["sessionid"] = "someone"
    with mock.patch.object(views, "render_page", wraps=views.render_page) as render:
        client.get("/crps/")
    assert render.call_count == 1


def test_a_query_string_is_never_served_from_or_stored_in_the_page_store(client):
    client.get("/crps/?utm=1")
    with mock.patch.object(views, "render_page", wraps=views.render_page) as render:
        client.get("/crps/?utm=2")
        client.get("/crps/?utm=2")
    assert render.call_count == 2


def test_the_request_form_is_never_stored(client):
    first = client.get("/request-appointment/")
    second = client.get("/request-appointment/")
    assert "no-store" in second["Cache-Control"]
    # Each visit gets its own one-time form token (appointments/blank_form.py).
    assert form_token(first) != form_token(second)


def form_token(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("path", ["/%00/", "/a%20b/", "/" + "x" * 300 + "/"])
def test_odd_addresses_get_a_plain_404_not_a_cache_error(client, path):
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_a_browser_that_accepts_brotli_gets_the_stored_brotli_copy(client):
    plain = client.get("/crps/").content
    first = client.get("/crps/", headers={"accept-encoding": "gzip, deflate, br"})
    second = client.get("/crps/", headers={"accept-encoding": "gzip, deflate, br"})
    for response in (first, second):
        assert response["Content-Encoding"] == "br"
        assert brotli.decompress(response.content) == plain
        assert int(response["Content-Length"]) == len(response.content) < len(plain) / 3
        assert "Accept-Encoding" in response["Vary"]
        assert response["ETag"].startswith('W/"')
    again = client.get("/crps/", headers={"accept-encoding": "br", "if-none-match": second["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED


def test_a_browser_without_brotli_gets_gzip_as_before(client):
    client.get("/crps/")
    response = client.get("/crps/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def cache_reads(client, path: str) -> tuple[list[str], int]:
    """
    The cache keys one visit without cookies reads, and in how many calls: a get_many is one
    round trip to Redis, although the test cache answers it with a get per key.
    """
    client.cookies.clear()
    backend = type(caches["default"])
    original_get, original_get_many = backend.get, backend.get_many
    reads: list[str] = []
    calls = 0
    inside_get_many = False

    def get(self, key, *args, **kwargs):
        nonlocal calls
        if not inside_get_many:
            calls += 1
            reads.append(key)
        return original_get(self, key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        nonlocal calls, inside_get_many
        calls += 1
        reads.extend(keys)
        inside_get_many = True
        try:
            return original_get_many(self, keys, *args, **kwargs)
        finally:
            inside_get_many = False

    with mock.patch.object(backend, "get", get), mock.patch.object(backend, "get_many", get_many):
        assert client.get(path).status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
    return reads, calls


def test_a_stored_page_is_served_after_one_round_trip_to_the_cache(client):
    cache_reads(client, "/crps/")
    keys, round_trips = cache_reads(client, "/crps/")
    assert round_trips == 1
    assert any(key.startswith("content:public-page:") for key in keys)


def test_after_its_first_visit_the_form_skips_the_page_store(client):
    cache_reads(client, "/request-appointment/")
    keys, _ = cache_reads(client, "/request-appointment/")
    assert not any(key.startswith("content:public-page") for key in keys)


def test_an_address_that_was_not_found_is_stored_once_it_becomes_a_page(client):
    assert cache_reads(client, "/new-clinic-hours/")[0]
    PageFactory(slug="new-clinic-hours", published=True)
    client.cookies.clear()
    assert client.get("/new-clinic-hours/").status_code == HTTPStatus.OK
    client.cookies.clear()
    client.get("/new-clinic-hours/")
    client.cookies.clear()
    with NOT_RENDERED_AGAIN:
        assert client.get("/new-clinic-hours/").status_code == HTTPStatus.OK
