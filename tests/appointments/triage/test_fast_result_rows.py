"""
The request list's rows are written by clinic/admin_list.py instead of Django's
items_for_result, for speed (docs/benchmarks.md). They must be the same markup, cell by
cell, or the admin's stylesheet, its select-all script and the tests of each column would
drift from what staff see.
"""

import datetime

import pytest
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from appointments.admin import short_date_and_time
from clinic.admin_list import (
    can_write_rows,
    cell_html,
    cell_html_join,
    django_rows,
    fast_result_list,
)
from tests.factories import AppointmentRequestFactory

from .conftest import CHANGELIST

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_requests(front_desk):
    AppointmentRequestFactory(full_name="Dana Rivers", priority="urgent")
    AppointmentRequestFactory(full_name="Ana <b>López</b>", language="es", priority="soon")
    AppointmentRequestFactory(full_name="Sam Lee", assigned_to=front_desk.user, status="spam")
    # The same phone as the first, within days: flagged as a possible duplicate.
    AppointmentRequestFactory(full_name="Dana Rivers", email="dana@example.org")


@pytest.mark.parametrize(
    "filters",
    [
        "",
        # Each row's link then carries the list's filters, for the way back to it.
        "?priority__exact=urgent&language__exact=en",
        "?o=-3.1",
    ],
)
def test_the_rows_are_django_s_own_markup(front_desk, varied_requests, filters):
    cl = front_desk.get(CHANGELIST + filters).context["cl"]
    assert can_write_rows(cl)
    fast = [str(row[0]) for row in fast_result_list(cl)["results"]]
    assert fast == ["".join(cells) for cells in django_rows(cl)]
    assert fast
    if filters:
        assert "_changelist_filters=" in fast[0]


def test_the_list_s_dates_read_as_django_writes_them():
    # Every hour of the day (noon and midnight are the edge cases) and every month.
    moments = [
        datetime.datetime(2026, month, day, hour, minute, tzinfo=datetime.UTC)
        for month, day in ((1, 1), (2, 28), (5, 9), (9, 30), (12, 31))
        for hour in range(24)
        for minute in (0, 7, 59)
    ]
    for moment in moments:
        assert short_date_and_time(moment) == date_format(moment, "M j, g:i A"), moment


def test_the_list_page_shows_the_fast_rows(front_desk, varied_requests):
    response = front_desk.get(CHANGELIST)
    page = response.content.decode()
    for row in fast_result_list(response.context["cl"])["results"]:
        assert str(row[0]) in page
    # A name is escaped, never markup.
    assert "Ana &lt;b&gt;López&lt;/b&gt;" in page


def test_a_list_with_columns_it_does_not_know_falls_back_to_django(front_desk, varied_requests):
    cl = front_desk.get(CHANGELIST).context["cl"]
    cl.list_display = [*cl.list_display, "full_name__upper"]
    assert not can_write_rows(cl)


# What the columns put in their markup: patients' words (with HTML in them), translated
# labels, markup the columns built, numbers, and nothing at all.
CELL_VALUES = [
    'Ana <b>"López"</b> & O\'Neil',
    gettext_lazy("Urgent"),
    mark_safe("<span>built</span>"),
    42,
    None,
    "",
]


@pytest.mark.parametrize("value", CELL_VALUES)
def test_cell_html_escapes_as_format_html_does(value):
    template = '<a href="tel:{}">{}</a>'
    ours = cell_html(template, value, value)
    assert ours == format_html(template, value, value)
    assert isinstance(ours, SafeString)


def test_cell_html_join_escapes_as_format_html_join_does():
    ours = cell_html_join(" ", CELL_VALUES)
    assert ours == format_html_join(" ", "{}", ((value,) for value in CELL_VALUES))
    assert isinstance(ours, SafeString)
