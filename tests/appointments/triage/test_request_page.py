"""The request page: what the patient sent is read-only; triage fields, contact attempts
and notes are added by staff, with their author and time filled in for them."""

from http import HTTPStatus

import pytest

from appointments.models import ContactAttempt, InternalNote, RequestStatus
from appointments.services import add_internal_note
from tests.factories import AppointmentRequestFactory, StaffFactory

from .conftest import change_form_data, change_url

pytestmark = pytest.mark.django_db
Status = RequestStatus


def with_new_row(prefix: str, **fields) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": "1"}
    data |= {f"{prefix}-0-{name}": value for name, value in fields.items()}
    data[f"{prefix}-0-request"] = ""
    return data


def test_the_page_shows_what_the_patient_sent_with_a_call_link(front_desk):
    request = AppointmentRequestFactory(full_name="Dana Rivers", phone="+15705550142")
    page = front_desk.get(change_url(request)).content.decode()
    assert "Dana Rivers" in page
    assert '<a href="tel:+15705550142">(570) 555-0142</a>' in page
    assert 'name="full_name"' not in page


def test_posting_patient_fields_changes_nothing_the_patient_sent(front_desk):
    request = AppointmentRequestFactory(full_name="Dana Rivers")
    data = change_form_data(request, full_name="Someone Else", phone="+15705550199")
    response = front_desk.post(change_url(request), data)
    assert response.status_code == HTTPStatus.FOUND
    request.refresh_from_db()
    assert (request.full_name, request.phone) == ("Dana Rivers", "+15705550142")


def test_staff_set_priority_assignee_and_appointment_time(front_desk):
    colleague = StaffFactory(role="Front desk")
    request = AppointmentRequestFactory(status=Status.CONTACTED)
    data = change_form_data(
        request,
        status="scheduled",
        priority="urgent",
        assigned_to=colleague.pk,
        scheduled_for_0="2030-03-04",
        scheduled_for_1="09:30",
    )
    assert front_desk.post(change_url(request), data).status_code == HTTPStatus.FOUND
    request.refresh_from_db()
    assert (request.status, request.priority, request.assigned_to) == (
        Status.SCHEDULED,
        "urgent",
        colleague,
    )
    assert request.scheduled_for.isoformat() == "2030-03-04T14:30:00+00:00"


def test_a_contact_attempt_gets_its_author_and_moves_a_new_request_on(front_desk):
    request = AppointmentRequestFactory()
    data = change_form_data(request) | with_new_row(
        "contact_attempts",
        attempted_at_0="2030-03-04",
        attempted_at_1="09:30",
        method="phone",
        outcome="voicemail",
    )
    assert front_desk.post(change_url(request), data).status_code == HTTPStatus.FOUND
    attempt = ContactAttempt.objects.get(request=request)
    assert (attempt.author, attempt.outcome) == (front_desk.user, "voicemail")
    request.refresh_from_db()
    assert request.status == Status.CONTACTED
    assert request.first_contacted_at is not None


def test_a_note_gets_its_author_and_time(front_desk):
    request = AppointmentRequestFactory()
    data = change_form_data(request) | with_new_row("internal_notes", text="Prefers mornings.")
    front_desk.post(change_url(request), data)
    note = InternalNote.objects.get(request=request)
    assert (note.author, note.text) == (front_desk.user, "Prefers mornings.")
    assert note.created is not None


def test_existing_notes_are_shown_and_cannot_be_edited(front_desk):
    request = AppointmentRequestFactory()
    note = add_internal_note(appointment=request, text="Called, no answer.", by=front_desk.user)
    page = front_desk.get(change_url(request)).content.decode()
    assert "Called, no answer." in page
    assert 'name="internal_notes-0-text"' not in page
    data = change_form_data(request) | {
        "internal_notes-TOTAL_FORMS": "1",
        "internal_notes-INITIAL_FORMS": "1",
        "internal_notes-0-id": note.pk,
        "internal_notes-0-request": request.pk,
        "internal_notes-0-text": "Rewritten",
    }
    front_desk.post(change_url(request), data)
    note.refresh_from_db()
    assert note.text == "Called, no answer."


def test_a_clinician_adds_a_note_but_cannot_change_the_triage(clinician):
    request = AppointmentRequestFactory()
    page = clinician.get(change_url(request)).content.decode()
    assert 'name="status"' not in page
    assert 'name="internal_notes-0-text"' in page
    assert 'name="contact_attempts-0-method"' not in page
    data = change_form_data(request, status="spam", priority="urgent") | with_new_row(
        "internal_notes", text="Relevant history in the referral."
    )
    assert clinician.post(change_url(request), data).status_code == HTTPStatus.FOUND
    request.refresh_from_db()
    assert (request.status, request.priority) == (Status.NEW, "routine")
    assert InternalNote.objects.get(request=request).author == clinician.user


def test_only_the_practice_manager_sees_delete(front_desk, sign_in):
    request = AppointmentRequestFactory()
    assert "deletelink" not in front_desk.get(change_url(request)).content.decode()
    manager = sign_in("Practice manager")
    assert "deletelink" in manager.get(change_url(request)).content.decode()


def test_a_stored_script_is_shown_as_text_in_the_list_and_page(front_desk):
    request = AppointmentRequestFactory(full_name="<script>alert(1)</script>")
    for url in ("/admin/appointments/appointmentrequest/", change_url(request)):
        page = front_desk.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert(1)" not in page
