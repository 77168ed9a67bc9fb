"""Notifications are queued in the request's own transaction: together, or not at all."""

from http import HTTPStatus
from unittest import mock

import pytest
from django.db import DatabaseError
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db


def test_a_stored_request_has_its_notifications_queued_without_waiting_for_a_commit_hook(client):
    # No on_commit callbacks are run here: the task rows were written with the request.
    response = client.post(URL, valid_answers(email="dana@example.org"))
    assert response.status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.count() == 1
    assert DBTaskResult.objects.count() == 2


def test_a_request_whose_notification_cannot_be_queued_is_still_stored_and_confirmed(
    client, caplog
):
    with mock.patch.object(DatabaseBackend, "enqueue", side_effect=DatabaseError("x")):
        response = client.post(URL, valid_answers())
    assert response.status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.count() == 1
    assert DBTaskResult.objects.count() == 0
    assert "Could not queue notifications" in caplog.text
