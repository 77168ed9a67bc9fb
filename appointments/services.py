"""The one place where appointment requests are stored and their notifications queued."""

import datetime
import logging
from collections.abc import Iterable, Mapping
from functools import partial
from importlib import import_module
from typing import cast
from urllib.parse import quote, quote_plus

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import Field, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from appointments import tasks
from appointments.models import (
    STATUS_TRANSITIONS,
    TRIAGE_FIELDS,
    AppointmentRequest,
    AuditEntry,
    ContactAttempt,
    InternalNote,
    Language,
    Priority,
    RequestStatus,
    StatusChange,
    contact_due_at_for,
    new_reference,
)
from appointments.selectors import SAVED_SEARCHES_SESSION_KEY

logger = logging.getLogger(__name__)

# A new reference collides with probability (stored requests) / 28**5; a few tries is plenty.
REFERENCE_ATTEMPTS = 5


def submit_appointment_request(
    *, appointment: AppointmentRequest, submission_token: str, language: str = Language.ENGLISH
) -> AppointmentRequest:
    """
    Store a new request exactly once per form token, inside a transaction, with the
    language the patient used (their confirmation email is sent in it). `appointment` is
    unsaved and holds what the patient sent, already validated; this adds what the clinic
    records with it. Returns it as stored, or the request an earlier post of the same form
    stored. Notifications are queued with it (see queue_notifications), so no email talks
    about a request that was rolled back, and a mail outage can never undo or delay the
    patient's answer: sending happens later, in the worker.
    """
    now = timezone.now()
    appointment.submission_token = submission_token
    appointment.consent_to_texts_at = now if appointment.consent_to_texts else None
    appointment.consent_to_voicemail_at = now if appointment.consent_to_voicemail else None
    appointment.acknowledged_at = now
    appointment.language = Language(language)
    appointment.contact_due_at = contact_due_at_for(now)
    # No lookup first: almost every post is new, and a double click or a resubmitted page
    # meets the unique constraint on the token below, which finds the stored request.
    for _attempt in range(REFERENCE_ATTEMPTS):
        appointment.reference = new_reference()
        try:
            with transaction.atomic():
                appointment.save(force_insert=True)
                queue_notifications(appointment)
        except IntegrityError:
            # Either this form was stored before (a double click, a resubmitted page, or a
            # concurrent post that won the race), or the new reference was taken; only the
            # second is worth another try.
            appointment.pk = None
            existing = AppointmentRequest.objects.filter(submission_token=submission_token)
            if (stored := existing.first()) is not None:
                return stored
            continue
        logger.info("Stored appointment request id=%s", appointment.pk)
        return appointment
    raise RuntimeError("Could not find a free appointment reference")


def queue_notifications(appointment: AppointmentRequest) -> None:
    """
    Queue the intake notification and, where there is an address, the patient's email.

    With the database task backend (production), the task rows are written inside the
    request's own transaction: workers see them exactly when the request commits, they
    vanish with it if it rolls back, and the patient's post costs one commit instead of
    two. Any other backend (the immediate one in local development sends at once) waits
    for the commit instead.
    """
    send = partial(_enqueue_notifications, appointment.pk, has_email=bool(appointment.email))
    if isinstance(tasks.send_intake_notification.get_backend(), DatabaseBackend):
        send()
    else:
        transaction.on_commit(send)


def _enqueue_notifications(appointment_id: int, *, has_email: bool) -> None:
    try:
        # A savepoint: if queueing fails, the request itself is still stored.
        with transaction.atomic():
            tasks.send_intake_notification.enqueue(appointment_id)
            if has_email:
                tasks.send_patient_confirmation.enqueue(appointment_id)
    except Exception as exc:
        # `manage.py resend_notifications` catches up with whatever was not queued.
        # No traceback: an exception message could quote data.
        logger.error(
            "Could not queue notifications for appointment request id=%s: %s",
            appointment_id,
            type(exc).__name__,
        )


# --- Triage: every change staff make to a request goes through these functions ----------


class InvalidTransition(Exception):
    """The request cannot move from its current status to the one asked for."""

    def __init__(self, from_status: str, to_status: str):
        self.from_status = RequestStatus(from_status)
        self.to_status = RequestStatus(to_status)
        super().__init__(
            f"A request that is {self.from_status.label.lower()} cannot be marked "
            f"{self.to_status.label.lower()}."
        )


def record_audit(
    *, user, action: str, appointments: Iterable[AppointmentRequest] = (), detail: str = ""
) -> AuditEntry:
    """Note who did what to which requests (by reference only) and when."""
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=user.get_username() if user is not None and user.is_authenticated else "",
        action=action,
        references=" ".join(appointment.reference for appointment in appointments),
        detail=detail[:200],
    )


def change_status(*, appointment: AppointmentRequest, to_status: str, by) -> AppointmentRequest:
    """
    Move a request to `to_status` if the workflow allows it, recording who and when in
    its status history and the audit trail. Moving to contacted also records the first
    contact. Asking for the status it already has changes nothing. Returns the request
    as stored; raises InvalidTransition otherwise.
    """
    with transaction.atomic():
        # Locked, so two staff members acting at once cannot both move it from the
        # same status.
        stored = AppointmentRequest.objects.select_for_update().get(pk=appointment.pk)
        from_status = stored.status
        if from_status == to_status:
            return stored
        if to_status not in STATUS_TRANSITIONS[from_status]:
            raise InvalidTransition(from_status, to_status)
        now = timezone.now()
        stored.status = to_status
        update_fields = ["status"]
        if to_status == RequestStatus.CONTACTED and stored.first_contacted_at is None:
            stored.first_contacted_at = now
            update_fields.append("first_contacted_at")
        stored.save(update_fields=update_fields)
        StatusChange.objects.create(
            request=stored,
            from_status=from_status,
            to_status=to_status,
            changed_by=by,
            changed_at=now,
        )
        record_audit(
            user=by,
            action=AuditEntry.Action.CHANGED_REQUEST,
            appointments=[stored],
            detail=f"Status: {RequestStatus(from_status).label} to {RequestStatus(to_status).label}",
        )
    appointment.status = stored.status
    appointment.first_contacted_at = stored.first_contacted_at
    return stored


def update_triage(
    *, appointment: AppointmentRequest, by, changes: Mapping[str, object]
) -> AppointmentRequest:
    """
    Set priority, assignee or appointment time (never the status or what the patient sent),
    recording each change from its old value to its new one.
    """
    unknown = set(changes) - set(TRIAGE_FIELDS)
    if unknown:
        raise ValueError(f"Not a triage field: {', '.join(sorted(unknown))}")
    if not changes:
        return appointment
    with transaction.atomic():
        # The old values as stored: the admin's form has already set the new ones on
        # `request`. Locked, so the entry says what this change replaced.
        stored = (
            AppointmentRequest.objects.select_for_update(of=("self",))
            .select_related("assigned_to")
            .get(pk=appointment.pk)
        )
        described = [
            f"{str(cast(Field, AppointmentRequest._meta.get_field(field)).verbose_name).capitalize()}: "
            f"{triage_value(stored, field)} to {triage_value(stored, field, value)}"
            for field, value in changes.items()
        ]
        for field, value in changes.items():
            setattr(appointment, field, value)
        appointment.save(update_fields=list(changes))
        record_audit(
            user=by,
            action=AuditEntry.Action.CHANGED_REQUEST,
            appointments=[appointment],
            detail="; ".join(described),
        )
    return appointment


NO_VALUE = object()


def triage_value(appointment: AppointmentRequest, field: str, value=NO_VALUE) -> str:
    """A triage field's value as the audit trail shows it (a username, never a patient detail)."""
    if value is NO_VALUE:
        value = getattr(appointment, field)
    if value is None or value == "":
        return "none"
    if field == "priority":
        return Priority(value).label
    if field == "assigned_to":
        return value.get_username()
    if field == "scheduled_for":
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def assign(*, appointments: Iterable[AppointmentRequest], to, by) -> int:
    """Assign requests to a staff member; returns how many changed hands."""
    changed = [appointment for appointment in appointments if appointment.assigned_to_id != to.pk]
    for appointment in changed:
        update_triage(appointment=appointment, by=by, changes={"assigned_to": to})
    return len(changed)


def set_priority(*, appointments: Iterable[AppointmentRequest], priority: str, by) -> int:
    """Give requests a priority; returns how many changed."""
    changed = [appointment for appointment in appointments if appointment.priority != priority]
    for appointment in changed:
        update_triage(appointment=appointment, by=by, changes={"priority": priority})
    return len(changed)


def record_contact_attempt(
    *,
    appointment: AppointmentRequest,
    method: str,
    outcome: str,
    attempted_at: datetime.datetime | None = None,
    by,
) -> ContactAttempt:
    """
    Record a try at reaching the patient. Any attempt counts as first contact for the
    call-back promise (models.call_back_day), so a new request becomes contacted.
    """
    with transaction.atomic():
        attempt = ContactAttempt.objects.create(
            request=appointment,
            method=method,
            outcome=outcome,
            attempted_at=attempted_at or timezone.now(),
            author=by,
        )
        record_audit(
            user=by,
            action=AuditEntry.Action.CHANGED_REQUEST,
            appointments=[appointment],
            detail=(
                f"Recorded a contact attempt: {attempt.get_method_display()}, "
                f"{attempt.get_outcome_display()}"
            ),
        )
        if appointment.status == RequestStatus.NEW:
            change_status(appointment=appointment, to_status=RequestStatus.CONTACTED, by=by)
    return attempt


def add_internal_note(*, appointment: AppointmentRequest, text: str, by) -> InternalNote:
    with transaction.atomic():
        note = InternalNote.objects.create(request=appointment, text=text, author=by)
        record_audit(
            user=by,
            action=AuditEntry.Action.CHANGED_REQUEST,
            appointments=[appointment],
            detail="Added an internal note",
        )
    return note


def delete_requests(*, appointments: Iterable[AppointmentRequest], by) -> int:
    """Delete requests and everything recorded about them, keeping an audit entry."""
    appointments = list(appointments)
    with transaction.atomic():
        record_audit(user=by, action=AuditEntry.Action.DELETED_REQUEST, appointments=appointments)
        AppointmentRequest.objects.filter(
            pk__in=[appointment.pk for appointment in appointments]
        ).delete()
    return len(appointments)


def expired_requests(*, now: datetime.datetime | None = None):
    """
    Finished requests (closed, spam, not suitable) whose last status change, or receipt
    if they never changed, is older than APPOINTMENT_RETENTION_DAYS.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.APPOINTMENT_RETENTION_DAYS)
    return (
        AppointmentRequest.objects.filter(status__in=RequestStatus.finished_values())
        .annotate(finished_at=Coalesce(Max("status_changes__changed_at"), "created"))
        .filter(finished_at__lt=cutoff)
        .order_by("created", "pk")
    )


def purge_expired_requests(*, dry_run: bool = False, by=None) -> list[str]:
    """
    Delete expired requests with their contact attempts, notes and status history, clear
    what the sign-in lockout records and staff sessions still hold about them, and record
    the count and references of exactly the requests deleted. Returns those references;
    a dry run changes nothing and returns the ones it would delete.
    """
    if dry_run:
        return list(expired_requests().values_list("reference", flat=True))
    with transaction.atomic():
        # Locked and read again: someone may have reopened one since it expired, and the
        # audit entry must name what was deleted, not what was read before.
        deleted = list(
            AppointmentRequest.objects.select_for_update()
            .filter(pk__in=expired_requests().values("pk"))
            .filter(status__in=RequestStatus.finished_values())
            .order_by("created", "pk")
            .only("pk", "reference", "full_name", "email", "phone")
        )
        if not deleted:
            return []
        AppointmentRequest.objects.filter(
            pk__in=[appointment.pk for appointment in deleted]
        ).delete()
        traces = clear_traces_of(deleted)
        record_audit(
            user=by,
            action=AuditEntry.Action.PURGED,
            appointments=deleted,
            detail=(
                f"Deleted {len(deleted)} requests finished more than "
                f"{settings.APPOINTMENT_RETENTION_DAYS} days ago"
                + (f"; cleared {traces} sign-in or session traces" if traces else "")
            ),
        )
    logger.info("Purged %s expired appointment requests", len(deleted))
    return [appointment.reference for appointment in deleted]


def clear_traces_of(appointments: list[AppointmentRequest]) -> int:
    """
    Remove what other tables may still hold about these patients: lockout records whose
    stored form data or path mention their name, email or phone (rows older than the
    rule that stores no query strings), and staff searches saved in sessions that find
    them. Returns how many rows and saved searches were cleared.
    """
    needles = {
        spelling.lower()
        for appointment in appointments
        for value in (appointment.full_name, appointment.email, appointment.phone.lstrip("+"))
        if value
        # As typed, and as a query string carries it.
        for spelling in (value, quote_plus(value), quote(value))
    }
    cleared = 0
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        text_fields = [
            f.name
            for f in model._meta.get_fields()
            if f.name in ("get_data", "post_data", "path_info")
        ]
        mentions = Q()
        for needle in needles:
            for field in text_fields:
                mentions |= Q(**{f"{field}__icontains": needle})
        if mentions:
            cleared += model.objects.filter(mentions).delete()[0]

    def finds_them(words: str) -> bool:
        words = words.lower().strip()
        digits = "".join(c for c in words if c.isdigit())
        return any(words in needle or (len(digits) >= 7 and digits in needle) for needle in needles)

    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in Session.objects.values_list("session_key", flat=True).iterator():
        session = store(session_key=session_key)
        saved = session.get(SAVED_SEARCHES_SESSION_KEY)
        if not saved:
            continue
        kept = {search_id: words for search_id, words in saved.items() if not finds_them(words)}
        if len(kept) != len(saved):
            cleared += len(saved) - len(kept)
            session[SAVED_SEARCHES_SESSION_KEY] = kept
            session.save()
    return cleared
