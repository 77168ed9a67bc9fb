"""Staff reach the admin only with a password and a code from their authenticator app."""

from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from tests.conftest import sign_in_with_second_factor
from tests.security.conftest import current_code, sign_in

pytestmark = pytest.mark.django_db

NOON = "2026-03-02 12:00:00+00:00"


def lands_on_sign_in(response) -> bool:
    return response.status_code == HTTPStatus.FOUND and urlsplit(
        response["Location"]
    ).path == reverse("admin:login")


def test_it_asks_for_the_authenticator_code_on_the_sign_in_page(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == HTTPStatus.OK
    assert 'name="otp_token"' in response.text
    assert 'autocomplete="one-time-code"' in response.text


def test_password_alone_does_not_open_the_admin_for_an_enrolled_account(client, staff_member):
    response = sign_in(client, "frontdesk")
    assert response.status_code == HTTPStatus.OK
    assert "Enter the 6-digit code from your authenticator app." in response.text
    assert lands_on_sign_in(client.get(reverse("admin:index")))


def test_a_wrong_code_is_refused(client, staff_member, authenticator):
    wrong = f"{(int(current_code(authenticator)) + 1) % 1_000_000:06d}"
    response = sign_in(client, "frontdesk", code=wrong)
    assert response.status_code == HTTPStatus.OK
    assert "That code did not work." in response.text
    assert lands_on_sign_in(client.get(reverse("admin:index")))


def test_password_and_current_code_open_the_admin(client, staff_member, authenticator):
    response = sign_in(client, "frontdesk", code=current_code(authenticator))
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK
    assert client.session[DEVICE_ID_SESSION_KEY] == authenticator.persistent_id


def test_a_code_typed_with_a_space_as_the_app_shows_it_works(client, staff_member, authenticator):
    code = current_code(authenticator)
    sign_in(client, "frontdesk", code=f"{code[:3]} {code[3:]}")
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_a_code_works_only_once(client, staff_member, authenticator):
    with time_machine.travel(NOON, tick=False):
        code = current_code(authenticator)
        sign_in(client, "frontdesk", code=code)
        assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK

        # Someone who saw the code over the shoulder tries it in the same 30 seconds.
        other = Client()
        response = sign_in(other, "frontdesk", code=code)
        assert "That code did not work." in response.text
        assert lands_on_sign_in(other.get(reverse("admin:index")))

    with time_machine.travel("2026-03-02 12:01:00+00:00", tick=False):
        sign_in(other, "frontdesk", code=current_code(authenticator))
        assert other.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_a_signed_in_but_unverified_session_sees_no_admin_page(client, staff_member):
    # As if the password step had succeeded and nothing else.
    client.force_login(staff_member)
    for url in (
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:appointments_appointmentrequest_changelist"),
    ):
        assert lands_on_sign_in(client.get(url)), url


def test_the_shared_test_helper_counts_as_fully_verified(client, staff_member):
    sign_in_with_second_factor(client, staff_member)
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_a_non_staff_account_cannot_sign_in_even_with_a_code(client, staff_member, authenticator):
    staff_member.is_staff = False
    staff_member.save()
    sign_in(client, "frontdesk", code=current_code(authenticator))
    assert lands_on_sign_in(client.get(reverse("admin:index")))
