"""Every status change goes through one service that checks the workflow and records
who and when; the request page shows that history, read-only."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appointments.models import RequestStatus, StatusChange
from appointments.services import InvalidTransition, change_status, update_triage
from tests.factories import AppointmentRequestFactory, StaffFactory

from .conftest import change_form_data, change_url

pytestmark = pytest.mark.django_db
Status = RequestStatus


def test_the_workflow_runs_from_new_to_closed(front_desk):
    request = AppointmentRequestFactory()
    for status in (Status.CONTACTED, Status.WAITLISTED, Status.SCHEDULED, Status.CLOSED):
        if status == Status.SCHEDULED:
            update_triage(
                appointment=request, by=front_desk.user, changes={"scheduled_for": timezone.now()}
            )
        change_status(appointment=request, to_status=status, by=front_desk.user)
    history = list(StatusChange.objects.filter(request=request).values_list("to_status"))
    assert history == [("contacted",), ("waitlisted",), ("scheduled",), ("closed",)]


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (Status.NEW, Status.SCHEDULED),
        (Status.NEW, Status.CLOSED),
        (Status.CLOSED, Status.NEW),
        (Status.SCHEDULED, Status.CONTACTED),
    ],
)
def test_steps_outside_the_workflow_are_refused(front_desk, from_status, to_status):
    request = AppointmentRequestFactory(status=from_status)
    with pytest.raises(InvalidTransition):
        change_status(appointment=request, to_status=to_status, by=front_desk.user)
    request.refresh_from_db()
    assert request.status == from_status
    assert not StatusChange.objects.exists()


def test_saving_the_page_records_the_change_with_who_and_when(front_desk):
    request = AppointmentRequestFactory()
    response = front_desk.post(change_url(request), change_form_data(request, status="contacted"))
    assert response.status_code == HTTPStatus.FOUND
    change = StatusChange.objects.get(request=request)
    assert change.changed_by == front_desk.user
    assert change.changed_at is not None


def test_the_page_offers_only_the_next_steps_of_the_workflow(front_desk):
    request = AppointmentRequestFactory()
    page = front_desk.get(change_url(request)).content.decode()
    assert '<option value="contacted">Contacted</option>' in page
    assert '<option value="spam">Spam</option>' in page
    assert '<option value="closed">' not in page


def test_a_skipped_step_posted_anyway_is_refused_with_a_message(front_desk):
    request = AppointmentRequestFactory()
    response = front_desk.post(change_url(request), change_form_data(request, status="closed"))
    assert "Select a valid choice" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.NEW


def test_scheduling_needs_the_appointment_time(front_desk):
    request = AppointmentRequestFactory(status=Status.CONTACTED)
    response = front_desk.post(change_url(request), change_form_data(request, status="scheduled"))
    assert "Enter the appointment date and time." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.CONTACTED


def test_the_request_page_shows_the_history_read_only(front_desk):
    request = AppointmentRequestFactory()
    change_status(appointment=request, to_status=Status.CONTACTED, by=front_desk.user)
    # A change with nobody behind it (an account since removed, a script) shows a dash.
    StatusChange.objects.create(
        request=request, from_status=Status.CONTACTED, to_status=Status.WAITLISTED
    )
    page = front_desk.get(change_url(request)).content.decode()
    history = page[page.index('id="status-history"') :]
    rows = [row.split("</tr>")[0] for row in history.split("<tbody>")[1].split("<tr>")[1:]]
    assert len(rows) == 2
    assert "<td>New</td>" in rows[0]
    assert "<td>Contacted</td>" in rows[0]
    assert f"<td>{front_desk.user.username}</td>" in rows[0]
    assert "<td>Waitlisted</td>" in rows[1]
    assert "<td>-</td>" in rows[1]
    # A record, not a form: nothing of it is posted back.
    assert "status_changes-" not in page


def test_a_request_with_no_history_says_so(front_desk):
    page = front_desk.get(change_url(AppointmentRequestFactory())).content.decode()
    assert "No status changes yet." in page


def test_the_history_costs_the_same_queries_however_long_it_is(front_desk):
    request = AppointmentRequestFactory()
    change_status(appointment=request, to_status=Status.CONTACTED, by=front_desk.user)
    with CaptureQueriesContext(connection) as short:
        assert front_desk.get(change_url(request)).status_code == HTTPStatus.OK
    StatusChange.objects.bulk_create(
        StatusChange(request=request, from_status="new", to_status="contacted", changed_by=by)
        for by in StaffFactory.create_batch(4)
    )
    with CaptureQueriesContext(connection) as long:
        assert front_desk.get(change_url(request)).status_code == HTTPStatus.OK
    assert len(long) == len(short)
