"""The one place where appointment requests are stored and their notifications queued."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from appointments.forms import AppointmentRequestForm
from appointments.models import AppointmentRequest, new_reference

logger = logging.getLogger(__name__)

# A new reference collides with probability (stored requests) / 28**5; a few tries is plenty.
REFERENCE_ATTEMPTS = 5


@dataclass(frozen=True)
class Submission:
    form: AppointmentRequestForm
    # The stored request: new, or the one an earlier post of the same form stored.
    appointment: AppointmentRequest | None = None
    # A program filled the trap field or posted too fast: answer as if stored, store nothing.
    discarded: bool = False


def submit_appointment_request(*, data: Mapping, language: str = "en") -> Submission:
    """
    Validate a posted form and store it exactly once per form token, inside a transaction.
    Notifications are queued only after the commit, so no email talks about a request
    that was rolled back, and a mail outage can never undo or delay the patient's answer.
    """
    form = AppointmentRequestForm(data=data)
    if not form.is_valid():
        return Submission(form=form)
    if form.looks_automated():
        logger.info("Discarded an appointment request that looked automated")
        return Submission(form=form, discarded=True)

    token = form.form_token.token
    existing = AppointmentRequest.objects.filter(submission_token=token).first()
    if existing is not None:
        return Submission(form=form, appointment=existing)

    fields = form.cleaned_data
    now = timezone.now()
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                appointment = AppointmentRequest.objects.create(
                    reference=new_reference(),
                    submission_token=token,
                    full_name=fields["full_name"],
                    date_of_birth=fields["date_of_birth"],
                    phone=fields["phone"],
                    contact_method=fields["contact_method"],
                    consent_to_texts=fields["consent_to_texts"],
                    consent_to_texts_at=now if fields["consent_to_texts"] else None,
                    consent_to_voicemail=fields["consent_to_voicemail"],
                    consent_to_voicemail_at=now if fields["consent_to_voicemail"] else None,
                    patient_type=fields["patient_type"],
                    reason=fields["reason"],
                    acknowledged_at=now,
                    email=fields["email"],
                    referring_clinician=fields["referring_clinician"],
                    payment=fields["payment"],
                    insurer_name=fields["insurer_name"],
                    preferred_times=fields["preferred_times"],
                    needs_interpreter=fields["needs_interpreter"] == "yes",
                    interpreter_language=fields["interpreter_language"],
                    zip_code=fields["zip_code"],
                    notes=fields["notes"],
                    language=language[:10] or "en",
                )
                transaction.on_commit(partial(queue_notifications, appointment.pk))
        except IntegrityError:
            # Either another post of this same form won the race (the unique token), or
            # the new reference was taken; only the second is worth another try.
            existing = AppointmentRequest.objects.filter(submission_token=token).first()
            if existing is not None:
                return Submission(form=form, appointment=existing)
            continue
        logger.info("Stored appointment request id=%s", appointment.pk)
        return Submission(form=form, appointment=appointment)
    raise RuntimeError("Could not find a free appointment reference")


def queue_notifications(appointment_id: int) -> None:
    """Queue the intake notification and, where there is an address, the patient's email."""
    from appointments import tasks

    try:
        tasks.send_intake_notification.enqueue(appointment_id)
        if AppointmentRequest.objects.filter(pk=appointment_id).exclude(email="").exists():
            tasks.send_patient_confirmation.enqueue(appointment_id)
    except Exception as exc:
        # The request is already committed; `manage.py resend_notifications` catches up.
        # No traceback: an exception message could quote data.
        logger.error(
            "Could not queue notifications for appointment request id=%s: %s",
            appointment_id,
            type(exc).__name__,
        )
