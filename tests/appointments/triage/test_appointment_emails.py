"""
The patient's appointment emails (appointments/booking.py): booked, moved and cancelled,
sent when staff save the request page, each with a calendar entry that calendar programs
can match up (one UID, a rising SEQUENCE, METHOD:CANCEL for a cancellation).
"""

import datetime
import io
import re
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from appointments.booking import send_booking_message
from appointments.models import AppointmentRequest, AuditEntry, BookingMessage, RequestStatus
from content.profile import get_clinic_profile
from tests.factories import AppointmentRequestFactory

from .conftest import change_form_data, change_url

pytestmark = pytest.mark.django_db
Status = RequestStatus
CLINIC_ZONE = ZoneInfo("America/New_York")
# What the patient told us, which must never reach an email or a calendar entry.
HEALTH_DETAILS = ("CRPS", "crps", "Ketamine", "ketamine", "burning", "left hand", "Dana", "Rivers")


def next_week_at(hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=7)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=CLINIC_ZONE)


def contacted(**fields) -> AppointmentRequest:
    return AppointmentRequestFactory(
        **{
            "status": Status.CONTACTED,
            "email": "dana@example.org",
            "notes": "My left hand is burning.",
            "reason": "ketamine_consultation",
            **fields,
        }
    )


def save_page(client, appointment, **fields):
    # The page shows the stored time in the clinic's zone, and posts it back so.
    local = appointment.scheduled_for and timezone.localtime(appointment.scheduled_for)
    shown = {
        "scheduled_for_0": local.strftime("%Y-%m-%d") if local else "",
        "scheduled_for_1": local.strftime("%H:%M") if local else "",
    }
    data = change_form_data(appointment, **{"notify_patient": "on", **shown, **fields})
    if data["notify_patient"] is None:
        del data["notify_patient"]  # an unticked checkbox sends nothing
    response = client.post(change_url(appointment), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    appointment.refresh_from_db()
    return response


def book(client, appointment, when: datetime.datetime, **fields):
    return save_page(
        client,
        appointment,
        status=Status.SCHEDULED,
        scheduled_for_0=when.strftime("%Y-%m-%d"),
        scheduled_for_1=when.strftime("%H:%M"),
        **fields,
    )


def send(appointment) -> mail.EmailMessage:
    """Run the queued send as the worker would, and return the one email it sent."""
    mail.outbox.clear()
    assert send_booking_message.call(appointment.pk) == "sent"
    [message] = mail.outbox
    appointment.refresh_from_db()
    return message


def calendar_of(message) -> Calendar:
    [(filename, content, mimetype)] = message.attachments
    assert filename == "appointment.ics"
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_booking_queues_an_email_with_the_change_and_records_it(front_desk):
    appointment = contacted()
    book(front_desk, appointment, next_week_at(10, 30))
    assert appointment.booking_message == BookingMessage.BOOKED
    assert appointment.booking_message_sent_at is None
    queued = DBTaskResult.objects.get(task_path="appointments.booking.send_booking_message")
    assert queued.args_kwargs["args"] == [appointment.pk]
    assert AuditEntry.objects.filter(
        references=appointment.reference, detail="Appointment booked email queued for the patient"
    ).exists()


def test_the_booked_email_gives_time_place_what_to_bring_and_how_to_change(front_desk):
    appointment = contacted()
    book(front_desk, appointment, next_week_at(10, 30))
    message = send(appointment)
    clinic = get_clinic_profile()
    assert message.to == ["dana@example.org"]
    assert message.subject == f"Your appointment at {clinic.name} is booked"
    html = message.alternatives[0].content
    day = next_week_at(10, 30).strftime("%A, %B %-d")
    for body in (message.body, html):
        assert f"When: {day} at 10:30 AM" in body
        assert clinic.address_one_line in body
        assert clinic.phone_display in body
        assert "list of all the medicines you take" in body
        assert "a responsible adult must drive you home" in body
        assert "call us on" in body
        assert appointment.reference in body
        for detail in HEALTH_DETAILS:
            assert detail not in body
    assert appointment.booking_message_sent_at is not None


def test_a_spanish_request_is_booked_in_spanish(front_desk):
    appointment = contacted(language="es")
    book(front_desk, appointment, next_week_at(14, 0))
    message = send(appointment)
    assert message.subject.startswith("Su cita en")
    html = message.alternatives[0].content
    for body in (message.body, html):
        assert "14:00" in body
        assert "Qué traer" in body
        assert "What to bring" not in body
        for detail in HEALTH_DETAILS:
            assert detail not in body
    assert 'lang="es"' in html
    [event] = calendar_of(message).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Cita en")


def test_the_calendar_entry_has_the_clinic_time_zone_and_nothing_about_health(front_desk):
    appointment = contacted()
    book(front_desk, appointment, next_week_at(10, 30))
    calendar = calendar_of(send(appointment))
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    starts = event.decoded("DTSTART")
    assert starts == next_week_at(10, 30)
    assert str(starts.tzinfo) == "America/New_York"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert event["SEQUENCE"] == 1
    assert str(event["SUMMARY"]) == f"Appointment at {get_clinic_profile().name}"
    text = calendar.to_ical().decode()
    for detail in HEALTH_DETAILS:
        assert detail not in text


def test_moving_the_appointment_updates_the_same_calendar_entry(front_desk):
    appointment = contacted()
    book(front_desk, appointment, next_week_at(10, 30))
    [first] = calendar_of(send(appointment)).walk("VEVENT")
    book(front_desk, appointment, next_week_at(15, 0))
    message = send(appointment)
    assert message.subject.endswith("has a new time")
    calendar = calendar_of(message)
    [moved] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] > first["SEQUENCE"]
    assert moved.decoded("DTSTART") == next_week_at(15, 0)


def test_closing_before_the_appointment_sends_a_cancellation(front_desk):
    appointment = contacted()
    book(front_desk, appointment, next_week_at(10, 30))
    [booked] = calendar_of(send(appointment)).walk("VEVENT")
    save_page(front_desk, appointment, status=Status.CLOSED)
    message = send(appointment)
    assert message.subject.endswith("is cancelled")
    assert "To book a new time" in message.body
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "CANCEL"
    [cancelled] = calendar.walk("VEVENT")
    assert cancelled["UID"] == booked["UID"]
    assert cancelled["SEQUENCE"] > booked["SEQUENCE"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled.decoded("DTSTART") == next_week_at(10, 30)


def test_closing_after_the_appointment_sends_nothing(front_desk):
    appointment = contacted()
    book(front_desk, appointment, next_week_at(10, 30))
    send(appointment)
    AppointmentRequest.objects.filter(pk=appointment.pk).update(
        booked_for=timezone.now() - datetime.timedelta(hours=1)
    )
    appointment.refresh_from_db()
    save_page(front_desk, appointment, status=Status.CLOSED)
    assert appointment.booking_message == BookingMessage.BOOKED
    assert send_booking_message.call(appointment.pk) == "nothing to send"


def test_unticking_the_box_books_without_emailing_and_says_so(front_desk):
    appointment = contacted()
    book(front_desk, appointment, next_week_at(10, 30), notify_patient=None)
    assert appointment.status == Status.SCHEDULED
    assert appointment.booking_message == ""
    assert not DBTaskResult.objects.exists()
    assert AuditEntry.objects.filter(
        references=appointment.reference,
        detail="Appointment booked email not sent: staff chose not to send it",
    ).exists()
    # The next change that does email tells the patient of the booking they never got.
    book(front_desk, appointment, next_week_at(11, 0))
    assert appointment.booking_message == BookingMessage.BOOKED


def test_a_patient_without_an_email_address_is_not_emailed(front_desk):
    appointment = contacted(email="")
    book(front_desk, appointment, next_week_at(10, 30))
    assert appointment.booking_message == ""
    assert not DBTaskResult.objects.exists()
    assert AuditEntry.objects.filter(
        detail="Appointment booked email not sent: the patient gave no email address"
    ).exists()


def test_a_change_of_priority_only_sends_nothing(front_desk):
    appointment = contacted()
    book(front_desk, appointment, next_week_at(10, 30))
    send(appointment)
    save_page(front_desk, appointment, priority="urgent")
    assert send_booking_message.call(appointment.pk) == "nothing to send"


def test_the_request_page_says_whether_and_when_the_email_went_out(front_desk):
    appointment = contacted()
    page = front_desk.get(change_url(appointment)).content.decode()
    assert "None sent" in page
    assert 'name="notify_patient"' in page
    book(front_desk, appointment, next_week_at(10, 30))
    page = front_desk.get(change_url(appointment)).content.decode()
    assert "Appointment booked: queued, not sent yet" in page
    send(appointment)
    page = front_desk.get(change_url(appointment)).content.decode()
    sent_at = timezone.localtime(appointment.booking_message_sent_at)
    assert f'<time datetime="{sent_at.isoformat(timespec="seconds")}">' in page
    assert "Appointment booked: sent" in page


def test_a_clinician_sees_no_email_checkbox(clinician):
    appointment = contacted()
    page = clinician.get(change_url(appointment)).content.decode()
    assert 'name="notify_patient"' not in page
    assert "None sent" in page


def test_no_datetime_attribute_on_the_request_page_has_microseconds(front_desk):
    appointment = contacted()
    book(front_desk, appointment, next_week_at(10, 30))
    send(appointment)
    page = front_desk.get(change_url(appointment)).content.decode()
    stamps = re.findall(r'datetime="([^"]+)"', page)
    assert stamps, "the page shows at least the received time"
    for stamp in stamps:
        assert "." not in stamp, stamp


def test_resend_notifications_sends_an_appointment_email_left_unsent(front_desk):
    # Its intake and confirmation emails went out long ago.
    appointment = contacted(notified_at=timezone.now(), patient_notified_at=timezone.now())
    book(front_desk, appointment, next_week_at(10, 30))
    mail.outbox.clear()
    call_command("resend_notifications", stdout=io.StringIO())
    assert [message.subject for message in mail.outbox] == [
        f"Your appointment at {get_clinic_profile().name} is booked"
    ]
    appointment.refresh_from_db()
    assert appointment.booking_message_sent_at is not None
