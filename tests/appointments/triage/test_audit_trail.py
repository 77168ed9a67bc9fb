"""Every display of the list or a request, every change and every export is recorded:
who, when, what, and which requests (by reference only)."""

import pytest

from appointments.models import AuditEntry
from tests.factories import AppointmentRequestFactory

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
        "Changed priority",
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
