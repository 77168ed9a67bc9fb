import datetime
import hashlib
import json
import secrets

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.calendar import next_working_day

# Easy to read aloud over the phone: no 0/O, 1/I/L, and no vowels that could spell words.
REFERENCE_ALPHABET = "23456789BCDFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "AMR-"
REFERENCE_LENGTH = 5


def new_reference() -> str:
    return REFERENCE_PREFIX + "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )


def new_confirmation_token() -> str:
    return secrets.token_urlsafe(32)


class RequestStatus(models.TextChoices):
    """Where a request is in triage; every request starts as new."""

    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    SCHEDULED = "scheduled", "Scheduled"
    WAITLISTED = "waitlisted", "Waitlisted"
    NOT_SUITABLE = "not_suitable", "Not suitable"
    CLOSED = "closed", "Closed"
    SPAM = "spam", "Spam"

    @classmethod
    def open_values(cls) -> list[str]:
        """Statuses still waiting on the front desk; the rest are finished."""
        return [cls.NEW.value, cls.CONTACTED.value, cls.SCHEDULED.value, cls.WAITLISTED.value]

    @classmethod
    def finished_values(cls) -> list[str]:
        return [value for value in cls.values if value not in cls.open_values()]

    def next_statuses(self) -> list["RequestStatus"]:
        """Where a request in this status may go next; spam is always one step away."""
        return [RequestStatus(value) for value in STATUS_TRANSITIONS[self]]


STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    RequestStatus.NEW: (RequestStatus.CONTACTED, RequestStatus.SPAM),
    RequestStatus.CONTACTED: (
        RequestStatus.SCHEDULED,
        RequestStatus.WAITLISTED,
        RequestStatus.NOT_SUITABLE,
        RequestStatus.CLOSED,
        RequestStatus.SPAM,
    ),
    RequestStatus.WAITLISTED: (
        RequestStatus.SCHEDULED,
        RequestStatus.NOT_SUITABLE,
        RequestStatus.CLOSED,
        RequestStatus.SPAM,
    ),
    RequestStatus.SCHEDULED: (RequestStatus.CLOSED, RequestStatus.SPAM),
    RequestStatus.NOT_SUITABLE: (RequestStatus.CLOSED, RequestStatus.SPAM),
    RequestStatus.CLOSED: (RequestStatus.SPAM,),
    # Marked as spam by mistake: back to the start of the queue.
    RequestStatus.SPAM: (RequestStatus.NEW,),
}


class Priority(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Soon"
    URGENT = "urgent", "Urgent"


def call_back_day(received: datetime.datetime) -> datetime.date:
    """
    The call-back promise: the day by the end of which the front desk first contacts the
    patient, TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS after the day received, in the clinic's
    time zone, counting only days the clinic is open (content.calendar). The patient's
    pages and email, the triage deadline and the admin all read it from here, so they never
    disagree.
    """
    day = timezone.localdate(received)
    for _working_day in range(settings.TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS):
        day = next_working_day(day)
    return day


def contact_due_at_for(received: datetime.datetime) -> datetime.datetime:
    """
    The midnight that ends the call-back day. Stored on the request so that "overdue" is
    an indexed comparison rather than a calendar walk per row.
    """
    end_of_day = datetime.datetime.combine(
        call_back_day(received) + datetime.timedelta(days=1), datetime.time()
    )
    return timezone.make_aware(end_of_day)


def default_contact_due_at() -> datetime.datetime:
    return contact_due_at_for(timezone.now())


def queue_rank():
    """Open requests sort before finished ones; the admin list and its index share this."""
    return Case(
        When(status__in=RequestStatus.open_values(), then=Value(0)),
        default=Value(1),
        output_field=models.IntegerField(),
    )


class BookingMessage(models.TextChoices):
    """The appointment emails a patient can be sent (appointments/booking.py)."""

    BOOKED = "booked", "Appointment booked"
    RESCHEDULED = "rescheduled", "Appointment moved"
    CANCELLED = "cancelled", "Appointment cancelled"


class Language(models.TextChoices):
    """The language the patient used the form in (settings.LANGUAGES), named for staff."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


# Set by the front desk in the admin (services.update_triage), never by the patient; the
# status has its own service (services.change_status).
TRIAGE_FIELDS = ("priority", "assigned_to", "scheduled_for")
# Everything on a request that the patient did not send.
RECORDED_BY_THE_CLINIC = frozenset(
    {
        "id",
        "reference",
        "status",
        "submission_token",
        "confirmation_token",
        "created",
        "notified_at",
        "patient_notified_at",
        *TRIAGE_FIELDS,
        "first_contacted_at",
        "contact_due_at",
        # What the patient has been sent about their appointment (appointments/booking.py,
        # reminders.py) and the overdue alert (alerts.py).
        "booking_message",
        "booked_for",
        "booking_sequence",
        "booking_message_sent_at",
        "reminder_sent_at",
        "overdue_alert_sent_at",
    }
)


class AppointmentRequestQuerySet(models.QuerySet):
    """
    Which requests still need their email: the one answer that the send tasks,
    `resend_notifications` and `task_backlog` all use. Spam is never announced.
    """

    def awaiting_intake_email(self) -> "AppointmentRequestQuerySet":
        return self.exclude(status=RequestStatus.SPAM).filter(notified_at__isnull=True)

    def awaiting_patient_email(self) -> "AppointmentRequestQuerySet":
        return (
            self.exclude(status=RequestStatus.SPAM)
            .filter(patient_notified_at__isnull=True)
            .exclude(email="")
        )

    def awaiting_booking_email(self) -> "AppointmentRequestQuerySet":
        """The latest appointment email (booked, moved, cancelled) is queued but not sent."""
        return (
            self.exclude(status=RequestStatus.SPAM)
            .exclude(email="")
            .exclude(booking_message="")
            .filter(booking_message_sent_at__isnull=True)
        )

    def awaiting_email(self) -> "AppointmentRequestQuerySet":
        """
        Requests whose arrival emails (intake notification, patient confirmation) are not
        sent yet: what `task_backlog` counts against the time since the request came in.
        """
        return self.awaiting_intake_email() | self.awaiting_patient_email()


class AppointmentRequest(models.Model):
    """A patient's request to be called back about an appointment; not a booking."""

    # Set by the admin, which annotates its rows (appointments/admin.py).
    is_possible_duplicate: bool
    is_overdue: bool

    # The labels patients choose from on the form, so translated; staff read them in English.
    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("Email")

    class PatientType(models.TextChoices):
        NEW = "new", _("New patient")
        EXISTING = "existing", _("Existing patient")

    class Reason(models.TextChoices):
        CRPS_EVALUATION = "crps_evaluation", _("CRPS evaluation")
        KETAMINE_CONSULTATION = "ketamine_consultation", _("Ketamine infusion consultation")
        OTHER_CHRONIC_PAIN = "other_chronic_pain", _("Other chronic pain")
        FOLLOW_UP = "follow_up", _("Follow-up")
        SOMETHING_ELSE = "something_else", _("Something else")

    class Payment(models.TextChoices):
        INSURANCE = "insurance", _("Insurance")
        SELF_PAY = "self_pay", _("Self-pay")
        NOT_SURE = "not_sure", _("Not sure")

    # Unique by a constraint in Meta, not unique=True: on PostgreSQL, unique=True on a text
    # column adds a second, LIKE-pattern index that nothing here uses (a search by reference
    # uses appointment_reference_prefix; the tokens are only ever looked up whole), and every
    # post paid for keeping it.
    reference = models.CharField(max_length=12, editable=False)
    status = models.CharField(max_length=20, choices=RequestStatus, default=RequestStatus.NEW)

    # What the patient sent, in the order of the form: the form, the admin's read-only
    # groups and the export all follow these declarations (patient_fields). Fields that are
    # not editable are recorded with the answers (when consent was given), never typed.
    full_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    phone = models.CharField("phone number (E.164)", max_length=16)
    contact_method = models.CharField(max_length=10, choices=ContactMethod)
    consent_to_texts = models.BooleanField(default=False)
    consent_to_texts_at = models.DateTimeField(null=True, blank=True, editable=False)
    consent_to_voicemail = models.BooleanField(default=False)
    consent_to_voicemail_at = models.DateTimeField(null=True, blank=True, editable=False)
    email = models.EmailField(blank=True)
    patient_type = models.CharField(max_length=10, choices=PatientType)
    reason = models.CharField(max_length=30, choices=Reason)
    referring_clinician = models.CharField(max_length=100, blank=True)
    payment = models.CharField(max_length=10, choices=Payment, blank=True)
    insurer_name = models.CharField(max_length=100, blank=True)
    preferred_times = models.CharField(max_length=200, blank=True)
    needs_interpreter = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=50, blank=True)
    zip_code = models.CharField("ZIP code", max_length=10, blank=True)
    notes = models.TextField(max_length=500, blank=True)
    acknowledged_at = models.DateTimeField(
        editable=False,
        help_text="When the patient confirmed this is a request, not an emergency service.",
    )
    # The front desk can filter by it, so a Spanish-speaking colleague makes the call back.
    language = models.CharField(
        "language used",
        max_length=10,
        choices=Language,
        default=Language.ENGLISH,
        editable=False,
    )

    # The form's one-time token: a double click or a resubmitted page finds this row
    # instead of storing a second one.
    submission_token = models.CharField(max_length=64, editable=False)
    # The confirmation page's address; unguessable so nobody can walk through references.
    confirmation_token = models.CharField(
        max_length=64, editable=False, default=new_confirmation_token
    )
    created = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the intake team's notification was sent."
    )
    patient_notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the patient's confirmation email was sent."
    )

    # Triage, done by staff in the admin.
    priority = models.CharField(max_length=10, choices=Priority, default=Priority.ROUTINE)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_appointment_requests",
        verbose_name="assigned to",
    )
    scheduled_for = models.DateTimeField("appointment date and time", null=True, blank=True)
    first_contacted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the patient has been told by email about their appointment (appointments/booking.py).
    booking_message = models.CharField(
        "last appointment email", max_length=12, choices=BookingMessage, blank=True, editable=False
    )
    booked_for = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The time the last appointment email gave."
    )
    # The calendar attachment's SEQUENCE: each update or cancellation must carry a higher one.
    booking_sequence = models.PositiveIntegerField(default=0, editable=False)
    booking_message_sent_at = models.DateTimeField(
        "appointment email sent", null=True, blank=True, editable=False
    )
    reminder_sent_at = models.DateTimeField("reminder sent", null=True, blank=True, editable=False)
    # The intake team's "now overdue" alert (appointments/alerts.py), sent once per request.
    overdue_alert_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    contact_due_at = models.DateTimeField(
        "first contact due", default=default_contact_due_at, editable=False
    )

    objects = AppointmentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["status", "-created"], name="appointment_status_created"),
            # The triage list: open first, oldest first (see queue_rank).
            models.Index(queue_rank(), "created", "id", name="appointment_queue_order"),
            # "Overdue" is status new and contact_due_at in the past.
            models.Index(fields=["status", "contact_due_at"], name="appointment_overdue"),
            # The possible-duplicate flag looks up the same phone or email nearby in time.
            models.Index(fields=["phone", "created"], name="appointment_phone_created"),
            models.Index(fields=["email", "created"], name="appointment_email_created"),
            models.Index(fields=["created"], name="appointment_created"),
        ]
        permissions = [
            ("export_appointmentrequest", "Can export appointment requests to CSV"),
            ("purge_appointmentrequest", "Can purge appointment requests past retention"),
        ]
        constraints = [
            # See reference, above: why these are constraints rather than unique=True.
            models.UniqueConstraint(fields=["reference"], name="appointment_reference_unique"),
            models.UniqueConstraint(
                fields=["submission_token"], name="appointment_submission_token_unique"
            ),
            models.UniqueConstraint(
                fields=["confirmation_token"], name="appointment_confirmation_token_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="appointment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(contact_method="email") | ~Q(email=""),
                name="appointment_email_when_contact_by_email",
            ),
            models.CheckConstraint(
                condition=~Q(contact_method="text") | Q(consent_to_texts=True),
                name="appointment_text_consent_when_contact_by_text",
            ),
            models.CheckConstraint(
                condition=Q(consent_to_texts=False, consent_to_texts_at__isnull=True)
                | Q(consent_to_texts=True, consent_to_texts_at__isnull=False),
                name="appointment_text_consent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(consent_to_voicemail=False, consent_to_voicemail_at__isnull=True)
                | Q(consent_to_voicemail=True, consent_to_voicemail_at__isnull=False),
                name="appointment_voicemail_consent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(needs_interpreter=False) | ~Q(interpreter_language=""),
                name="appointment_language_when_interpreter",
            ),
            models.CheckConstraint(
                condition=Q(phone__startswith="+1"), name="appointment_phone_is_us_e164"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="appointment_language_valid"
            ),
            # The admin's triage form says so next to the field (TriageForm.clean).
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.SCHEDULED) | Q(scheduled_for__isnull=False),
                name="appointment_scheduled_has_time",
                violation_error_message="Enter the appointment date and time.",
            ),
        ]

    def __str__(self) -> str:
        # The reference only: a name in __str__ would leak into admin messages and logs.
        return self.reference

    @classmethod
    def patient_fields(cls) -> list[str]:
        """What the patient sent and when they agreed to it, in the order of the form."""
        return [
            field.name
            for field in cls._meta.concrete_fields
            if field.name not in RECORDED_BY_THE_CLINIC
        ]

    @classmethod
    def typed_by_patient(cls) -> list[str]:
        """The fields of the request form."""
        return [name for name in cls.patient_fields() if cls._meta.get_field(name).editable]

    def call_back_by(self) -> datetime.date:
        """
        The day by the end of which the front desk promises to call: the day the stored
        deadline ends, so the patient is told the day staff see as due.
        """
        return timezone.localdate(self.contact_due_at - datetime.timedelta(microseconds=1))


class ContactAttempt(models.Model):
    """One try at reaching the patient, whatever came of it."""

    # Staff reach patients by the same means patients choose from on the form.
    Method = AppointmentRequest.ContactMethod

    class Outcome(models.TextChoices):
        REACHED = "reached", "Spoke with the patient"
        VOICEMAIL = "voicemail", "Left a voicemail"
        NO_ANSWER = "no_answer", "No answer, no message left"
        MESSAGE_SENT = "message_sent", "Message sent"
        WRONG_NUMBER = "wrong_number", "Wrong or disconnected number"

    request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    attempted_at = models.DateTimeField("when", default=timezone.now)
    method = models.CharField("how", max_length=10, choices=Method)
    outcome = models.CharField(max_length=20, choices=Outcome)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attempted_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_outcome_display()}"


class InternalNote(models.Model):
    """A note for colleagues; never shown to the patient."""

    request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="internal_notes"
    )
    text = models.TextField(max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk}"


class StatusChange(models.Model):
    """One step of a request's status history, written only by services.change_status."""

    request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=RequestStatus)
    to_status = models.CharField(max_length=20, choices=RequestStatus)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        get_latest_by = "changed_at"

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class AlertSubscription(models.Model):
    """Which intake alerts a staff member gets by email, chosen by them (appointments/alerts.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_subscription"
    )
    intake_digest = models.BooleanField(
        "morning intake digest",
        default=False,
        help_text="Each working day: how many new requests are due for first contact today.",
    )
    overdue_alerts = models.BooleanField(
        "overdue alerts",
        default=False,
        help_text="As soon as a request passes its first-contact deadline without a contact.",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return f"Email alerts of {self.user.get_username()}"


class IntakeDigest(models.Model):
    """One row per working day whose digest went out: the unique day keeps it to one."""

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Intake digest of {self.day:%Y-%m-%d}"


class AuditEntry(models.Model):
    """
    Who saw or changed which requests, and when. Holds request references only, never
    patient details, and no foreign key to the request, so an entry outlives a purge.
    """

    class Action(models.TextChoices):
        VIEWED_LIST = "viewed_list", "Viewed the request list"
        VIEWED_REQUEST = "viewed_request", "Viewed a request"
        CHANGED_REQUEST = "changed_request", "Changed a request"
        DELETED_REQUEST = "deleted_request", "Deleted a request"
        EXPORTED = "exported", "Exported requests"
        PURGED = "purged", "Purged expired requests"
        # Staff access (staff/): no request involved, the account is the entry's user.
        INVITED = "invited", "Made a sign-in invitation"
        ENROLLED = "enrolled", "Set up a sign-in method"
        USED_RECOVERY_CODE = "used_recovery_code", "Signed in with a recovery code"
        RENEWED_RECOVERY_CODES = "new_recovery_codes", "Made new recovery codes"

    # No database constraint and nothing done on delete: deleting an account must not
    # rewrite the entries (the database refuses that); `username` keeps naming the person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField("time", default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=Action)
    references = models.TextField(
        blank=True, help_text="The references of the requests involved, separated by spaces."
    )
    detail = models.CharField(max_length=200, blank=True)
    # SHA-256 over this entry's content and the previous entry's hash (verify_audit_trail).
    entry_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.username or 'system'} {self.get_action_display().lower()}"

    def save(self, *args, **kwargs):
        # Every entry, wherever it is written, joins the chain: the chain is a property of
        # the table, not of one caller. Entries are only ever added (the database refuses
        # updates on PostgreSQL), so this runs once per entry.
        if self.pk is not None:
            raise ValueError("Audit entries are never changed.")
        with transaction.atomic(using=kwargs.get("using")):
            lock_audit_chain()
            previous = AuditEntry.objects.order_by("-pk").values_list("entry_hash", flat=True)
            self.entry_hash = audit_hash(self, previous.first() or "")
            super().save(*args, **kwargs)


def audit_hash(entry: "AuditEntry", previous_hash: str) -> str:
    """The hash that chains `entry` to the one before it."""
    content = json.dumps(
        [
            previous_hash,
            entry.user_id,
            entry.username,
            entry.at.astimezone(datetime.UTC).isoformat(),
            entry.action,
            entry.references,
            entry.detail,
        ]
    )
    return hashlib.sha256(content.encode()).hexdigest()


def lock_audit_chain() -> None:
    """
    Serialise appends on PostgreSQL until the transaction ends, so two entries written at
    once never chain to the same predecessor. (SQLite serialises writers by itself.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])


# Any constant unique to this lock among the application's advisory locks.
AUDIT_CHAIN_LOCK = 16_164_312
