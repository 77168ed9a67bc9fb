"""
Passkeys (staff/passkeys.py), through the endpoints the sign-in and enrolment pages' scripts
call, answered by a software authenticator: registering needs the invitation (or a session
already verified), a passkey signs in on its own, and an assertion made for another origin,
as a look-alike site would obtain, is refused.
"""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from appointments.models import AuditEntry
from staff.invitations import invite
from staff.models import EnrolmentInvitation
from tests.factories import StaffFactory, UserFactory
from tests.security.conftest import current_code, follow_invitation, sign_in
from tests.security.soft_authenticator import SoftAuthenticator

pytestmark = pytest.mark.django_db

ORIGIN = "https://staff.clinic.example"
RP_ID = "staff.clinic.example"
LOOK_ALIKE = "https://staff.clinic-example.com"
ADMIN = "/admin/"


@pytest.fixture(autouse=True)
def relying_party(settings):
    settings.OTP_WEBAUTHN_RP_ID = RP_ID
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [ORIGIN]


def post_json(client, name: str, data: dict | None = None):
    return client.post(reverse(f"otp_webauthn:{name}"), json.dumps(data or {}), "application/json")


def register(client, authenticator: SoftAuthenticator, origin: str | None = None):
    begin = post_json(client, "credential-registration-begin")
    if begin.status_code != HTTPStatus.OK:
        return begin
    answer = authenticator.register(begin.json(), origin)
    return post_json(client, "credential-registration-complete", answer)


def passkey_sign_in(client, authenticator: SoftAuthenticator, origin: str | None = None):
    begin = post_json(client, "credential-authentication-begin")
    assert begin.status_code == HTTPStatus.OK
    answer = authenticator.sign_in(begin.json(), origin)
    return post_json(client, "credential-authentication-complete", answer)


def enrolled_with_passkey(client, user) -> SoftAuthenticator:
    authenticator = SoftAuthenticator(ORIGIN, RP_ID)
    follow_invitation(client, user)
    assert register(client, authenticator).status_code == HTTPStatus.OK
    client.logout()
    return authenticator


def assert_password_alone_cannot_register(client, user) -> None:
    sign_in(client, user.get_username())
    assert "_auth_user_id" in client.session  # signed in, not verified
    begin = post_json(client, "credential-registration-begin")
    assert begin.status_code == HTTPStatus.FORBIDDEN
    assert begin.json()["code"] == "invitation_required"
    # Straight to the second step, with a well-formed answer: refused the same way.
    answer = SoftAuthenticator(ORIGIN, RP_ID).register(
        {"user": {"id": "dXNlcg"}, "challenge": "Y2hhbGxlbmdl"}
    )
    complete = post_json(client, "credential-registration-complete", answer)
    assert complete.status_code == HTTPStatus.FORBIDDEN
    assert not WebAuthnCredential.objects.filter(user=user).exists()
    assert client.get(ADMIN).status_code == HTTPStatus.FOUND


def test_a_new_account_cannot_register_a_passkey_with_its_password_alone(client):
    assert_password_alone_cannot_register(client, UserFactory(username="newhire"))


def test_an_account_whose_device_was_removed_cannot_register_one_either(client):
    user = UserFactory(username="lostphone")
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    invite(user, remove_devices=True)  # the link went to the staff member, not to us
    assert_password_alone_cannot_register(client, user)


def test_the_invitation_registers_a_passkey_once_and_verifies_the_session(
    client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    user = StaffFactory(role="Front desk", username="newhire")
    follow_invitation(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, SoftAuthenticator(ORIGIN, RP_ID))
    assert response.status_code == HTTPStatus.OK
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1
    assert EnrolmentInvitation.objects.get(user=user).used_at is not None
    assert AuditEntry.objects.filter(user=user, action=AuditEntry.Action.ENROLLED).exists()
    assert "a passkey" in mailoutbox[0].body
    assert client.get(ADMIN).status_code == HTTPStatus.OK

    # The page then asks for the first recovery codes: made, shown once, not "renewed".
    codes = client.post(reverse("admin:recovery_codes"))
    assert codes.status_code == HTTPStatus.OK
    assert StaticDevice.objects.get(user=user).token_set.count() == 10
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.RENEWED_RECOVERY_CODES).exists()

    # The invitation is used up: a second passkey needs a verified session, not the link.
    client.logout()
    sign_in(client, "newhire")
    second = register(client, SoftAuthenticator(ORIGIN, RP_ID))
    assert second.status_code == HTTPStatus.FORBIDDEN
    assert WebAuthnCredential.objects.filter(user=user).count() == 1


def test_a_verified_session_can_add_a_passkey_without_an_invitation(
    client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    user = StaffFactory(role="Front desk", username="frontdesk")
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    sign_in(client, "frontdesk", code=current_code(device))
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, SoftAuthenticator(ORIGIN, RP_ID))
    assert response.status_code == HTTPStatus.OK
    # Audited and emailed like a first one, so a passkey added behind its owner's back shows.
    assert AuditEntry.objects.filter(user=user, action=AuditEntry.Action.ENROLLED).exists()
    assert [message.to for message in mailoutbox] == [[user.email]]
    assert "a passkey" in mailoutbox[0].body


def test_a_passkey_signs_in_without_a_password(client):
    user = StaffFactory(role="Front desk", username="newhire")
    authenticator = enrolled_with_passkey(client, user)
    response = passkey_sign_in(client, authenticator)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["redirect_url"] == ADMIN
    assert client.get(ADMIN).status_code == HTTPStatus.OK


def test_an_assertion_made_for_another_origin_is_refused(client):
    user = StaffFactory(role="Front desk", username="newhire")
    authenticator = enrolled_with_passkey(client, user)
    phished = passkey_sign_in(client, authenticator, origin=LOOK_ALIKE)
    assert phished.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == HTTPStatus.FOUND
    # The same key, on the clinic's own origin, works: the origin was the only difference.
    assert passkey_sign_in(client, authenticator).status_code == HTTPStatus.OK


def test_a_passkey_made_on_another_origin_is_not_registered(client):
    user = StaffFactory(role="Front desk", username="newhire")
    follow_invitation(client, user)
    response = register(client, SoftAuthenticator(ORIGIN, RP_ID), origin=LOOK_ALIKE)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert not WebAuthnCredential.objects.exists()


def test_a_deactivated_account_cannot_sign_in_with_its_passkey(client):
    user = StaffFactory(role="Front desk", username="leaver")
    authenticator = enrolled_with_passkey(client, user)
    user.is_active = False
    user.save()
    assert passkey_sign_in(client, authenticator).status_code == HTTPStatus.FORBIDDEN
    assert client.get(ADMIN).status_code == HTTPStatus.FOUND


def test_a_passkey_only_account_is_told_to_use_it_at_the_password_form(client):
    user = StaffFactory(role="Front desk", username="newhire")
    enrolled_with_passkey(client, user)
    response = sign_in(client, "newhire")
    assert response.status_code == HTTPStatus.OK
    assert "Use a passkey" in response.text
    assert "sign in with your passkey" in response.text
    assert client.get(ADMIN).status_code == HTTPStatus.FOUND


def test_a_new_invitation_after_a_lost_device_removes_the_passkey(client):
    user = StaffFactory(role="Front desk", username="lostlaptop")
    authenticator = enrolled_with_passkey(client, user)
    invite(user, remove_devices=True)
    assert not WebAuthnCredential.objects.filter(user=user).exists()
    assert passkey_sign_in(client, authenticator).status_code == HTTPStatus.NOT_FOUND
    assert client.get(ADMIN).status_code == HTTPStatus.FOUND
