"""
A request is overdue when nobody has contacted the patient by the end of the next business
day after it arrived; weekends and the clinic's closed days (content.models.ClosedDay,
first suggested from the US federal holidays) are not business days.
"""

import datetime
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine

from appointments.models import AppointmentRequest
from appointments.services import record_contact_attempt, submit_appointment_request
from content.models import ClosedDay
from tests.conftest import sign_in_with_second_factor
from tests.factories import AppointmentRequestFactory

from .conftest import CHANGELIST

pytestmark = pytest.mark.django_db

CLINIC = ZoneInfo("America/New_York")
OVERDUE_BADGE = 'triage-flag-overdue">Overdue</span>'


def at(*when) -> datetime.datetime:
    return datetime.datetime(*when, tzinfo=CLINIC)


def list_page(client, query: str = "") -> str:
    """The list as the staff member sees it at the frozen time, signed in just now."""
    sign_in_with_second_factor(client, client.user)
    response = client.get(CHANGELIST + query)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def overdue_references(client) -> str:
    return list_page(client, "?overdue=yes")


def received_at(moment: datetime.datetime) -> AppointmentRequest:
    with time_machine.travel(moment, tick=False):
        return submit_appointment_request(
            appointment=AppointmentRequestFactory.build(),
            submission_token=f"form shown at {moment.isoformat()}",
        )


def test_a_request_from_friday_is_due_by_the_end_of_monday(front_desk):
    request = received_at(at(2025, 1, 10, 10, 0))  # a Friday
    assert request.contact_due_at == at(2025, 1, 14, 0, 0)
    with time_machine.travel(at(2025, 1, 13, 23, 59), tick=False):
        assert request.reference not in overdue_references(front_desk)
    with time_machine.travel(at(2025, 1, 14, 0, 1), tick=False):
        assert request.reference in overdue_references(front_desk)


@pytest.fixture
def martin_luther_king_day():
    # Monday, January 20, 2025, a closed day as the migration suggests the federal holidays.
    ClosedDay.objects.get_or_create(
        day=datetime.date(2025, 1, 20), defaults={"reason": "Martin Luther King Jr. Day"}
    )


@pytest.mark.usefixtures("martin_luther_king_day")
def test_a_closed_monday_moves_the_deadline_to_tuesday(front_desk):
    request = received_at(at(2025, 1, 17, 16, 30))
    assert request.contact_due_at == at(2025, 1, 22, 0, 0)
    with time_machine.travel(at(2025, 1, 21, 18, 0), tick=False):
        assert request.reference not in overdue_references(front_desk)
    with time_machine.travel(at(2025, 1, 22, 9, 0), tick=False):
        assert request.reference in overdue_references(front_desk)


def test_a_request_sent_on_saturday_night_is_due_by_the_end_of_monday(front_desk):
    request = received_at(at(2025, 3, 8, 23, 30))
    assert request.contact_due_at == at(2025, 3, 11, 0, 0)


def test_a_request_from_a_weekday_is_due_by_the_end_of_the_next_day(front_desk):
    request = received_at(at(2025, 3, 4, 8, 0))  # a Tuesday
    assert request.contact_due_at == at(2025, 3, 6, 0, 0)


@pytest.mark.usefixtures("martin_luther_king_day")
def test_the_window_is_a_setting(settings):
    settings.TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS = 2
    request = received_at(at(2025, 1, 17, 16, 30))  # Friday before a closed Monday
    assert request.contact_due_at == at(2025, 1, 23, 0, 0)


def test_a_contacted_request_is_not_overdue(front_desk):
    request = received_at(at(2025, 1, 10, 10, 0))
    with time_machine.travel(at(2025, 1, 15, 9, 0), tick=False):
        record_contact_attempt(
            appointment=request, method="phone", outcome="voicemail", by=front_desk.user
        )
        assert request.reference not in overdue_references(front_desk)


def test_the_list_flags_overdue_requests_in_words(front_desk):
    with time_machine.travel(at(2025, 1, 10, 10, 0), tick=False):
        AppointmentRequestFactory()
    with time_machine.travel(at(2025, 1, 15, 9, 0), tick=False):
        page = list_page(front_desk)
    assert OVERDUE_BADGE in page


def test_requests_waiting_within_the_window_are_listed_as_not_overdue(front_desk):
    with time_machine.travel(at(2025, 1, 13, 10, 0), tick=False):
        request = AppointmentRequestFactory()
        assert request.reference in list_page(front_desk, "?overdue=no")
        assert request.reference not in list_page(front_desk, "?overdue=yes")
        assert OVERDUE_BADGE not in list_page(front_desk)
