import re
import time
from http import HTTPStatus

import pytest

from appointments.forms import issue_form_token
from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db


CONFIRMATION = re.compile(r"^/request-appointment/confirmation/[A-Za-z0-9_-]{43}/$")


def test_a_filled_trap_field_stores_nothing_but_looks_like_success(client):
    response = client.post(URL, valid_answers(website="https://spam.example"))
    assert response.status_code == HTTPStatus.FOUND
    assert CONFIRMATION.match(response["Location"])
    page = client.get(response["Location"]).content.decode()
    assert "Request sent" in page
    assert "AMR-" in page
    assert not AppointmentRequest.objects.exists()


def test_a_form_sent_faster_than_a_person_can_fill_it_stores_nothing(client, settings):
    settings.APPOINTMENT_MIN_FILL_SECONDS = 3
    response = client.post(URL, valid_answers(form_token=issue_form_token()))
    assert response.status_code == HTTPStatus.FOUND
    assert "Request sent" in client.get(response["Location"]).content.decode()
    assert not AppointmentRequest.objects.exists()


def test_a_discarded_post_is_answered_exactly_like_a_stored_one(client, settings):
    settings.APPOINTMENT_MIN_FILL_SECONDS = 0
    stored = client.post(URL, valid_answers())
    discarded = client.post(URL, valid_answers(website="https://spam.example"))
    assert (discarded.status_code, stored.status_code) == (HTTPStatus.FOUND, HTTPStatus.FOUND)
    assert CONFIRMATION.match(stored["Location"])
    assert CONFIRMATION.match(discarded["Location"])
    assert sorted(discarded.headers) == sorted(stored.headers)
    assert AppointmentRequest.objects.count() == 1


def test_a_guessed_confirmation_address_is_still_not_found(client):
    assert client.get("/request-appointment/confirmation/" + "x" * 43 + "/").status_code == 404


def test_a_form_filled_at_human_speed_is_stored(client, settings):
    settings.APPOINTMENT_MIN_FILL_SECONDS = 3
    token = issue_form_token(shown_at=time.time() - 60)
    response = client.post(URL, valid_answers(form_token=token))
    assert response.status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.count() == 1


def test_a_forged_form_token_is_not_trusted(client, settings):
    settings.APPOINTMENT_MIN_FILL_SECONDS = 3
    forged = '{"token": "mine", "shown": 0}'
    response = client.post(URL, valid_answers(form_token=forged))
    assert "Please check your answers and send it again" in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def test_an_invalid_form_with_a_filled_trap_shows_the_errors_as_usual(client):
    response = client.post(URL, valid_answers(website="x", full_name=""))
    assert "There is a problem" in response.content.decode()
    assert not AppointmentRequest.objects.exists()
