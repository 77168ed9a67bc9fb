"""
A staff member without an authenticator app sets one up right after the password step,
through the invitation link they were given (tests/security/test_enrolment_invitation.py
covers everything without one).
"""

import re
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.conftest import current_code, follow_invitation

pytestmark = pytest.mark.django_db

SETUP_URL = "/admin/two-factor/setup/"


def test_the_password_step_leads_a_new_account_to_setup(client, new_staff_member):
    response = follow_invitation(client, new_staff_member, next="/admin/auth/user/")
    assert response.status_code == HTTPStatus.FOUND
    location = urlsplit(response["Location"])
    assert location.path == reverse("admin:two_factor_setup")
    assert parse_qs(location.query) == {"next": ["/admin/auth/user/"]}


def test_setup_shows_a_qr_code_and_the_key_for_typing(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    response = client.get(reverse("admin:two_factor_setup"))
    assert response.status_code == HTTPStatus.OK
    device = TOTPDevice.objects.get(user=new_staff_member, confirmed=False)
    # Inline SVG: nothing for the Content-Security-Policy to block, no image request.
    assert re.search(r'<svg [^>]*role="img"[^>]*aria-label="QR code', response.text)
    assert "data:image" not in response.text
    typed_key = response.context["secret"].replace(" ", "")
    assert typed_key in device.config_url
    assert typed_key in response.text.replace(" ", "")


def test_reloading_setup_shows_the_same_key(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    first = client.get(reverse("admin:two_factor_setup")).context["secret"]
    second = client.get(reverse("admin:two_factor_setup")).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=new_staff_member).count() == 1


def test_nothing_else_opens_until_setup_is_confirmed(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    response = client.get(reverse("admin:appointments_appointmentrequest_changelist"))
    assert response.status_code == HTTPStatus.FOUND
    # The sign-in page sends the half-signed-in account back to setup.
    assert urlsplit(client.get(response["Location"])["Location"]).path == SETUP_URL


def test_setup_page_lists_no_admin_sections(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    response = client.get(reverse("admin:two_factor_setup"))
    assert "Appointment requests" not in response.text
    assert reverse("admin:auth_user_changelist") not in response.text


def test_a_wrong_code_does_not_confirm_setup(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    client.get(reverse("admin:two_factor_setup"))
    response = client.post(reverse("admin:two_factor_setup"), {"otp_token": "000000x"})
    assert response.status_code == HTTPStatus.OK
    assert "That code did not work" in response.text
    assert not TOTPDevice.objects.filter(user=new_staff_member, confirmed=True).exists()


def test_confirming_with_a_code_opens_the_admin_with_a_new_session_key(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    client.get(reverse("admin:two_factor_setup"))
    device = TOTPDevice.objects.get(user=new_staff_member)
    key_before = client.session.session_key
    response = client.post(
        reverse("admin:two_factor_setup"),
        {"otp_token": current_code(device), "next": "/admin/auth/user/"},
    )
    # The recovery codes come next (tests/security/test_recovery_codes.py), then `next`.
    assert response.status_code == HTTPStatus.OK
    assert response.context["next"] == "/admin/auth/user/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session.session_key != key_before
    assert client.get("/admin/auth/user/").status_code == HTTPStatus.OK


def test_setup_ignores_a_next_address_on_another_site(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    client.get(reverse("admin:two_factor_setup"))
    device = TOTPDevice.objects.get(user=new_staff_member)
    response = client.post(
        reverse("admin:two_factor_setup"),
        {"otp_token": current_code(device), "next": "https://evil.example/"},
    )
    assert response.context["next"] == reverse("admin:index")


def test_a_password_alone_cannot_replace_an_existing_authenticator(client, staff_member):
    client.force_login(staff_member)  # password step only, no code
    response = client.get(reverse("admin:two_factor_setup"))
    assert urlsplit(response["Location"]).path == reverse("admin:login")
    assert TOTPDevice.objects.filter(user=staff_member).count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("admin:two_factor_setup"))
    assert urlsplit(response["Location"]).path == reverse("admin:login")


def test_cancel_signs_out(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    response = client.post(reverse("admin:two_factor_setup"), {"cancel": "1"})
    assert response["Location"] == reverse("admin:login")
    assert "_auth_user_id" not in client.session


def test_with_two_factor_switched_off_for_development_the_password_is_enough(
    settings, new_staff_member
):
    settings.OTP_REQUIRED = False
    client = Client()
    follow_invitation(client, new_staff_member)
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK
