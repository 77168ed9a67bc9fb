"""
The call-back promise is one rule: the day the patient is told on the request page, the
confirmation page and in their email is the day staff see as the first-contact deadline.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from appointments.tasks import patient_email
from content.models import ClosedDay
from tests.factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db

CLINIC = ZoneInfo("America/New_York")
# Friday 17 January 2025, before Martin Luther King Jr. Day on Monday, a day the clinic closes.
FRIDAY_BEFORE_A_HOLIDAY = datetime.datetime(2025, 1, 17, 16, 30, tzinfo=CLINIC)


def test_with_a_two_day_window_the_patient_is_told_the_day_staff_see(client, sign_in, settings):
    settings.TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS = 2
    ClosedDay.objects.create(day=datetime.date(2025, 1, 20), reason="Martin Luther King Jr. Day")
    with time_machine.travel(FRIDAY_BEFORE_A_HOLIDAY, tick=False):
        appointment = AppointmentRequestFactory(email="dana@example.org")
        confirmation = client.get(
            f"/request-appointment/confirmation/{appointment.confirmation_token}/"
        ).content.decode()
        with translation.override("en"):
            email = patient_email(appointment).body
        staff = sign_in("Front desk")
        request_page = staff.get(
            f"/admin/appointments/appointmentrequest/{appointment.pk}/change/"
        ).content.decode()

    # Tuesday and Wednesday are the two working days after Friday (closed on Monday).
    assert "Wednesday, January 22" in confirmation
    assert "Wednesday, January 22" in email
    assert "By the end of Wednesday, Jan. 22, 2025" in request_page
    assert "Tuesday" not in confirmation + email
    assert not mail.outbox


def test_the_request_page_states_the_window_from_the_setting(client, settings):
    settings.TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS = 2
    page = client.get("/request-appointment/").content.decode()
    assert re.search(r"within\s+2 business days", page)
    settings.TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS = 1
    page = client.get("/request-appointment/").content.decode()
    assert re.search(r"within\s+one business day", page)


def test_the_spanish_request_page_states_the_window_too(client, settings):
    settings.TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS = 2
    page = client.get("/es/request-appointment/").content.decode()
    assert re.search(r"en un plazo de 2 días\s+hábiles", page)
