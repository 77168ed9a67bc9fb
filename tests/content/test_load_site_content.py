"""`manage.py load_site_content` creates the shipped pages once and never overwrites staff edits."""

import pytest
from django.core.management import call_command

from content.models import Page
from tests.content.conftest import SHIPPED_SLUGS

pytestmark = pytest.mark.django_db


def test_it_creates_every_shipped_page_published():
    call_command("load_site_content")
    assert sorted(Page.objects.published().values_list("slug", flat=True)) == sorted(SHIPPED_SLUGS)


def test_running_it_again_changes_nothing():
    call_command("load_site_content")
    before = list(Page.objects.order_by("slug").values())
    call_command("load_site_content")
    assert list(Page.objects.order_by("slug").values()) == before


def test_it_never_overwrites_a_page_staff_have_edited():
    call_command("load_site_content")
    page = Page.objects.get(slug="crps")
    page.body = "Our own words."
    page.published = False
    page.save()

    call_command("load_site_content")

    page.refresh_from_db()
    assert page.body == "Our own words."
    assert page.published is False


def test_it_puts_back_a_page_that_was_deleted():
    call_command("load_site_content")
    Page.objects.filter(slug="faq").delete()
    call_command("load_site_content")
    assert Page.objects.filter(slug="faq").exists()


def test_shipped_pages_leave_the_clinical_reviewer_blank_in_every_language():
    call_command("load_site_content")
    for page in Page.objects.all():
        for code in ("en", "es"):
            assert not page.translated("reviewer_name", code)
            assert not page.translated("reviewer_credentials", code)
