"""
Enrolment only by invitation: whoever knows a staff account's password, but not its
one-time invitation link, never gets to set up a second factor or to see patient data.
"""

from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from appointments.models import AuditEntry
from staff.invitations import hash_token, invite
from staff.models import EnrolmentInvitation
from tests.factories import AppointmentRequestFactory, StaffFactory
from tests.security.conftest import PASSWORD, current_code, follow_invitation, sign_in

pytestmark = pytest.mark.django_db

SETUP_URL = "/admin/two-factor/setup/"
REQUESTS = "/admin/appointments/appointmentrequest/"


def assert_password_alone_gets_nowhere(client, user) -> None:
    request = AppointmentRequestFactory()
    signed_in = sign_in(client, user.get_username())
    assert signed_in["Location"] == SETUP_URL
    response = client.get(SETUP_URL)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Ask the practice manager" in response.text
    assert f'action="{SETUP_URL}"' in response.text
    assert client.post(SETUP_URL, {"otp_token": "123456"}).status_code == HTTPStatus.FORBIDDEN
    assert not TOTPDevice.objects.filter(user=user).exists()
    for url in (REQUESTS, f"{REQUESTS}{request.pk}/change/"):
        page = client.get(url)
        assert page.status_code == HTTPStatus.FOUND
        assert request.reference not in page.text
    # The page's own button signs the half-signed-in session out.
    client.post(SETUP_URL, {"cancel": "Sign out"})
    assert "_auth_user_id" not in client.session


def test_a_new_account_cannot_enrol_with_its_password_alone(client):
    user = StaffFactory(role="Front desk", username="newhire")
    invite(user)  # made, but its link never opened in this browser
    assert_password_alone_gets_nowhere(client, user)


def test_an_account_whose_device_was_removed_cannot_enrol_with_its_password(client):
    user = StaffFactory(role="Front desk", username="lostphone")
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    invite(user, remove_devices=True)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert_password_alone_gets_nowhere(client, user)


def test_the_invitation_opens_enrolment_once(client):
    user = StaffFactory(role="Front desk", username="newhire")
    link = invite(user)
    client.get(link.removeprefix(settings.SITE_URL))
    sign_in(client, "newhire")
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP_URL, {"otp_token": current_code(device)})
    assert response.status_code == HTTPStatus.OK
    assert EnrolmentInvitation.objects.get(user=user).used_at is not None
    client.logout()
    again = client.get(link.removeprefix(settings.SITE_URL))
    assert again.status_code == HTTPStatus.FORBIDDEN
    assert "expired or was used" in again.text


def test_an_invitation_expires(client):
    user = StaffFactory(role="Front desk", username="newhire")
    link = invite(user)
    later = timedelta(hours=72, minutes=1)
    with time_machine.travel(later, tick=False):
        response = client.get(link.removeprefix(settings.SITE_URL))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_another_accounts_invitation_does_not_open_enrolment(client):
    invited = StaffFactory(role="Front desk", username="invited")
    intruder = StaffFactory(role="Front desk", username="intruder")
    client.get(invite(invited).removeprefix(settings.SITE_URL))
    sign_in(client, "intruder")
    assert client.get(SETUP_URL).status_code == HTTPStatus.FORBIDDEN
    assert not TOTPDevice.objects.filter(user=intruder).exists()


def test_the_link_is_stored_only_as_a_hash(db):
    user = StaffFactory(role="Front desk")
    token = invite(user).rstrip("/").rsplit("/", 1)[1]
    invitation = EnrolmentInvitation.objects.get(user=user)
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash


def test_a_new_invitation_voids_the_old_one(client):
    user = StaffFactory(role="Front desk")
    first = invite(user)
    invite(user)
    response = client.get(first.removeprefix(settings.SITE_URL))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_enrolling_emails_the_staff_member_without_patient_data(
    client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    user = StaffFactory(role="Front desk", username="newhire")
    follow_invitation(client, user)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETUP_URL, {"otp_token": current_code(device)})
    assert [message.to for message in mailoutbox] == [[user.email]]
    assert "sign-in method" in mailoutbox[0].body
    assert AuditEntry.objects.filter(user=user, action=AuditEntry.Action.ENROLLED).exists()


def test_create_staff_user_prints_a_working_invitation(client, monkeypatch):
    monkeypatch.setenv("NEW_STAFF_PASSWORD", PASSWORD)
    out = StringIO()
    call_command(
        "create_staff_user", "jordan", "--role", "Front desk",
        "--password-from-env", "NEW_STAFF_PASSWORD", stdout=out,
    )  # fmt: skip
    link = next(word for word in out.getvalue().split() if "/invitation/" in word)
    assert PASSWORD not in out.getvalue()
    assert client.get(link.removeprefix(settings.SITE_URL)).status_code == HTTPStatus.FOUND
    sign_in(client, "jordan")
    assert client.get(SETUP_URL).status_code == HTTPStatus.OK
