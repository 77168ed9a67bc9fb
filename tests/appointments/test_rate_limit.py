from http import HTTPStatus

import pytest
from django.test import RequestFactory

from appointments.models import AppointmentRequest
from appointments.ratelimit import client_ip
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.APPOINTMENT_RATE_LIMIT = 3
    settings.APPOINTMENT_RATE_WINDOW = 600


def test_a_burst_from_one_client_gets_a_friendly_429_with_the_phone_number(client):
    statuses = [client.post(URL, valid_answers()).status_code for _ in range(3)]
    assert statuses == [HTTPStatus.FOUND] * 3
    response = client.post(URL, valid_answers())
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"] == "600"
    page = response.content.decode()
    assert "Please call us instead" in page
    assert 'href="tel:+15705550123"' in page
    assert AppointmentRequest.objects.count() == 3


def test_invalid_posts_count_towards_the_limit(client):
    for _ in range(3):
        client.post(URL, {})
    assert client.post(URL, valid_answers()).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not AppointmentRequest.objects.exists()


def test_other_clients_are_not_affected(client):
    for _ in range(4):
        client.post(URL, valid_answers(), REMOTE_ADDR="203.0.113.7")
    response = client.post(URL, valid_answers(), REMOTE_ADDR="203.0.113.8")
    assert response.status_code == HTTPStatus.FOUND


def test_reading_the_form_is_never_limited(client):
    for _ in range(4):
        client.post(URL, {})
    assert client.get(URL).status_code == HTTPStatus.OK


def test_without_trusted_proxies_a_forwarded_header_cannot_dodge_the_limit(client):
    for number in range(4):
        response = client.post(
            URL, valid_answers(), headers={"x-forwarded-for": f"198.51.100.{number}"}
        )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_limit_can_be_raised_in_settings(client, settings):
    settings.APPOINTMENT_RATE_LIMIT = 10
    for _ in range(6):
        assert client.post(URL, valid_answers()).status_code == HTTPStatus.FOUND


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_address_is_read_through_the_trusted_proxies_only(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post(URL, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected


def test_ipv6_clients_are_counted_by_their_slash_64(client):
    # One host holds a whole /64 and can post from a new address every time.
    for n in range(1, 4):
        response = client.post(URL, valid_answers(), REMOTE_ADDR=f"2001:db8:1:2::{n:x}")
        assert response.status_code == HTTPStatus.FOUND
    rotated = client.post(URL, valid_answers(), REMOTE_ADDR="2001:db8:1:2:ffff:ffff:ffff:ffff")
    assert rotated.status_code == HTTPStatus.TOO_MANY_REQUESTS
    neighbour = client.post(URL, valid_answers(), REMOTE_ADDR="2001:db8:1:3::1")
    assert neighbour.status_code == HTTPStatus.FOUND


def test_the_per_process_fallback_counts_by_slash_64_too(client, monkeypatch):
    from appointments import ratelimit

    count_in = ratelimit._count_in

    def shared_cache_unreachable(counter, key, window):
        return None if counter is ratelimit.cache else count_in(counter, key, window)

    monkeypatch.setattr(ratelimit, "_count_in", shared_cache_unreachable)
    ratelimit.per_process_counts.clear()
    statuses = [
        client.post(URL, valid_answers(), REMOTE_ADDR=f"2001:db8:9::{n}").status_code
        for n in range(1, 5)
    ]
    ratelimit.per_process_counts.clear()
    assert statuses == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]
