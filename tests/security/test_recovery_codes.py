"""Recovery codes: ten shown once at enrolment, each signs in once, renewal voids the old."""

from http import HTTPStatus

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from appointments.models import AuditEntry
from staff.recovery import make_recovery_codes
from tests.conftest import sign_in_with_second_factor
from tests.security.conftest import current_code, follow_invitation, sign_in

pytestmark = pytest.mark.django_db

SETUP_URL = "/admin/two-factor/setup/"
RENEW_URL = "/admin/two-factor/recovery-codes/"


def test_enrolment_shows_ten_codes_once(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=new_staff_member)
    response = client.post(SETUP_URL, {"otp_token": current_code(device)})
    codes = response.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(code in response.text for code in codes)
    assert "no-store" in response["Cache-Control"]
    later = client.get("/admin/")
    assert not any(code in later.text for code in codes)
    assert not any(code in client.get(RENEW_URL).text for code in codes)


def test_each_code_signs_in_once_and_is_audited(client, staff_member, mailoutbox, settings,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    code = make_recovery_codes(staff_member)[0]
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_in(client, "frontdesk", recovery_code=code.upper())
    assert first.status_code == HTTPStatus.FOUND
    assert client.get("/admin/").status_code == HTTPStatus.OK
    entry = AuditEntry.objects.get(action=AuditEntry.Action.USED_RECOVERY_CODE)
    assert entry.username == "frontdesk"
    assert entry.detail == "9 recovery codes left"
    assert [m.to for m in mailoutbox] == [[staff_member.email]]
    assert "recovery codes was used" in mailoutbox[0].body

    client.logout()
    again = sign_in(client, "frontdesk", recovery_code=code)
    assert again.status_code == HTTPStatus.OK
    assert "That recovery code did not work" in again.text
    assert client.get("/admin/").status_code == HTTPStatus.FOUND


def test_a_made_up_code_does_not_sign_in(client, staff_member):
    make_recovery_codes(staff_member)
    response = sign_in(client, "frontdesk", recovery_code="abcd efgh")
    assert "That recovery code did not work" in response.text
    assert client.get("/admin/").status_code == HTTPStatus.FOUND


def test_new_codes_void_the_old_ones(client, staff_member):
    old = make_recovery_codes(staff_member)
    sign_in_with_second_factor(client, staff_member)
    assert "10 unused recovery codes" in client.get(RENEW_URL).text
    response = client.post(RENEW_URL)
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert StaticToken.objects.filter(device__user=staff_member).count() == 10
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RENEWED_RECOVERY_CODES).exists()
    client.logout()
    assert (
        "That recovery code did not work" in sign_in(client, "frontdesk", recovery_code=old[0]).text
    )


def test_renewing_needs_a_verified_session(client, staff_member):
    client.force_login(staff_member)  # password only
    assert client.post(RENEW_URL).status_code == HTTPStatus.FOUND
    assert not StaticToken.objects.exists()
