"""
The list's "assign to…" and "set priority" actions (a page to choose the value, then the
change through the services, audited) and the request's print sheet (audited as a view).
"""

from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages

from appointments.models import AppointmentRequest, AuditEntry, ContactAttempt
from tests.factories import AppointmentRequestFactory, StaffFactory

from .conftest import CHANGELIST, action_data, change_url

pytestmark = pytest.mark.django_db


def print_url(appointment) -> str:
    return f"{CHANGELIST}{appointment.pk}/print/"


def test_assign_to_asks_for_a_colleague_showing_only_the_references(front_desk):
    requests = AppointmentRequestFactory.create_batch(2, full_name="Dana Rivers")
    colleague = StaffFactory(role="Front desk", username="sam")
    page = front_desk.post(CHANGELIST, action_data("assign_to_colleague", *requests))
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert '<label for="id_assignee">Assign to:</label>' in html
    assert f'<option value="{colleague.pk}">sam</option>' in html
    for request in requests:
        assert request.reference in html
    assert "Dana Rivers" not in html
    entry = AuditEntry.objects.latest("pk")
    assert entry.action == AuditEntry.Action.VIEWED_LIST
    assert entry.detail == "2 requests shown to confirm an action (redrawn after a POST)"
    assert not AppointmentRequest.objects.filter(assigned_to__isnull=False).exists()


def test_assign_to_a_colleague_assigns_and_audits_each_request(front_desk):
    requests = AppointmentRequestFactory.create_batch(2)
    colleague = StaffFactory(role="Front desk", username="sam")
    response = front_desk.post(
        CHANGELIST,
        {
            "action": "assign_to_colleague",
            "_selected_action": [r.pk for r in requests],
            "apply": "yes",
            "assignee": colleague.pk,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Assigned 2 request(s) to sam."
    ]
    assert set(AppointmentRequest.objects.filter(assigned_to=colleague)) == set(requests)
    for request in requests:
        assert AuditEntry.objects.filter(
            action=AuditEntry.Action.CHANGED_REQUEST,
            references=request.reference,
            detail="Assigned to: none to sam",
        ).exists()


def test_assign_to_without_a_choice_asks_again(front_desk):
    request = AppointmentRequestFactory()
    response = front_desk.post(
        CHANGELIST,
        {"action": "assign_to_colleague", "_selected_action": [request.pk], "apply": "yes"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.content.decode()
    request.refresh_from_db()
    assert request.assigned_to is None


def test_set_priority_changes_and_audits_each_request(front_desk):
    routine = AppointmentRequestFactory()
    already = AppointmentRequestFactory(priority="urgent")
    page = front_desk.post(CHANGELIST, action_data("set_priority", routine, already))
    assert '<select name="priority"' in page.content.decode()
    response = front_desk.post(
        CHANGELIST,
        {
            "action": "set_priority",
            "_selected_action": [routine.pk, already.pk],
            "apply": "yes",
            "priority": "urgent",
        },
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Set 1 request(s) to urgent priority."
    ]
    routine.refresh_from_db()
    assert routine.priority == "urgent"
    assert AuditEntry.objects.filter(
        references=routine.reference, detail="Priority: Routine to Urgent"
    ).exists()


def test_set_priority_refuses_a_value_that_is_not_a_priority(front_desk):
    request = AppointmentRequestFactory()
    response = front_desk.post(
        CHANGELIST,
        {
            "action": "set_priority",
            "_selected_action": [request.pk],
            "apply": "yes",
            "priority": "whenever",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice." in response.content.decode()
    request.refresh_from_db()
    assert request.priority == "routine"


@pytest.mark.parametrize("action", ["assign_to_colleague", "set_priority"])
def test_a_clinician_may_not_run_the_bulk_changes(clinician, action):
    request = AppointmentRequestFactory()
    colleague = StaffFactory(role="Front desk")
    response = clinician.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [request.pk],
            "apply": "yes",
            "assignee": colleague.pk,
            "priority": "urgent",
        },
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    request.refresh_from_db()
    assert (request.assigned_to, request.priority) == (None, "routine")


def test_the_practice_manager_may_run_the_bulk_changes(practice_manager):
    request = AppointmentRequestFactory()
    response = practice_manager.post(CHANGELIST, action_data("set_priority", request))
    assert response.status_code == HTTPStatus.OK


def test_the_print_sheet_shows_the_request_its_deadline_and_contact_history(front_desk):
    request = AppointmentRequestFactory(
        full_name="Dana Rivers", notes="Mornings are best.", preferred_times="Before noon"
    )
    ContactAttempt.objects.create(
        request=request, method="phone", outcome="voicemail", author=front_desk.user
    )
    page = front_desk.get(print_url(request))
    assert page.status_code == HTTPStatus.OK
    assert page["Cache-Control"].startswith("max-age=0") or "no-" in page["Cache-Control"]
    html = page.content.decode()
    for shown in (
        request.reference,
        "Dana Rivers",
        "Mornings are best.",
        "Before noon",
        "Call back:",
        "By the end of",
        "Left a voicemail",
        "Notes from this call",
    ):
        assert shown in html
    assert "print-sheet" in html  # its stylesheet, which sets the page to US Letter
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.references, entry.detail) == (
        AuditEntry.Action.VIEWED_REQUEST,
        request.reference,
        "Print sheet",
    )


def test_the_request_page_links_to_its_print_sheet(front_desk):
    request = AppointmentRequestFactory()
    assert f'href="{print_url(request)}"' in front_desk.get(change_url(request)).content.decode()


def test_a_clinician_may_print_a_request(clinician):
    assert clinician.get(print_url(AppointmentRequestFactory())).status_code == HTTPStatus.OK


def test_a_content_editor_may_not_print_a_request(sign_in):
    editor = sign_in("Content editor")
    request = AppointmentRequestFactory()
    assert editor.get(print_url(request)).status_code == HTTPStatus.FORBIDDEN
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED_REQUEST).exists()


def test_printing_a_request_that_does_not_exist_is_a_404(front_desk):
    assert front_desk.get(f"{CHANGELIST}999999/print/").status_code == HTTPStatus.NOT_FOUND
    assert front_desk.get(f"{CHANGELIST}not-a-number/print/").status_code == HTTPStatus.NOT_FOUND


def test_the_print_stylesheet_sets_us_letter_and_hides_the_screen_controls():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "print-sheet.css").read_text()
    assert "size: letter;" in css
    assert ".screen-only { display: none; }" in css
