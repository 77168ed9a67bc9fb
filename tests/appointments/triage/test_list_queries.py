"""The request list costs the same number of queries for 5 requests as for 500."""

from http import HTTPStatus

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.models import AppointmentRequest, RequestStatus
from tests.factories import AppointmentRequestFactory, StaffFactory

from .conftest import CHANGELIST

pytestmark = pytest.mark.django_db


def queries_for_the_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def add_requests(count: int, staff) -> None:
    # Varied rows, so every column (assignee, duplicate and overdue flags) has work to do.
    AppointmentRequestFactory.create_batch(
        count,
        phone=factory.Iterator(["+15705550142", "+15705550143", "+15705550144"]),
        email=factory.Iterator(["", "dana@example.com"]),
        status=factory.Iterator(RequestStatus.values),
        assigned_to=factory.Iterator([None, *staff]),
    )


def test_the_list_runs_the_same_queries_for_5_requests_as_for_500(front_desk):
    staff = StaffFactory.create_batch(3, role="Front desk")
    add_requests(5, staff)
    with_five = queries_for_the_list(front_desk)
    add_requests(495, staff)
    assert AppointmentRequest.objects.count() == 500
    assert queries_for_the_list(front_desk) == with_five


def test_filters_and_search_add_no_query_per_row(front_desk):
    staff = StaffFactory.create_batch(2, role="Front desk")
    add_requests(5, staff)
    url = front_desk.post(CHANGELIST + "?overdue=yes&assigned=me", {"q": "570-555-0142"})[
        "Location"
    ]
    with CaptureQueriesContext(connection) as small:
        front_desk.get(url)
    add_requests(200, staff)
    with CaptureQueriesContext(connection) as large:
        front_desk.get(url)
    assert len(large) == len(small)
