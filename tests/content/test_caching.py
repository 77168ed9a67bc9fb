"""Public pages are cheap to serve: few queries, none once cached, no cookies, cacheable."""

from http import HTTPStatus

import pytest
from django.core.cache import cache

from content.models import ClinicProfile, Page

pytestmark = pytest.mark.usefixtures("shipped_site")


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_a_page_makes_at_most_5_queries_uncached_and_none_cached(
    client, django_assert_max_num_queries, django_assert_num_queries, prefix
):
    # Uncached: the pages, their sources, their clinical sign-offs, the clinic's details and
    # its opening hours.
    cache.clear()
    with django_assert_max_num_queries(5):
        assert client.get(prefix + "/crps/").status_code == HTTPStatus.OK
    with django_assert_num_queries(0):
        assert client.get(prefix + "/crps/").status_code == HTTPStatus.OK
    with django_assert_num_queries(0):
        assert client.get(prefix + "/ketamine-infusions/").status_code == HTTPStatus.OK


def test_the_home_page_reads_the_database_when_nothing_is_cached(
    client, django_assert_max_num_queries
):
    cache.clear()
    with django_assert_max_num_queries(5) as queries:
        client.get("/")
    assert len(queries) >= 1


def test_a_page_sets_no_cookie(client):
    response = client.get("/crps/")
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers


def test_a_page_may_be_cached_briefly_and_has_a_validator(client):
    response = client.get("/crps/")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in cache_control
    max_age = next(int(part.split("=")[1]) for part in cache_control if part.startswith("max-age"))
    assert 0 < max_age <= 600
    assert response["ETag"]


def test_a_browser_with_the_current_version_gets_304(client):
    etag = client.get("/crps/")["ETag"]
    response = client.get("/crps/", headers={"If-None-Match": etag})
    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response.content == b""


def test_saving_a_page_clears_the_cached_version_at_once(client):
    client.get("/crps/")
    page = Page.objects.get(slug="crps")
    page.title = "CRPS explained"
    page.save()
    assert "<h1>CRPS explained</h1>" in client.get("/crps/").content.decode()


def test_a_bulk_change_clears_the_cached_version_too(client):
    client.get("/faq/")
    Page.objects.filter(slug="faq").update(published=False)
    assert client.get("/faq/").status_code == HTTPStatus.NOT_FOUND


def test_saving_the_clinic_profile_shows_on_cached_pages_at_once(client):
    client.get("/contact/")
    profile = ClinicProfile.load()
    profile.phone = "+15705550166"
    profile.save()
    html = client.get("/contact/").content.decode()
    assert 'href="tel:+15705550166"' in html
    assert '"telephone": "+15705550166"' in html


def test_the_menu_is_cached_with_the_pages(client, django_assert_num_queries):
    client.get("/about/")
    with django_assert_num_queries(0):
        html = client.get("/contact/").content.decode()
    assert '<a href="/faq/">Questions</a>' in html
