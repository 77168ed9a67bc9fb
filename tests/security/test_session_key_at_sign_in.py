"""Signing in gives the browser a new session key, so a planted session is worthless."""

from http import HTTPStatus

import pytest
from django.contrib.sessions.models import Session

from tests.security.conftest import current_code, sign_in

pytestmark = pytest.mark.django_db


def test_signing_in_replaces_the_session_key(client, staff_member, authenticator):
    # A session that exists before sign-in, as one an attacker could plant.
    session = client.session
    session["visited"] = True
    session.save()
    key_before = client.cookies["sessionid"].value

    response = sign_in(client, "frontdesk", code=current_code(authenticator))

    assert response.status_code == HTTPStatus.FOUND
    key_after = client.cookies["sessionid"].value
    assert key_after != key_before
    assert not Session.objects.filter(session_key=key_before).exists()


def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(
    client, staff_member, authenticator
):
    response = sign_in(client, "frontdesk", code=current_code(authenticator))
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    csrf_cookie = client.get("/admin/login/").cookies.get("csrftoken") or client.cookies.get(
        "csrftoken"
    )
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["httponly"] is True
    assert csrf_cookie["samesite"] == "Strict"
