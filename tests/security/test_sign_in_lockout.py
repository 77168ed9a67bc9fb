"""Five failed sign-ins for one username from one client lock that pair out for a while."""

import logging
from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.security.conftest import current_code, sign_in

pytestmark = pytest.mark.django_db

START = "2026-03-02 12:00:00+00:00"


def fail_five_times(client, username="frontdesk", **headers):
    for _ in range(5):
        response = client.post(
            reverse("admin:login"),
            {"username": username, "password": "wrong-password", "otp_token": ""},
            REMOTE_ADDR="203.0.113.7",
            **headers,
        )
    return response


def test_the_sixth_attempt_is_refused_even_with_the_right_password_and_code(
    client, staff_member, authenticator, caplog
):
    with time_machine.travel(START, tick=False), caplog.at_level(logging.WARNING):
        fail_five_times(client)
        sixth = sign_in(client, "frontdesk", password="still-wrong")
        seventh = sign_in(client, "frontdesk", code=current_code(authenticator))

    assert sixth.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert seventh.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Sign-in paused" in seventh.text
    assert "30 minutes" in seventh.text
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.FOUND
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    attempt = AccessAttempt.objects.get(username="frontdesk")
    assert attempt.ip_address == "203.0.113.7"
    assert attempt.failures_since_start >= 5


def test_four_failures_still_let_the_right_password_in(client, staff_member, authenticator):
    for _ in range(4):
        sign_in(client, "frontdesk", password="wrong-password")
    response = sign_in(client, "frontdesk", code=current_code(authenticator))
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_wrong_authenticator_codes_count_as_failures(client, staff_member, authenticator):
    with time_machine.travel(START, tick=False):
        wrong = f"{(int(current_code(authenticator)) + 1) % 1_000_000:06d}"
        for _ in range(5):
            sign_in(client, "frontdesk", code=wrong)
        response = sign_in(client, "frontdesk", code=current_code(authenticator))
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_lockout_ends_after_the_cool_off_period(settings, client, staff_member, authenticator):
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    with time_machine.travel(START, tick=False):
        fail_five_times(client)
    with time_machine.travel("2026-03-02 12:31:00+00:00", tick=False):
        response = sign_in(client, "frontdesk", code=current_code(authenticator))
    assert response.status_code == HTTPStatus.FOUND


def test_the_lockout_is_per_username_and_client(client, staff_member):
    fail_five_times(client, username="frontdesk")
    other_client = Client()
    response = other_client.post(
        reverse("admin:login"),
        {"username": "frontdesk", "password": "wrong-password"},
        REMOTE_ADDR="198.51.100.20",
    )
    assert response.status_code == HTTPStatus.OK  # refused as wrong, not locked out


def test_a_made_up_forwarded_address_does_not_escape_the_lockout(client, staff_member):
    # With no proxy configured, X-Forwarded-For comes from the client and is ignored.
    for number in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "frontdesk", "password": "wrong-password"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    response = sign_in(client, "frontdesk")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_behind_one_proxy_the_lockout_keys_on_the_address_the_proxy_saw(
    settings, client, staff_member
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "frontdesk", "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.2",  # our proxy
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",  # forged entry, then the real client
        )
    assert AccessAttempt.objects.get(username="frontdesk").ip_address == "203.0.113.7"
