"""
The patient's appointment emails: booked, moved or cancelled, each with a calendar entry.

What the patient has been told is kept on the request (booking_message, booked_for,
booking_sequence), so each change staff make is compared with that, not with the page
they saved: a request that is scheduled again after a cancellation is "booked", and one
whose email staff chose not to send is still told when the next email does go out. Every
calendar entry of one request has the same UID; each update or cancellation carries a
higher SEQUENCE, which is how calendar programs replace the entry they already have.

Emails and calendar entries say "appointment at" the clinic and nothing more about the
visit: no reason, no treatment, nothing the patient wrote.
"""

import datetime
import email.utils
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task
from django_tasks_db import DatabaseBackend
from icalendar import Calendar, Event, vCalAddress, vText

from appointments.models import AppointmentRequest, AuditEntry, BookingMessage, RequestStatus
from appointments.services import record_audit
from appointments.tasks import OwedEmail, build_email
from content.clinic_details import ClinicDetails
from content.profile import get_clinic_profile

logger = logging.getLogger(__name__)

HOLDS_A_BOOKING = (BookingMessage.BOOKED, BookingMessage.RESCHEDULED)


def message_due(appointment: AppointmentRequest) -> BookingMessage | None:
    """
    The email that would bring the patient up to date with the request as stored: booked
    when it is scheduled and they hold no booking, moved when its time differs from the
    one they were given, cancelled when it stops being scheduled before that time.
    """
    holds_booking = appointment.booking_message in HOLDS_A_BOOKING
    scheduled = appointment.status == RequestStatus.SCHEDULED and appointment.scheduled_for
    if scheduled and not holds_booking:
        return BookingMessage.BOOKED
    if scheduled and appointment.scheduled_for != appointment.booked_for:
        return BookingMessage.RESCHEDULED
    if (
        holds_booking
        and not scheduled
        # Spam is never written to; closing after the visit is not a cancellation.
        and appointment.status != RequestStatus.SPAM
        and appointment.booked_for is not None
        and appointment.booked_for > timezone.now()
    ):
        return BookingMessage.CANCELLED
    return None


def after_appointment_change(
    *, appointment: AppointmentRequest, by, send: bool = True
) -> BookingMessage | None:
    """
    After staff change a request's status or appointment time: queue the email that tells
    the patient, unless they gave no email address or staff chose not to send it (`send`),
    and record either in the audit trail. Returns the message queued, if any.
    """
    with transaction.atomic():
        stored = AppointmentRequest.objects.select_for_update().get(pk=appointment.pk)
        kind = message_due(stored)
        if kind is None:
            return None
        if not stored.email or not send:
            reason = "the patient gave no email address" if send else "staff chose not to send it"
            record_audit(
                user=by,
                action=AuditEntry.Action.CHANGED_REQUEST,
                appointments=[stored],
                detail=f"{kind.label} email not sent: {reason}",
            )
            return None
        stored.booking_message = kind
        if kind != BookingMessage.CANCELLED:
            stored.booked_for = stored.scheduled_for
            # A new time deserves its own reminder.
            stored.reminder_sent_at = None
        stored.booking_sequence += 1
        stored.booking_message_sent_at = None
        stored.save(
            update_fields=[
                "booking_message",
                "booked_for",
                "booking_sequence",
                "booking_message_sent_at",
                "reminder_sent_at",
            ]
        )
        record_audit(
            user=by,
            action=AuditEntry.Action.CHANGED_REQUEST,
            appointments=[stored],
            detail=f"{kind.label} email queued for the patient",
        )
        queue_booking_message(stored.pk)
    for field in ("booking_message", "booked_for", "booking_sequence", "booking_message_sent_at"):
        setattr(appointment, field, getattr(stored, field))
    return kind


def queue_booking_message(appointment_id: int) -> None:
    """
    Queue the send with the change (the database backend writes the task in the same
    transaction, so it exists exactly when the change commits), or after the commit with
    any other backend; `manage.py resend_notifications` catches up with what was not queued.
    """

    def enqueue() -> None:
        try:
            with transaction.atomic():
                send_booking_message.enqueue(appointment_id)
        except Exception as exc:
            logger.error(
                "Could not queue the appointment email for appointment request id=%s: %s",
                appointment_id,
                type(exc).__name__,
            )

    if isinstance(send_booking_message.get_backend(), DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue)


@task()
def send_booking_message(appointment_id: int, attempt: int = 1, retry: bool = True) -> str:
    """
    Send the patient's latest appointment email. Two changes in quick succession queue two
    tasks; the first sends the latest message and the second finds nothing left to send.
    """
    return BOOKING_MESSAGE.send(send_booking_message, appointment_id, attempt, retry)


def appointment_context(appointment: AppointmentRequest, when: datetime.datetime) -> dict:
    return {
        "reference": appointment.reference,
        "when": timezone.localtime(when),
        "clinic": get_clinic_profile(),
    }


def booking_email(appointment: AppointmentRequest) -> EmailMultiAlternatives:
    """The latest appointment email with its calendar entry, in the patient's language."""
    kind = BookingMessage(appointment.booking_message)
    assert appointment.booked_for is not None, "every appointment email gives a time"
    context = {**appointment_context(appointment, appointment.booked_for), "kind": kind.value}
    with translation.override(appointment.language):
        message = build_email("appointment-message", context, [appointment.email])
        calendar = calendar_entry(appointment, context["clinic"])
    method = "CANCEL" if kind == BookingMessage.CANCELLED else "REQUEST"
    message.attach(
        "appointment.ics", calendar.to_ical(), f"text/calendar; charset=utf-8; method={method}"
    )
    return message


BOOKING_MESSAGE = OwedEmail(
    awaiting=AppointmentRequest.objects.awaiting_booking_email,
    build=booking_email,
    sent_field="booking_message_sent_at",
)


def calendar_uid(appointment: AppointmentRequest) -> str:
    """The same for every entry of one request, so a calendar replaces rather than adds."""
    return f"{appointment.reference.lower()}@{urlsplit(settings.SITE_URL).hostname}"


def calendar_entry(appointment: AppointmentRequest, clinic: ClinicDetails) -> Calendar:
    """
    An iTIP message (RFC 5546): REQUEST for a booking or a move, CANCEL for a cancellation,
    with the clinic's own time zone, so the entry shows the right time wherever it is opened.
    """
    assert appointment.booked_for is not None
    cancelled = appointment.booking_message == BookingMessage.CANCELLED
    starts = timezone.localtime(appointment.booked_for)
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CLINIC_FALLBACK_NAME}//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", calendar_uid(appointment))
    event.add("sequence", appointment.booking_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts)
    event.add("dtend", starts + datetime.timedelta(minutes=settings.APPOINTMENT_LENGTH_MINUTES))
    # Translated where the caller activated the patient's language.
    event.add("summary", gettext("Appointment at %(clinic)s") % {"clinic": clinic.name})
    if clinic.address_one_line:
        event.add("location", clinic.address_one_line)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    _name, from_address = email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{clinic.email or from_address}")
    organizer.params["cn"] = vText(clinic.name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{appointment.email}")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar
