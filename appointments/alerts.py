"""
Alerts before the call-back promise breaks, sent by `manage.py send_intake_alerts`
(deploy/systemd/clinic-intake-alerts.timer, every few minutes):

- the intake digest, once each working day at INTAKE_DIGEST_TIME: how many new requests
  are due for first contact by the end of today and how many are overdue, with links;
- the overdue alert, as soon as a run finds requests that have passed their deadline
  still new: their references and links, once per request.

Both go to the intake address and to staff who subscribed in their own settings (the
practice manager sees who has). Counts, references and admin links only: no patient data.
Each is sent once however many servers run the command at once: the digest's day is a
unique row written in the same transaction as the send, and the overdue requests are
claimed by row locks that a second run skips.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from appointments.models import AppointmentRequest, IntakeDigest, RequestStatus
from appointments.selectors import overdue_q
from appointments.tasks import SEND_ERRORS, build_email
from content.calendar import is_working_day
from content.profile import get_clinic_profile

logger = logging.getLogger(__name__)

CHANGELIST = "admin:appointments_appointmentrequest_changelist"


def recipients(subscription: str) -> list[str]:
    """The intake address, then each active staff member subscribed who may see requests."""
    subscribed = (
        get_user_model()
        .objects.filter(
            is_active=True, is_staff=True, **{f"alert_subscription__{subscription}": True}
        )
        .exclude(email="")
        .order_by("username")
    )
    addresses = [settings.CLINIC_INTAKE_EMAIL]
    for user in subscribed:
        if user.has_perm("appointments.view_appointmentrequest") and user.email not in addresses:
            addresses.append(user.email)
    return addresses


def staff_email(template: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    # For the front desk, who work in English. Bcc: subscribers do not see each other.
    with translation.override(settings.LANGUAGE_CODE):
        message = build_email(template, {**context, "clinic": get_clinic_profile()}, to[:1])
    message.bcc = to[1:]
    return message


def list_url(query: str) -> str:
    return f"{settings.SITE_URL}{reverse(CHANGELIST)}?{query}"


def send_intake_digest(now: datetime.datetime | None = None) -> str:
    """Send today's digest if it is a working day, its time has come and no run has sent it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not is_working_day(today):
        return "not a working day"
    if timezone.localtime(now).time() < settings.INTAKE_DIGEST_AT:
        return "not yet"
    if IntakeDigest.objects.filter(day=today).exists():
        return "already sent"
    end_of_today = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    new = AppointmentRequest.objects.filter(status=RequestStatus.NEW)
    context = {
        "day": today,
        "due_today": new.filter(contact_due_at__gt=now, contact_due_at__lte=end_of_today).count(),
        "overdue": new.filter(overdue_q(now)).count(),
        "new_url": list_url("status__exact=new"),
        "overdue_url": list_url("overdue=yes"),
    }
    message = staff_email("intake-digest", context, recipients("intake_digest"))
    try:
        # A second run inserting the same day waits for this transaction, then fails on
        # the unique day: sent once. A failed send rolls the day back for the next run.
        with transaction.atomic():
            IntakeDigest.objects.create(day=today, sent_at=now)
            message.send()
    except IntegrityError:
        return "already sent"
    except SEND_ERRORS as error:
        logger.warning("Could not send the intake digest (%s)", type(error).__name__)
        return "not sent"
    return "sent"


def send_overdue_alerts(now: datetime.datetime | None = None) -> int:
    """Announce requests that became overdue since the last run; returns how many."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # Rows another run has claimed are skipped, not waited for: it is announcing them.
            newly_overdue = list(
                AppointmentRequest.objects.filter(
                    overdue_q(now), overdue_alert_sent_at__isnull=True
                )
                .select_for_update(skip_locked=True)
                .order_by("contact_due_at", "pk")
                .only("pk", "reference")
            )
            if not newly_overdue:
                return 0
            links = [
                (
                    appointment.reference,
                    settings.SITE_URL
                    + reverse(
                        "admin:appointments_appointmentrequest_change", args=[appointment.pk]
                    ),
                )
                for appointment in newly_overdue
            ]
            context = {"links": links, "overdue_url": list_url("overdue=yes")}
            staff_email("intake-overdue", context, recipients("overdue_alerts")).send()
            AppointmentRequest.objects.filter(pk__in=[a.pk for a in newly_overdue]).update(
                overdue_alert_sent_at=now
            )
    except SEND_ERRORS as error:
        logger.warning("Could not send the overdue alert (%s)", type(error).__name__)
        return 0
    return len(newly_overdue)
