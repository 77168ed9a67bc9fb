"""
The request list never counts the whole table: past a cap it says "more than", so a page
view costs the same at 100,000 requests as at 1,000. Rows keep Django's own checkbox, so
actions on selected requests still work.
"""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.admin import CappedCountPaginator
from appointments.models import AppointmentRequest
from tests.factories import AppointmentRequestFactory

from .conftest import CHANGELIST, action_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def count_cap_of_3(monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "COUNT_CAP", 3)


def test_a_list_under_the_cap_gives_the_exact_count(front_desk, count_cap_of_3):
    AppointmentRequestFactory.create_batch(2)
    page = " ".join(front_desk.get(CHANGELIST).content.decode().split())
    assert "2 appointment requests" in page
    assert "More than" not in page


def test_a_list_over_the_cap_says_more_than_the_cap(front_desk, count_cap_of_3):
    AppointmentRequestFactory.create_batch(5)
    page = " ".join(front_desk.get(CHANGELIST).content.decode().split())
    assert "More than 3 appointment requests" in page
    assert "5 appointment requests" not in page


def test_the_count_reads_at_most_one_row_past_the_cap(front_desk, count_cap_of_3):
    AppointmentRequestFactory.create_batch(5)
    with CaptureQueriesContext(connection) as queries:
        assert front_desk.get(CHANGELIST).status_code == HTTPStatus.OK
    request_counts = [
        query["sql"]
        for query in queries
        if "COUNT(" in query["sql"].upper() and "appointmentrequest" in query["sql"]
    ]
    assert request_counts, "the list should count its rows"
    for sql in request_counts:
        assert "LIMIT 4" in sql.upper(), sql


def test_pages_past_the_cap_stay_reachable_up_to_it(front_desk, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "COUNT_CAP", 3)
    monkeypatch.setattr("appointments.admin.AppointmentRequestAdmin.list_per_page", 2)
    AppointmentRequestFactory.create_batch(7)
    # A cap of 3 counts 4 rows: two pages of two.
    assert front_desk.get(CHANGELIST + "?p=2").status_code == HTTPStatus.OK
    # Beyond that the admin treats the page number as a bad parameter, as for any list.
    assert front_desk.get(CHANGELIST + "?p=9").status_code == HTTPStatus.FOUND


def test_each_row_has_the_admins_selection_checkbox(front_desk):
    request = AppointmentRequestFactory(reference="AMR-BCDFG")
    page = front_desk.get(CHANGELIST).content.decode()
    assert (
        f'<input type="checkbox" name="_selected_action" value="{request.pk}" '
        'class="action-select" aria-label="Select this object for an action - AMR-BCDFG">'
    ) in page
    assert '<input type="checkbox" id="action-toggle"' in page


def test_an_action_on_checked_rows_still_works(front_desk):
    request = AppointmentRequestFactory()
    response = front_desk.post(CHANGELIST, action_data("assign_to_me", request))
    assert response.status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.get().assigned_to == front_desk.user
