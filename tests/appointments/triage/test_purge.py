"""Retention: `manage.py purge_requests` deletes finished requests past the retention
period, with everything recorded about them, and records what it deleted."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from appointments.models import AppointmentRequest, AuditEntry, InternalNote, RequestStatus
from appointments.services import add_internal_note, change_status
from tests.factories import AppointmentRequestFactory, StaffFactory

pytestmark = pytest.mark.django_db
Status = RequestStatus


@pytest.fixture(autouse=True)
def retention(settings):
    settings.APPOINTMENT_RETENTION_DAYS = 365


def received(days_ago: int, **fields) -> AppointmentRequest:
    request = AppointmentRequestFactory(**fields)
    created = timezone.now() - datetime.timedelta(days=days_ago)
    AppointmentRequest.objects.filter(pk=request.pk).update(created=created)
    return request


def purge(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("purge_requests", *args, stdout=out)
    return out.getvalue()


def test_old_finished_requests_are_deleted_with_their_notes():
    staff = StaffFactory(role="Front desk")
    expired = [
        received(400, status=status) for status in (Status.CLOSED, Status.SPAM, Status.NOT_SUITABLE)
    ]
    add_internal_note(appointment=expired[0], text="Called twice.", by=staff)
    output = purge()
    assert "Deleted 3 request(s)" in output
    assert not AppointmentRequest.objects.exists()
    assert not InternalNote.objects.exists()


def test_open_and_recent_requests_are_kept():
    kept = [
        received(400, status=Status.NEW),
        received(400, status=Status.SCHEDULED),
        received(400, status=Status.WAITLISTED),
        received(30, status=Status.CLOSED),
    ]
    purge()
    assert AppointmentRequest.objects.count() == len(kept)


def test_the_clock_starts_when_the_request_was_finished_not_received():
    staff = StaffFactory(role="Front desk")
    request = received(400, status=Status.CONTACTED)
    change_status(appointment=request, to_status=Status.CLOSED, by=staff)
    purge()
    assert AppointmentRequest.objects.filter(pk=request.pk).exists()


def test_the_purge_is_recorded_with_count_and_references():
    expired = received(400, status=Status.CLOSED)
    purge()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PURGED)
    assert entry.references == expired.reference
    assert entry.detail == "Deleted 1 requests finished more than 365 days ago"


def test_a_dry_run_lists_but_deletes_nothing():
    expired = received(400, status=Status.CLOSED)
    output = purge("--dry-run")
    assert "Dry run: 1 request(s)" in output
    assert expired.reference in output
    assert AppointmentRequest.objects.filter(pk=expired.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PURGED).exists()


def test_the_output_names_requests_by_reference_only():
    received(400, status=Status.CLOSED, full_name="Quillon Marsh")
    assert "Quillon" not in purge("--dry-run")


def test_the_retention_period_is_a_setting(settings):
    settings.APPOINTMENT_RETENTION_DAYS = 30
    received(40, status=Status.CLOSED)
    purge()
    assert not AppointmentRequest.objects.exists()


def test_a_practice_manager_running_it_by_hand_is_named_in_the_audit_entry():
    manager = StaffFactory(role="Practice manager")
    received(400, status=Status.CLOSED)
    purge("--by", manager.username)
    assert AuditEntry.objects.get(action=AuditEntry.Action.PURGED).user == manager


def test_front_desk_staff_may_not_purge():
    from django.core.management import CommandError

    clerk = StaffFactory(role="Front desk")
    received(400, status=Status.CLOSED)
    with pytest.raises(CommandError, match="not allowed"):
        purge("--by", clerk.username)
    assert AppointmentRequest.objects.exists()


def test_the_entry_names_only_what_was_deleted_if_one_was_reopened_meanwhile(monkeypatch):
    from appointments import services

    expired = received(400, status=Status.CLOSED)
    reopened = received(400, status=Status.NEW)
    # As if `reopened` had expired when the list was read and was reopened since.
    monkeypatch.setattr(
        services,
        "expired_requests",
        lambda: AppointmentRequest.objects.filter(pk__in=[expired.pk, reopened.pk]),
    )
    output = purge()
    assert AppointmentRequest.objects.filter(pk=reopened.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PURGED)
    assert entry.references == expired.reference
    assert "Deleted 1 request(s)" in output
    assert reopened.reference not in output


def test_the_purge_clears_lockout_rows_and_saved_searches_that_name_the_patient(client):
    from axes.models import AccessAttempt
    from django.contrib.sessions.models import Session

    from appointments.selectors import SAVED_SEARCHES_SESSION_KEY
    from tests.conftest import sign_in_with_second_factor

    received(400, status=Status.CLOSED, full_name="Quillon Marsh", phone="+15705550199")
    AccessAttempt.objects.create(
        username="frontdesk",
        ip_address="127.0.0.1",
        user_agent="test",
        get_data="next=/admin/appointments/appointmentrequest/?q=Quillon+Marsh",
        post_data="",
        path_info="/admin/login/",
        failures_since_start=1,
    )
    unrelated = AccessAttempt.objects.create(
        username="other",
        ip_address="127.0.0.2",
        user_agent="test",
        get_data="",
        post_data="",
        path_info="/admin/login/",
        failures_since_start=1,
    )
    sign_in_with_second_factor(client, StaffFactory(role="Front desk"))
    session = client.session
    session[SAVED_SEARCHES_SESSION_KEY] = {"a": "quillon", "b": "570-555-0199", "c": "Lee"}
    session.save()

    purge()

    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [unrelated.pk]
    saved = Session.objects.get().get_decoded()[SAVED_SEARCHES_SESSION_KEY]
    assert saved == {"c": "Lee"}
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PURGED)
    assert entry.detail.endswith("cleared 3 sign-in or session traces")
    assert "Quillon" not in entry.detail
