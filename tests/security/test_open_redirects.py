"""After sign-in, `?next=` leads only to a page on this site."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.conftest import current_code, sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "next_url",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "http://evil.example/admin/",
        "https:evil.example",
        "\\\\evil.example",
        " //evil.example",
        "javascript:alert(1)",
    ],
)
def test_sign_in_ignores_a_next_address_on_another_site(staff_member, authenticator, next_url):
    client = Client()
    response = sign_in(client, "frontdesk", code=current_code(authenticator), next=next_url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:index")


def test_sign_in_follows_a_next_address_on_this_site(client, staff_member, authenticator):
    response = sign_in(
        client, "frontdesk", code=current_code(authenticator), next="/admin/auth/user/"
    )
    assert response["Location"] == "/admin/auth/user/"
