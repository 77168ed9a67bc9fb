"""Public pages are cheap to serve: few queries, none once cached, no cookies, cacheable."""

from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone

from content.caching import CLINIC_DETAILS_SECONDS, details_key_for
from content.clinic_details import ClinicDetails
from content.models import ClinicProfile, Page
from content.profile import fallback_clinic_profile, get_clinic_profile

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


def test_details_changed_behind_the_models_back_show_once_the_cached_copy_expires():
    # A migration's update() sends no signal: only the timeout brings the change in.
    assert get_clinic_profile().phone != "+15705550177"
    ClinicProfile.objects.update(phone="+15705550177")
    assert get_clinic_profile().phone != "+15705550177"
    later = timezone.now() + timedelta(seconds=CLINIC_DETAILS_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert get_clinic_profile().phone == "+15705550177"


def test_during_a_database_outage_pages_and_error_pages_keep_the_last_known_details():
    profile = ClinicProfile.load()
    profile.phone = "+15705550188"
    profile.save()
    later = timezone.now() + timedelta(seconds=CLINIC_DETAILS_SECONDS + 1)
    with (
        time_machine.travel(later, tick=False),
        mock.patch.object(ClinicProfile, "load", side_effect=OperationalError("down")),
    ):
        assert get_clinic_profile().phone == "+15705550188"
        assert fallback_clinic_profile().phone == "+15705550188"


def test_a_change_to_what_the_details_hold_uses_a_new_cache_key():
    @dataclass(frozen=True)
    class WiderDetails(ClinicDetails):
        fax: str = ""

    assert details_key_for(WiderDetails) != details_key_for(ClinicDetails)
