"""Only published pages can be seen, found in the menu or listed in the sitemap."""

from http import HTTPStatus

import pytest

from content.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_an_unpublished_page_is_not_found(client):
    PageFactory(slug="draft", published=False)
    assert client.get("/draft/").status_code == HTTPStatus.NOT_FOUND


def test_an_unknown_page_is_not_found(client):
    assert client.get("/no-such-page/").status_code == HTTPStatus.NOT_FOUND


def test_an_unpublished_page_is_left_out_of_the_menu_and_the_sitemap(client):
    PageFactory(slug="shown", nav_label="Shown page")
    PageFactory(slug="draft", nav_label="Draft page", published=False)

    home = client.get("/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "Shown page" in home
    assert "Draft page" not in home
    assert "/shown/" in sitemap
    assert "/draft/" not in sitemap


def test_published_is_a_queryset_method():
    PageFactory(slug="shown")
    PageFactory(slug="draft", published=False)
    assert list(Page.objects.published().values_list("slug", flat=True)) == ["shown"]


def test_pages_refuse_unsafe_methods(client):
    PageFactory(slug="shown")
    assert client.post("/shown/").status_code == HTTPStatus.METHOD_NOT_ALLOWED
