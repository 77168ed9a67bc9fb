"""
Notification email, sent by the task worker after a request is committed.

django-tasks has no retries of its own: a failed send queues the same task again for later,
with exponential backoff, up to APPOINTMENT_NOTIFY_MAX_ATTEMPTS. Logs name the request by
id and the error by class only, because an SMTP error message can quote an address.
"""

import datetime
import logging
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks.base import Task

from appointments.models import AppointmentRequest
from content.profile import get_clinic_profile

logger = logging.getLogger(__name__)

SEND_ERRORS = (OSError, smtplib.SMTPException)


class SendOutcome(StrEnum):
    """What a send task returns; stored as the task's result, so `task_backlog` counts them."""

    SENT = "sent"
    NOTHING_TO_SEND = "nothing to send"
    RETRY_QUEUED = "retry queued"
    # Not sent and not retried: `resend_notifications` sends it later.
    NOT_SENT = "not sent"
    GAVE_UP = "gave up"


def build_email(template: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    # Header values are one line; templates end with a newline.
    subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
    text = render_to_string(f"emails/{template}-body-text.txt", context)
    html = render_to_string(f"emails/{template}-body-html.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message


def intake_email(appointment: AppointmentRequest) -> EmailMultiAlternatives:
    admin_path = reverse("admin:appointments_appointmentrequest_change", args=[appointment.pk])
    context = {
        "reference": appointment.reference,
        "admin_url": settings.SITE_URL + admin_path,
        "clinic": get_clinic_profile(),
    }
    # For the front desk, who work in English, whatever language the patient used.
    with translation.override(settings.LANGUAGE_CODE):
        return build_email("intake-notification", context, [settings.CLINIC_INTAKE_EMAIL])


def patient_email(appointment: AppointmentRequest) -> EmailMultiAlternatives:
    context = {
        "reference": appointment.reference,
        "call_back_by": appointment.call_back_by(),
        "clinic": get_clinic_profile(),
    }
    # In the language the patient used the form in.
    with translation.override(appointment.language):
        return build_email("patient-confirmation", context, [appointment.email])


def retry_delay(attempt: int) -> datetime.timedelta:
    seconds = settings.APPOINTMENT_NOTIFY_RETRY_SECONDS * 2 ** (attempt - 1)
    return datetime.timedelta(seconds=min(seconds, settings.APPOINTMENT_NOTIFY_RETRY_MAX_SECONDS))


def retry_later(
    send_task: Task, appointment_id: int, attempt: int, error: Exception, *, retry: bool
) -> SendOutcome:
    kind = send_task.name
    if not retry:
        logger.warning(
            "Could not send %s for appointment request id=%s (%s)",
            kind,
            appointment_id,
            type(error).__name__,
        )
        return SendOutcome.NOT_SENT
    if attempt >= settings.APPOINTMENT_NOTIFY_MAX_ATTEMPTS:
        logger.error(
            "Gave up sending %s for appointment request id=%s after %s attempts (%s); "
            "run `manage.py resend_notifications` once mail works",
            kind,
            appointment_id,
            attempt,
            type(error).__name__,
        )
        return SendOutcome.GAVE_UP
    if not send_task.get_backend().supports_defer:
        logger.warning(
            "Could not send %s for appointment request id=%s (%s); this task backend cannot "
            "retry later, so `manage.py resend_notifications` will send it",
            kind,
            appointment_id,
            type(error).__name__,
        )
        return SendOutcome.NOT_SENT
    delay = retry_delay(attempt)
    send_task.using(run_after=timezone.now() + delay).enqueue(appointment_id, attempt=attempt + 1)
    logger.warning(
        "Could not send %s for appointment request id=%s (%s); attempt %s of %s, retrying in %ss",
        kind,
        appointment_id,
        type(error).__name__,
        attempt,
        settings.APPOINTMENT_NOTIFY_MAX_ATTEMPTS,
        int(delay.total_seconds()),
    )
    return SendOutcome.RETRY_QUEUED


@contextmanager
def claimed(unsent: QuerySet) -> Iterator[AppointmentRequest | None]:
    """
    The request to notify about, if this email has not been sent yet.

    On PostgreSQL the row stays locked (FOR NO KEY UPDATE, so staff can still add notes and
    contact attempts) until the sent time is recorded. A second sender of the same email (a
    duplicate task on another worker, or `resend_notifications` racing a retry) waits for the
    first to finish, then finds it sent; the request's other email waits a moment and goes
    out too. SQLite has no row locks and allows one writer at a time: there the lock would
    block every form post for as long as the mail server takes, so the check is a plain read.
    """
    if not connection.features.has_select_for_update:
        yield unsent.first()
        return
    with transaction.atomic():
        yield unsent.select_for_update(no_key=True).first()


@dataclass(frozen=True)
class OwedEmail:
    """
    An email a request can be owed: which requests still need it, how it is written, and
    the field that records it went. Its send task, `resend_notifications` and the checks
    that count unsent email all read this one definition.
    """

    awaiting: Callable[[], QuerySet]
    build: Callable[[AppointmentRequest], EmailMultiAlternatives]
    sent_field: str

    def send(self, send_task: Task, appointment_id: int, attempt: int, retry: bool) -> SendOutcome:
        """Send it once if it is still owed; on failure, retry later as `send_task`."""
        error = None
        with claimed(self.awaiting().filter(pk=appointment_id)) as appointment:
            if appointment is None:
                return SendOutcome.NOTHING_TO_SEND
            try:
                self.build(appointment).send()
            except SEND_ERRORS as send_error:
                error = send_error
            else:
                AppointmentRequest.objects.filter(pk=appointment_id).update(
                    **{self.sent_field: timezone.now()}
                )
        if error is not None:
            return retry_later(send_task, appointment_id, attempt, error, retry=retry)
        return SendOutcome.SENT


INTAKE_NOTIFICATION = OwedEmail(
    awaiting=AppointmentRequest.objects.awaiting_intake_email,
    build=intake_email,
    sent_field="notified_at",
)
PATIENT_CONFIRMATION = OwedEmail(
    awaiting=AppointmentRequest.objects.awaiting_patient_email,
    build=patient_email,
    sent_field="patient_notified_at",
)


@task()
def send_intake_notification(appointment_id: int, attempt: int = 1, retry: bool = True) -> str:
    """Tell the intake team a request arrived: its reference and an admin link, nothing else."""
    return INTAKE_NOTIFICATION.send(send_intake_notification, appointment_id, attempt, retry)


@task()
def send_patient_confirmation(appointment_id: int, attempt: int = 1, retry: bool = True) -> str:
    """Send the patient their reference and what happens next; no clinical details."""
    return PATIENT_CONFIRMATION.send(send_patient_confirmation, appointment_id, attempt, retry)
