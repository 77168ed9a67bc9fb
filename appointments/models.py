import datetime
import secrets

import holidays
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Easy to read aloud over the phone: no 0/O, 1/I/L, and no vowels that could spell words.
REFERENCE_ALPHABET = "23456789BCDFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "AMR-"
REFERENCE_LENGTH = 5


def new_reference() -> str:
    return REFERENCE_PREFIX + "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )


def next_business_day(day: datetime.date) -> datetime.date:
    """The first weekday after `day` that is not a US federal holiday."""
    closed = holidays.country_holidays("US", years=[day.year, day.year + 1])
    day += datetime.timedelta(days=1)
    while day.weekday() >= 5 or day in closed:
        day += datetime.timedelta(days=1)
    return day


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


class AppointmentRequest(models.Model):
    """A patient's request to be called back about an appointment; not a booking."""

    Status = RequestStatus

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"

    class PatientType(models.TextChoices):
        NEW = "new", "New patient"
        EXISTING = "existing", "Existing patient"

    class Reason(models.TextChoices):
        CRPS_EVALUATION = "crps_evaluation", "CRPS evaluation"
        KETAMINE_CONSULTATION = "ketamine_consultation", "Ketamine infusion consultation"
        OTHER_CHRONIC_PAIN = "other_chronic_pain", "Other chronic pain"
        FOLLOW_UP = "follow_up", "Follow-up"
        SOMETHING_ELSE = "something_else", "Something else"

    class Payment(models.TextChoices):
        INSURANCE = "insurance", "Insurance"
        SELF_PAY = "self_pay", "Self-pay"
        NOT_SURE = "not_sure", "Not sure"

    reference = models.CharField(max_length=12, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=RequestStatus, default=RequestStatus.NEW)

    full_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    phone = models.CharField("phone number (E.164)", max_length=16)
    contact_method = models.CharField(max_length=10, choices=ContactMethod)
    consent_to_texts = models.BooleanField(default=False)
    consent_to_texts_at = models.DateTimeField(null=True, blank=True)
    consent_to_voicemail = models.BooleanField(default=False)
    consent_to_voicemail_at = models.DateTimeField(null=True, blank=True)
    patient_type = models.CharField(max_length=10, choices=PatientType)
    reason = models.CharField(max_length=30, choices=Reason)
    acknowledged_at = models.DateTimeField(
        help_text="When the patient confirmed this is a request, not an emergency service."
    )
    email = models.EmailField(blank=True)
    referring_clinician = models.CharField(max_length=100, blank=True)
    payment = models.CharField(max_length=10, choices=Payment, blank=True)
    insurer_name = models.CharField(max_length=100, blank=True)
    preferred_times = models.CharField(max_length=200, blank=True)
    needs_interpreter = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=50, blank=True)
    zip_code = models.CharField("ZIP code", max_length=10, blank=True)
    notes = models.TextField(max_length=500, blank=True)
    language = models.CharField(max_length=10, default="en")

    # The form's one-time token: a double click or a resubmitted page finds this row
    # instead of storing a second one.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    # The confirmation page's address; unguessable so nobody can walk through references.
    confirmation_token = models.CharField(
        max_length=64, unique=True, editable=False, default=new_confirmation_token
    )
    created = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the intake team's notification was sent."
    )
    patient_notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the patient's confirmation email was sent."
    )

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["status", "-created"], name="appointment_status_created"),
        ]
        constraints = [
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
        ]

    def __str__(self) -> str:
        # The reference only: a name in __str__ would leak into admin messages and logs.
        return self.reference

    def call_back_by(self) -> datetime.date:
        """The day by the end of which the front desk promises to call."""
        return next_business_day(timezone.localdate(self.created))
