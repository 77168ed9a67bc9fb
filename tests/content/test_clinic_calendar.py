"""
The clinic's calendar (content/calendar.py): the practice manager's opening hours and
closed days decide every working day the site counts, and the hours patients read.
"""

import datetime
import importlib
import json
import re
from http import HTTPStatus

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appointments.models import call_back_day, contact_due_at_for
from appointments.reminders import reminders_due
from content.calendar import clinic_calendar, is_working_day, next_working_day
from content.models import ClosedDay, OpeningHours
from tests.factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db

# A Wednesday afternoon in the clinic's time zone (America/New_York).
WEDNESDAY = datetime.datetime(2027, 3, 3, 15, 0, tzinfo=datetime.UTC)
THURSDAY, FRIDAY, MONDAY = (datetime.date(2027, 3, day) for day in (4, 5, 8))


def close_on(weekday: int) -> None:
    hours = OpeningHours.objects.get(weekday=weekday)
    hours.opens = hours.closes = None
    hours.save()


def suggest_federal_holidays() -> None:
    """Run the migration's first suggestion of closed days again on an empty table: tests
    that flush the database (transactional ones) take the migration's rows with them."""
    ClosedDay.objects.all().delete()
    migration = importlib.import_module("content.migrations.0008_clinic_calendar")
    migration.suggest_closed_days(apps, schema_editor=None)


def test_the_shipped_calendar_is_open_monday_to_friday_and_closed_on_federal_holidays():
    suggest_federal_holidays()
    assert [day for day in range(7) if is_working_day(MONDAY + datetime.timedelta(days=day))] == [
        0, 1, 2, 3, 4
    ]  # fmt: skip
    year = datetime.date.today().year
    assert ClosedDay.objects.get(day=datetime.date(year, 7, 4)).reason == "Independence Day"
    assert ClosedDay.objects.filter(day=datetime.date(year + 1, 12, 25)).exists()
    assert not is_working_day(datetime.date(year + 1, 12, 25))


def test_a_closed_day_moves_the_patients_promise_and_the_staff_deadline_together(client):
    assert call_back_day(WEDNESDAY) == THURSDAY
    ClosedDay.objects.create(day=THURSDAY, reason="Staff training")
    assert call_back_day(WEDNESDAY) == FRIDAY
    assert contact_due_at_for(WEDNESDAY).date() == FRIDAY + datetime.timedelta(days=1)
    with time_machine.travel(WEDNESDAY):
        appointment = AppointmentRequestFactory()
    page = client.get(f"/request-appointment/confirmation/{appointment.confirmation_token}/")
    assert "Friday, March 5" in page.content.decode()
    assert appointment.call_back_by() == FRIDAY


def test_a_weekday_the_clinic_is_closed_moves_the_promise(settings):
    close_on(3)  # Thursdays
    close_on(4)  # Fridays
    assert call_back_day(WEDNESDAY) == MONDAY
    settings.TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS = 2
    assert call_back_day(WEDNESDAY) == MONDAY + datetime.timedelta(days=1)


def test_deleting_a_suggested_holiday_makes_it_a_working_day_again():
    suggest_federal_holidays()
    # Thanksgiving is always a Thursday.
    thanksgiving = ClosedDay.objects.filter(reason="Thanksgiving Day").latest("day").day
    assert not is_working_day(thanksgiving)
    ClosedDay.objects.get(day=thanksgiving).delete()
    assert is_working_day(thanksgiving)


def test_the_reminder_on_the_working_day_before_skips_closed_days():
    ClosedDay.objects.create(day=FRIDAY, reason="Staff training")
    appointment = AppointmentRequestFactory(
        status="scheduled",
        email="patient@example.com",
        scheduled_for=datetime.datetime(2027, 3, 8, 15, 0, tzinfo=datetime.UTC),
    )
    # Thursday is the last working day before Monday's appointment.
    assert list(reminders_due(THURSDAY)) == [appointment]
    assert next_working_day(THURSDAY) == MONDAY


def test_the_calendar_costs_two_queries_then_none():
    with CaptureQueriesContext(connection) as first:
        clinic_calendar()
    with CaptureQueriesContext(connection) as second:
        for day in range(60):
            next_working_day(THURSDAY + datetime.timedelta(days=day))
    assert len(first.captured_queries) == 2
    assert len(second.captured_queries) == 0


def opening_hours_lines(html: str) -> list[str]:
    footer = html[html.index("<footer") :]
    return re.findall(r"<li>([^<]*\d[^<]*)</li>", footer)


@pytest.mark.usefixtures("shipped_site")
def test_public_hours_and_structured_data_come_from_the_same_record(client):
    close_on(4)
    saturday = OpeningHours.objects.get(weekday=5)
    saturday.opens, saturday.closes = datetime.time(9), datetime.time(12, 30)
    saturday.save()
    english = client.get("/contact/").content.decode()
    assert opening_hours_lines(english)[:2] == [
        "Monday to Thursday: 9 a.m. to 5 p.m.",
        "Saturday: 9 a.m. to 12:30 p.m.",
    ]
    spanish = client.get("/es/contact/").content.decode()
    assert opening_hours_lines(spanish)[:2] == [
        "De lunes a jueves: de 09:00 a 17:00",
        "Sábado: de 09:00 a 12:30",
    ]
    for html in (english, spanish):
        graph = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
        )
        nodes = graph.get("@graph", [graph])
        clinic = next(node for node in nodes if node.get("@type") == "MedicalClinic")
        days = [spec["dayOfWeek"].rsplit("/", 1)[1] for spec in clinic["openingHoursSpecification"]]
        assert days == ["Monday", "Tuesday", "Wednesday", "Thursday", "Saturday"]
        assert clinic["openingHoursSpecification"][-1]["closes"] == "12:30"


def test_the_admin_refuses_closing_before_opening(superuser_client):
    monday = OpeningHours.objects.get(weekday=0)
    url = reverse("admin:content_openinghours_change", args=[monday.pk])
    response = superuser_client.post(url, {"opens": "17:00", "closes": "09:00"})
    assert response.status_code == HTTPStatus.OK
    assert "closing after opening" in response.content.decode()
    monday.refresh_from_db()
    assert monday.opens == datetime.time(9)


def test_saving_a_day_in_the_admin_marks_it_checked_and_ends_its_warning(superuser_client):
    changelist = reverse("admin:content_openinghours_changelist")
    assert (
        "have not been checked: Monday, Tuesday"
        in superuser_client.get(changelist).content.decode()
    )
    for hours in OpeningHours.objects.all():
        url = reverse("admin:content_openinghours_change", args=[hours.pk])
        opens = hours.opens.strftime("%H:%M") if hours.opens else ""
        closes = hours.closes.strftime("%H:%M") if hours.closes else ""
        response = superuser_client.post(url, {"opens": opens, "closes": closes})
        assert response.status_code == HTTPStatus.FOUND
    assert "have not been checked" not in superuser_client.get(changelist).content.decode()
