"""Every display of the list or a request, every change and every export is recorded:
who, when, what, and which requests (by reference only)."""

import datetime

import pytest
from django.utils import timezone

from appointments import services
from appointments.models import AuditEntry
from tests.factories import AppointmentRequestFactory, StaffFactory

from .conftest import CHANGELIST, action_data, change_form_data, change_url

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action


def only_entry(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def test_showing_the_list_records_the_references_on_the_page(front_desk):
    shown = AppointmentRequestFactory.create_batch(3)
    front_desk.get(CHANGELIST)
    entry = only_entry(Action.VIEWED_LIST)
    assert entry.user == front_desk.user
    assert entry.username == front_desk.user.username
    assert set(entry.references.split()) == {request.reference for request in shown}


def test_the_list_records_only_the_page_shown(front_desk):
    AppointmentRequestFactory.create_batch(3, status="closed")
    open_request = AppointmentRequestFactory()
    front_desk.get(CHANGELIST + "?status__exact=new")
    assert only_entry(Action.VIEWED_LIST).references == open_request.reference


def test_opening_a_request_records_its_reference(clinician):
    request = AppointmentRequestFactory()
    clinician.get(change_url(request))
    entry = only_entry(Action.VIEWED_REQUEST)
    assert (entry.user, entry.references) == (clinician.user, request.reference)


def test_a_change_records_what_changed_without_patient_details(front_desk):
    request = AppointmentRequestFactory(full_name="Quillon Marsh")
    front_desk.post(change_url(request), change_form_data(request, priority="urgent"))
    entry = only_entry(Action.CHANGED_REQUEST)
    assert (entry.user, entry.references, entry.detail) == (
        front_desk.user,
        request.reference,
        "Priority: Routine to Urgent",
    )


def test_a_status_change_is_audited(front_desk):
    request = AppointmentRequestFactory()
    front_desk.post(CHANGELIST, action_data("mark_contacted", request))
    assert only_entry(Action.CHANGED_REQUEST).detail == "Status: New to Contacted"


def test_an_export_records_every_exported_reference(front_desk):
    requests = AppointmentRequestFactory.create_batch(2)
    front_desk.post(CHANGELIST, action_data("export_csv", *requests))
    entry = only_entry(Action.EXPORTED)
    assert set(entry.references.split()) == {request.reference for request in requests}


def test_a_deletion_by_the_practice_manager_is_audited(practice_manager):
    request = AppointmentRequestFactory()
    practice_manager.post(f"{CHANGELIST}{request.pk}/delete/", {"post": "yes"})
    assert only_entry(Action.DELETED_REQUEST).references == request.reference


def test_audit_entries_hold_no_patient_details(front_desk):
    request = AppointmentRequestFactory(full_name="Quillon Marsh", email="quillon@example.com")
    front_desk.get(CHANGELIST)
    front_desk.get(change_url(request))
    front_desk.post(CHANGELIST, action_data("export_csv", request))
    for entry in AuditEntry.objects.all():
        text = f"{entry.references} {entry.detail}"
        assert "Quillon" not in text
        assert "quillon@example.com" not in text
        assert "555" not in text


def test_the_practice_manager_reads_the_audit_trail(practice_manager):
    request = AppointmentRequestFactory()
    practice_manager.get(change_url(request))
    page = practice_manager.get("/admin/appointments/auditentry/").content.decode()
    assert request.reference in page
    assert "Viewed a request" in page


def test_each_triage_change_records_its_old_and_new_value(front_desk):
    jordan = StaffFactory(username="jordan", role="Front desk")
    when = timezone.make_aware(datetime.datetime(2027, 3, 4, 9, 30))
    request = AppointmentRequestFactory(priority="routine")
    services.update_triage(
        appointment=request,
        by=front_desk.user,
        changes={"priority": "urgent", "assigned_to": jordan, "scheduled_for": when},
    )
    services.update_triage(appointment=request, by=front_desk.user, changes={"assigned_to": None})
    details = [e.detail for e in AuditEntry.objects.order_by("pk")]
    assert details == [
        "Priority: Routine to Urgent; Assigned to: none to jordan; "
        "Appointment date and time: none to 2027-03-04 09:30",
        "Assigned to: jordan to none",
    ]


def test_the_status_change_records_its_old_and_new_status(front_desk):
    request = AppointmentRequestFactory(status="contacted")
    services.change_status(appointment=request, to_status="waitlisted", by=front_desk.user)
    assert only_entry(Action.CHANGED_REQUEST).detail == "Status: Contacted to Waitlisted"


def test_the_first_contact_attempt_is_its_own_entry_beside_the_status_change(front_desk):
    request = AppointmentRequestFactory(status="new")
    services.record_contact_attempt(
        appointment=request, method="phone", outcome="voicemail", by=front_desk.user
    )
    details = [e.detail for e in AuditEntry.objects.order_by("pk")]
    assert details == [
        "Recorded a contact attempt: Phone call, Left a voicemail",
        "Status: New to Contacted",
    ]


def test_every_contact_attempt_and_note_gets_an_entry(front_desk):
    request = AppointmentRequestFactory(status="contacted")
    for _ in range(2):
        services.record_contact_attempt(
            appointment=request, method="phone", outcome="no_answer", by=front_desk.user
        )
        services.add_internal_note(appointment=request, text="Call after 3pm", by=front_desk.user)
    details = [e.detail for e in AuditEntry.objects.order_by("pk")]
    assert details.count("Added an internal note") == 2
    assert details.count("Recorded a contact attempt: Phone call, No answer, no message left") == 2
    assert not any("3pm" in detail for detail in details)
