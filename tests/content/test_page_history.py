"""Staff can see earlier versions of a page and restore one."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content.models import Page
from tests.content.test_admin_page_editing import change_form_data, sign_off
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_an_earlier_version_can_be_restored_and_shows_on_the_site(superuser_client, client):
    page = PageFactory(slug="faq", body="The first answer.")
    superuser_client.post(
        reverse("admin:content_page_change", args=[page.pk]),
        change_form_data(page, body_en="A worse answer."),
    )
    sign_off(page)
    assert "A worse answer." in client.get("/faq/").content.decode()

    history_url = reverse("admin:content_page_history", args=[page.pk])
    history_html = superuser_client.get(history_url).content.decode()
    first_version = page.history.earliest()
    assert f"/history/{first_version.history_id}/" in history_html

    restore_url = reverse(
        "admin:content_page_simple_history", args=[page.pk, first_version.history_id]
    )
    # The restore page is the change form filled with the old version; saving it restores.
    assert "The first answer." in superuser_client.get(restore_url).content.decode()
    response = superuser_client.post(
        restore_url, change_form_data(Page.objects.get(pk=page.pk), body_en="The first answer.")
    )

    assert response.status_code == HTTPStatus.FOUND
    # Restoring makes a draft, like any edit, and the old text is back once it is signed off.
    assert Page.objects.get(pk=page.pk).body == "A worse answer."
    sign_off(page)
    assert Page.objects.get(pk=page.pk).body == "The first answer."
    assert "The first answer." in client.get("/faq/").content.decode()
    assert page.history.count() == 3
