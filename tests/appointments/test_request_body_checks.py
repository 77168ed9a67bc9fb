"""Posts that are not what a browser sends from this form."""

import json
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # Let Django's error handling answer, as in production, instead of re-raising.
    return Client(raise_request_exception=False)


def test_a_3_mib_body_is_refused(client):
    response = client.post(URL, valid_answers(notes="a" * (3 * 1024 * 1024)))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not AppointmentRequest.objects.exists()


def test_more_than_1000_fields_are_refused(client):
    answers = valid_answers()
    answers.update({f"extra{number}": "x" for number in range(1001)})
    response = client.post(URL, answers)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not AppointmentRequest.objects.exists()


def test_a_file_part_is_refused(client):
    answers = valid_answers()
    answers["attachment"] = SimpleUploadedFile("scan.pdf", b"%PDF-1.4", "application/pdf")
    response = client.post(URL, answers)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not AppointmentRequest.objects.exists()


def test_a_json_body_is_treated_as_an_empty_form(client):
    response = client.post(URL, json.dumps(valid_answers()), content_type="application/json")
    assert response.status_code == HTTPStatus.OK
    assert "There is a problem" in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def test_a_field_sent_twice_uses_one_value_and_stores_one_request(client):
    answers = valid_answers()
    body = "&".join(f"{name}={value}" for name, value in answers.items() if name != "form_token")
    body += f"&form_token={answers['form_token']}&full_name=Dana%20Twice"
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.get().full_name == "Dana Twice"


def test_patient_details_in_the_query_string_of_a_post_are_ignored(client):
    answers = valid_answers()
    response = client.post(f"{URL}?full_name=Query%20Canary&status=closed", answers)
    assert response.status_code == HTTPStatus.FOUND
    request = AppointmentRequest.objects.get()
    assert request.full_name == "Dana Rivers"
    assert request.status == "new"


def test_a_forged_host_is_refused(client):
    response = client.post(URL, valid_answers(), headers={"host": "evil.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not AppointmentRequest.objects.exists()
