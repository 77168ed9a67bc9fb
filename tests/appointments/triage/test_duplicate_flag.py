"""A request is flagged as a possible duplicate when another has the same phone or email
within 30 days either side."""

import datetime

import pytest
from django.utils import timezone

from appointments.models import AppointmentRequest
from tests.factories import AppointmentRequestFactory

from .conftest import CHANGELIST, change_url

pytestmark = pytest.mark.django_db

FLAG = "Possible duplicate</span>"


def received(days_ago: int, **fields) -> AppointmentRequest:
    request = AppointmentRequestFactory(**fields)
    created = timezone.now() - datetime.timedelta(days=days_ago)
    AppointmentRequest.objects.filter(pk=request.pk).update(created=created)
    return request


def flagged_rows(client) -> int:
    return client.get(CHANGELIST).content.decode().count(FLAG)


def test_two_requests_from_the_same_phone_within_30_days_are_both_flagged(front_desk):
    received(20, phone="+15705550142")
    received(1, phone="+15705550142")
    received(1, phone="+15705550199")
    assert flagged_rows(front_desk) == 2


def test_the_same_email_with_different_phones_is_flagged(front_desk):
    received(3, phone="+15705550142", email="dana@example.com", contact_method="email")
    received(2, phone="+15705550143", email="dana@example.com", contact_method="email")
    assert flagged_rows(front_desk) == 2


def test_requests_without_email_are_not_matched_on_the_empty_address(front_desk):
    received(3, phone="+15705550142", email="")
    received(2, phone="+15705550143", email="")
    assert flagged_rows(front_desk) == 0


def test_requests_more_than_30_days_apart_are_not_flagged(front_desk):
    received(45, phone="+15705550142")
    received(2, phone="+15705550142")
    assert flagged_rows(front_desk) == 0


def test_the_request_page_links_to_its_possible_duplicates(front_desk):
    earlier = received(10, phone="+15705550142")
    later = received(1, phone="+15705550142")
    page = front_desk.get(change_url(later)).content.decode()
    assert f'href="{change_url(earlier)}">{earlier.reference}</a>' in page
