from http import HTTPStatus

import pytest
from django.test import Client

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def test_a_post_without_a_csrf_token_is_refused(browser):
    browser.get(URL)
    response = browser.post(URL, valid_answers())
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Your form has expired" in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def test_a_post_with_a_forged_csrf_token_is_refused(browser):
    browser.get(URL)
    response = browser.post(URL, valid_answers(csrfmiddlewaretoken="x" * 64))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not AppointmentRequest.objects.exists()


def test_a_post_from_a_foreign_origin_is_refused(browser):
    browser.get(URL)
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        URL,
        valid_answers(csrfmiddlewaretoken=token),
        headers={"origin": "https://evil.example"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not AppointmentRequest.objects.exists()


def test_a_post_with_the_token_from_the_page_is_accepted(browser):
    browser.get(URL)
    token = browser.cookies["csrftoken"].value
    response = browser.post(URL, valid_answers(csrfmiddlewaretoken=token))
    assert response.status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.count() == 1
