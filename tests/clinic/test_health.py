from http import HTTPStatus
from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_it_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_reports_unavailable_without_internals_when_the_database_fails(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused at 10.0.0.5"),
    ):
        response = client.get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"status": "unavailable"}
    assert b"10.0.0.5" not in response.content


@pytest.mark.django_db
def test_it_refuses_post(client):
    assert client.post("/healthz").status_code == HTTPStatus.METHOD_NOT_ALLOWED
