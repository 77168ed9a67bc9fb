"""Staff are signed out after 15 minutes without activity and 12 hours after signing in."""

from datetime import datetime, timedelta
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.security.conftest import current_code, sign_in

pytestmark = pytest.mark.django_db

START = datetime.fromisoformat("2026-03-02 08:00:00+00:00")
CHANGE_LIST = "/admin/auth/user/"


def signed_in_client(client, authenticator):
    response = sign_in(client, "frontdesk", code=current_code(authenticator))
    assert response.status_code == HTTPStatus.FOUND
    return client


def assert_sent_to_sign_in(response, next_url):
    assert response.status_code == HTTPStatus.FOUND
    location = urlsplit(response["Location"])
    assert location.path == reverse("admin:login")
    assert parse_qs(location.query)["next"] == [next_url]


def test_a_session_survives_14_minutes_without_activity(client, staff_member, authenticator):
    with time_machine.travel(START, tick=False) as clock:
        signed_in_client(client, authenticator)
        clock.shift(timedelta(minutes=14))
        assert client.get(CHANGE_LIST).status_code == HTTPStatus.OK


def test_16_minutes_without_activity_end_the_session(client, staff_member, authenticator):
    with time_machine.travel(START, tick=False) as clock:
        signed_in_client(client, authenticator)
        clock.shift(timedelta(minutes=16))
        assert_sent_to_sign_in(client.get(CHANGE_LIST), CHANGE_LIST)
        assert "_auth_user_id" not in client.session
        page = client.get(reverse("admin:login"))
        assert "You were signed out after 15 minutes without activity." in page.text


def test_activity_keeps_the_session_going(client, staff_member, authenticator):
    with time_machine.travel(START, tick=False) as clock:
        signed_in_client(client, authenticator)
        for _ in range(6):
            clock.shift(timedelta(minutes=10))
            assert client.get(CHANGE_LIST).status_code == HTTPStatus.OK


def session_writes(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CHANGE_LIST).status_code == HTTPStatus.OK
    return sum(
        1
        for query in queries
        if query["sql"].upper().startswith("UPDATE") and "django_session" in query["sql"]
    )


def test_the_activity_clock_rewrites_the_session_at_most_once_a_minute(
    client, staff_member, authenticator
):
    with time_machine.travel(START, tick=False) as clock:
        signed_in_client(client, authenticator)
        clock.shift(timedelta(seconds=30))
        assert session_writes(client) == 0
        clock.shift(timedelta(seconds=31))
        assert session_writes(client) == 1
        assert session_writes(client) == 0


def test_12_hours_after_sign_in_the_session_ends_even_if_busy(client, staff_member, authenticator):
    with time_machine.travel(START, tick=False) as clock:
        signed_in_client(client, authenticator)
        # Busy all day: a page every 10 minutes for 11 hours 50 minutes.
        for _ in range(71):
            clock.shift(timedelta(minutes=10))
            assert client.get(CHANGE_LIST).status_code == HTTPStatus.OK
        clock.shift(timedelta(minutes=11))
        assert_sent_to_sign_in(client.get(CHANGE_LIST), CHANGE_LIST)
        page = client.get(reverse("admin:login"))
        assert "12 hours after you signed in" in page.text


def test_the_session_cookie_lasts_no_longer_than_12_hours(client, staff_member, authenticator):
    response = sign_in(client, "frontdesk", code=current_code(authenticator))
    cookie = response.cookies["sessionid"]
    assert int(cookie["max-age"]) == 12 * 60 * 60
