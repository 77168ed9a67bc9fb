"""A page saved on one host is fresh on every app server at once, though all cache pages."""

from http import HTTPStatus

import pytest
from django.db import connection

from content.models import ClinicProfile
from tests.factories import PageFactory
from tests.multiserver.servers import request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def page_text(server, path: str) -> str:
    response = request(server.port, "GET", path)
    assert response.status == HTTPStatus.OK
    return response.body


def test_saving_a_page_replaces_it_on_every_server_at_once(two_servers):
    ClinicProfile.load()
    page = PageFactory(slug="living-with-crps", body="Old words about pacing your day.")
    servers = two_servers
    for server in servers:
        assert "Old words" in page_text(server, "/living-with-crps/")

    # Changed behind the cache's back, in SQL, as a database restore would: both servers keep
    # answering from the shared cache, so what follows shows invalidation at work.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE content_page SET body = %s WHERE id = %s",
            ["Words nobody should see yet.", page.pk],
        )
    for server in servers:
        assert "Old words" in page_text(server, "/living-with-crps/")

    # Saved here, as the admin on any app host saves it.
    page.refresh_from_db()
    page.body = "New words about pacing your day."
    page.save()

    for server in servers:
        text = page_text(server, "/living-with-crps/")
        assert "New words" in text
        assert "Old words" not in text
