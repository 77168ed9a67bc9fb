"""The request list: the columns the front desk works from, open requests first, oldest
first, and the filters."""

import datetime

import pytest
from django.utils import timezone

from appointments.models import AppointmentRequest
from tests.factories import AppointmentRequestFactory

from .conftest import CHANGELIST

pytestmark = pytest.mark.django_db


def received(days_ago: float, **fields) -> AppointmentRequest:
    request = AppointmentRequestFactory(**fields)
    created = timezone.now() - datetime.timedelta(days=days_ago)
    AppointmentRequest.objects.filter(pk=request.pk).update(created=created)
    return request


def order_on_page(page: str, requests) -> list[str]:
    return sorted((r.reference for r in requests), key=page.index)


def test_a_row_shows_what_the_front_desk_needs(front_desk):
    received(0.125, full_name="Dana Rivers", phone="+15705550142", priority="urgent")
    page = front_desk.get(CHANGELIST).content.decode()
    assert "Dana Rivers" in page
    assert '<a href="tel:+15705550142">(570) 555-0142</a>' in page
    assert "CRPS evaluation" in page
    assert 'triage-status-new">New</span>' in page
    assert 'triage-priority-urgent">Urgent</span>' in page
    assert "3\xa0hours ago" in page


def test_open_requests_come_first_oldest_first(front_desk):
    closed_old = received(10, status="closed")
    new_recent = received(1)
    contacted_older = received(3, status="contacted")
    spam = received(5, status="spam")
    page = front_desk.get(CHANGELIST).content.decode()
    expected = [contacted_older, new_recent, closed_old, spam]
    assert order_on_page(page, expected) == [r.reference for r in expected]


def test_assigned_to_me_shows_only_my_requests(front_desk):
    mine = received(1, assigned_to=front_desk.user)
    unassigned = received(1)
    page = front_desk.get(CHANGELIST + "?assigned=me").content.decode()
    assert mine.reference in page
    assert unassigned.reference not in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("status__exact=contacted", "b"),
        ("reason__exact=follow_up", "a"),
        ("priority__exact=urgent", "b"),
    ],
)
def test_status_reason_and_priority_filters(front_desk, query, shown):
    requests = {
        "a": received(1, reason="follow_up"),
        "b": received(1, status="contacted", priority="urgent"),
    }
    page = front_desk.get(f"{CHANGELIST}?{query}").content.decode()
    assert {key for key, r in requests.items() if r.reference in page} == {shown}


def test_received_date_filter(front_desk):
    today = received(0)
    older = received(20)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    page = front_desk.get(CHANGELIST, {"created__gte": week_ago.isoformat()}).content.decode()
    assert "Past 7 days" in page
    assert today.reference in page
    assert older.reference not in page


def test_an_unknown_filter_is_not_an_error(front_desk):
    response = front_desk.get(CHANGELIST + "?nonsense=1&overdue=perhaps")
    assert response.status_code in (200, 302)
