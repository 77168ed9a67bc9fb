import datetime
from http import HTTPStatus

import pytest
import time_machine

from appointments.models import AppointmentRequest
from content.models import ClosedDay
from tests.appointments.answers import URL, valid_answers
from tests.factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db


def confirmation_url(request: AppointmentRequest) -> str:
    return f"/request-appointment/confirmation/{request.confirmation_token}/"


def test_confirmation_page_shows_reference_next_steps_phone_and_emergency_numbers(client):
    request = AppointmentRequestFactory()
    response = client.get(confirmation_url(request))
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert request.reference in page
    assert "What happens next" in page
    assert "We will call you by the end of" in page
    assert 'href="tel:+15705550123"' in page
    assert "Emergency? Call 911. Thoughts of self-harm? Call or text 988." in page


def test_confirmation_page_says_by_which_working_day_we_will_call(client):
    ClosedDay.objects.create(day=datetime.date(2025, 11, 27), reason="Thanksgiving")
    with time_machine.travel(datetime.datetime(2025, 11, 26, 15, 0, tzinfo=datetime.UTC)):
        request = AppointmentRequestFactory()
    # The clinic is closed on Thanksgiving (Thursday), open on Friday.
    response = client.get(confirmation_url(request))
    assert "Friday, November 28" in response.content.decode()


def test_confirmation_page_shows_no_patient_details(client):
    client.post(
        URL,
        valid_answers(
            full_name="Quillon Marsh",
            email="quillon@example.com",
            referring_clinician="Dr Vantreese",
            insurer_name="Zephyrcare",
            preferred_times="Thursdays",
            zip_code="18360",
        ),
    )
    request = AppointmentRequest.objects.get()
    page = client.get(confirmation_url(request)).content.decode()
    for detail in [
        "Quillon",
        "quillon@example.com",
        "Vantreese",
        "Zephyrcare",
        "Thursdays",
        "555-0142",
        "5550142",
        "1984",
        "CRPS evaluation",
        "18360",
    ]:
        assert detail not in page, detail


def test_confirmation_page_is_never_cached(client):
    response = client.get(confirmation_url(AppointmentRequestFactory()))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "guess",
    ["AMR-7K3Q9", "1", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "../../admin", "%00"],
)
def test_guessed_confirmation_addresses_are_not_found(client, guess):
    request = AppointmentRequestFactory()
    response = client.get(f"/request-appointment/confirmation/{guess}/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert request.reference not in response.content.decode()


def test_reference_alone_does_not_open_the_confirmation(client):
    request = AppointmentRequestFactory()
    response = client.get(f"/request-appointment/confirmation/{request.reference}/")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_confirmation_address_is_long_and_random(client):
    first, second = AppointmentRequestFactory(), AppointmentRequestFactory()
    assert len(first.confirmation_token) >= 40
    assert first.confirmation_token != second.confirmation_token
