"""Simultaneous posts on PostgreSQL: the unique token, not luck, keeps one request per form."""

import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.APPOINTMENT_RATE_LIMIT = 10**6


def post_all_at_once(forms: list[dict]) -> list[tuple[int, str]]:
    start = threading.Barrier(len(forms))
    answers: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def post(form: dict) -> None:
        try:
            client = Client()
            start.wait()
            response = client.post(URL, form)
            answers.append((response.status_code, response.get("Location", "")))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return answers


def test_twenty_simultaneous_posts_of_one_form_store_one_request():
    form = valid_answers()
    answers = post_all_at_once([form] * 20)
    assert AppointmentRequest.objects.count() == 1
    confirmation = (
        f"/request-appointment/confirmation/{AppointmentRequest.objects.get().confirmation_token}/"
    )
    assert answers == [(HTTPStatus.FOUND, confirmation)] * 20


def test_fifty_simultaneous_posts_of_different_forms_store_fifty_requests():
    answers = post_all_at_once([valid_answers() for _ in range(50)])
    assert [status for status, _ in answers] == [HTTPStatus.FOUND] * 50
    assert AppointmentRequest.objects.count() == 50
    assert AppointmentRequest.objects.values("reference").distinct().count() == 50
