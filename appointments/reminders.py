"""
The reminder the working day before an appointment, sent by `manage.py send_reminders`
(deploy/systemd/clinic-reminders.timer) to every scheduled patient with an email address.

Sent once however many servers run the command at the same moment: each send holds the
request's row locked until the sent time is recorded (tasks.OwedEmail.send), so a second run
waits, then finds the reminder sent. A failed send is retried by the task worker like the
other emails.
"""

import datetime

from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.utils import timezone, translation
from django_tasks import task

from appointments.booking import appointment_context
from appointments.models import AppointmentRequest, RequestStatus
from appointments.tasks import OwedEmail, build_email
from content.calendar import next_working_day


def reminders_due(today: datetime.date | None = None) -> QuerySet:
    """
    Scheduled appointments after today, up to the end of the next working day, whose
    reminder has not gone out: on a Friday that is Saturday to Monday.
    """
    today = today or timezone.localdate()
    starts = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    ends = timezone.make_aware(
        datetime.datetime.combine(
            next_working_day(today) + datetime.timedelta(days=1), datetime.time()
        )
    )
    return (
        AppointmentRequest.objects.filter(
            status=RequestStatus.SCHEDULED,
            scheduled_for__gte=starts,
            scheduled_for__lt=ends,
            reminder_sent_at__isnull=True,
        )
        .exclude(email="")
        .order_by("scheduled_for", "pk")
    )


def reminder_email(appointment: AppointmentRequest) -> EmailMultiAlternatives:
    assert appointment.scheduled_for is not None
    context = appointment_context(appointment, appointment.scheduled_for)
    with translation.override(appointment.language):
        return build_email("appointment-reminder", context, [appointment.email])


# Due as of the day it is sent: a retry after the appointment has passed sends nothing.
REMINDER = OwedEmail(awaiting=reminders_due, build=reminder_email, sent_field="reminder_sent_at")


@task()
def send_reminder(appointment_id: int, attempt: int = 1, retry: bool = True) -> str:
    """Remind the patient of tomorrow's appointment: when, where, what to bring; nothing clinical."""
    return REMINDER.send(send_reminder, appointment_id, attempt, retry)
