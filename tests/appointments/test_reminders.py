"""
The reminder the working day before an appointment (appointments/reminders.py), sent by
`manage.py send_reminders`: to whom, on which day, in which language, and only once.
"""

import datetime
import io
import threading
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection

from appointments.models import AppointmentRequest, RequestStatus
from appointments.reminders import reminders_due, send_reminder
from content.models import ClosedDay
from tests.factories import AppointmentRequestFactory

CLINIC_ZONE = ZoneInfo("America/New_York")
# A Thursday, a Friday and the Monday after, in a week with no federal holiday.
THURSDAY = datetime.date(2026, 3, 12)
FRIDAY = datetime.date(2026, 3, 13)
MONDAY = datetime.date(2026, 3, 16)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CLINIC_ZONE)


@pytest.fixture
def thursday_morning():
    with time_machine.travel(at(THURSDAY, 10), tick=True):
        yield


def scheduled(when: datetime.datetime, **fields) -> AppointmentRequest:
    return AppointmentRequestFactory(
        **{
            "status": RequestStatus.SCHEDULED,
            "scheduled_for": when,
            "email": "dana@example.org",
            "notes": "My left hand is burning.",
            **fields,
        }
    )


@pytest.mark.django_db
class TestWhichRemindersAreDue:
    def test_on_thursday_fridays_appointments_are_due(self):
        friday = scheduled(at(FRIDAY))
        scheduled(at(MONDAY))
        scheduled(at(THURSDAY, 16))  # today: too late for a reminder
        assert list(reminders_due(THURSDAY)) == [friday]

    def test_on_friday_the_weekend_and_monday_are_due(self):
        monday = scheduled(at(MONDAY, 9))
        scheduled(at(MONDAY + datetime.timedelta(days=1)))
        assert list(reminders_due(FRIDAY)) == [monday]

    def test_a_closed_day_is_skipped_like_a_weekend(self):
        # Friday July 3, 2026, the observed Independence Day, with the clinic closed:
        # Thursday reminds Monday too.
        ClosedDay.objects.create(day=datetime.date(2026, 7, 3), reason="Independence Day")
        thursday = datetime.date(2026, 7, 2)
        monday = scheduled(at(datetime.date(2026, 7, 6)))
        assert list(reminders_due(thursday)) == [monday]

    def test_no_email_address_no_reminder_and_only_scheduled_requests(self):
        scheduled(at(FRIDAY), email="")
        scheduled(at(FRIDAY), status=RequestStatus.CLOSED)
        assert list(reminders_due(THURSDAY)) == []


@pytest.mark.django_db
def test_the_command_sends_each_reminder_once_in_the_patients_language(thursday_morning):
    english = scheduled(at(FRIDAY, 9))
    spanish = scheduled(at(FRIDAY, 14), language="es", email="rosa@example.org")
    call_command("send_reminders", stdout=(out := io.StringIO()))
    assert "Sent 2 reminder(s)" in out.getvalue()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["dana@example.org"].subject.startswith("Reminder: your appointment at")
    assert "When: Friday, March 13 at 9:00 AM" in by_address["dana@example.org"].body
    assert by_address["rosa@example.org"].subject.startswith("Recordatorio: su cita en")
    assert "14:00" in by_address["rosa@example.org"].body
    for message in mail.outbox:
        for body in (message.body, message.alternatives[0].content):
            for detail in ("burning", "CRPS", "Dana", "Rivers"):
                assert detail not in body
    for appointment in (english, spanish):
        appointment.refresh_from_db()
        assert appointment.reminder_sent_at is not None
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failed_reminder_is_left_for_the_next_try(thursday_morning, monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    appointment = scheduled(at(FRIDAY))

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    assert send_reminder.call(appointment.pk) == "retry queued"
    appointment.refresh_from_db()
    assert appointment.reminder_sent_at is None


class SlowMailbox(EmailBackend):
    """The test mailbox, as slow as a real mail server, so two senders overlap."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_servers_running_the_command_at_once_send_each_reminder_once(
    thursday_morning, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.SlowMailbox"
    appointments = [scheduled(at(FRIDAY, hour)) for hour in (9, 10, 11)]
    start = threading.Barrier(2)
    errors = []

    def run_on_a_server():
        try:
            start.wait()
            call_command("send_reminders", stdout=io.StringIO())
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    servers = [threading.Thread(target=run_on_a_server) for _ in range(2)]
    for server in servers:
        server.start()
    for server in servers:
        server.join(timeout=60)
    assert not errors
    assert len(mail.outbox) == len(appointments)
    assert AppointmentRequest.objects.filter(reminder_sent_at__isnull=True).count() == 0
