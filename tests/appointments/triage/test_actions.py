"""The list's actions: assign to me, mark contacted, mark closed, mark spam."""

from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages

from appointments.models import AppointmentRequest, RequestStatus, StatusChange
from appointments.services import change_status
from tests.factories import AppointmentRequestFactory, StaffFactory

from .conftest import CHANGELIST, action_data

pytestmark = pytest.mark.django_db
Status = RequestStatus


def run(client, action: str, *requests):
    response = client.post(CHANGELIST, action_data(action, *requests))
    assert response.status_code == HTTPStatus.FOUND
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_assign_to_me_assigns_the_selected_requests(front_desk):
    colleague = StaffFactory(role="Front desk")
    mine = AppointmentRequestFactory.create_batch(2, assigned_to=colleague)
    other = AppointmentRequestFactory()
    messages = run(front_desk, "assign_to_me", *mine)
    assert messages == ["Assigned 2 request(s) to you."]
    assert set(AppointmentRequest.objects.filter(assigned_to=front_desk.user)) == set(mine)
    other.refresh_from_db()
    assert other.assigned_to is None


def test_mark_contacted_moves_new_requests_and_records_first_contact(front_desk):
    request = AppointmentRequestFactory()
    assert run(front_desk, "mark_contacted", request) == ["Marked 1 request(s) as contacted."]
    request.refresh_from_db()
    assert request.status == Status.CONTACTED
    assert request.first_contacted_at is not None
    change = StatusChange.objects.get(request=request)
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.NEW,
        Status.CONTACTED,
        front_desk.user,
    )


def test_mark_closed_closes_contacted_requests_and_explains_the_others(front_desk):
    contacted = AppointmentRequestFactory(status=Status.CONTACTED)
    new = AppointmentRequestFactory(reference="AMR-NEW01")
    messages = run(front_desk, "mark_closed", contacted, new)
    assert messages[0] == "Marked 1 request(s) as closed."
    assert messages[1].startswith("AMR-NEW01 is new and cannot be marked closed")
    contacted.refresh_from_db()
    new.refresh_from_db()
    assert (contacted.status, new.status) == (Status.CLOSED, Status.NEW)


def test_mark_spam_works_from_any_status(front_desk):
    requests = [AppointmentRequestFactory(status=status) for status in Status.values]
    run(front_desk, "mark_spam", *requests)
    assert set(AppointmentRequest.objects.values_list("status", flat=True)) == {Status.SPAM}
    # Six moves: the request that was already spam stays as it was, with no history.
    assert StatusChange.objects.count() == len(Status.values) - 1


def test_spam_marked_by_mistake_goes_back_to_new(front_desk):
    request = AppointmentRequestFactory(status=Status.SPAM)
    change_status(appointment=request, to_status=Status.NEW, by=front_desk.user)
    request.refresh_from_db()
    assert request.status == Status.NEW


def test_a_clinician_cannot_run_triage_actions(clinician):
    request = AppointmentRequestFactory()
    response = clinician.post(CHANGELIST, action_data("mark_spam", request))
    assert response.status_code == HTTPStatus.FORBIDDEN
    request.refresh_from_db()
    assert request.status == Status.NEW
