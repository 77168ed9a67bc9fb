"""Requests stored before triage existed get the contact deadline they would have had."""

import datetime

import holidays
from django.conf import settings
from django.db import migrations
from django.utils import timezone


def contact_due_at_for(received):
    # A copy of appointments.models.contact_due_at_for as it was when this migration was
    # written: migrations must not change meaning when the code moves on.
    day = timezone.localdate(received)
    closed = holidays.country_holidays("US", years=range(day.year, day.year + 2))
    for _ in range(settings.TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS):
        day += datetime.timedelta(days=1)
        while day.weekday() >= 5 or day in closed:
            day += datetime.timedelta(days=1)
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )


def backfill(apps, schema_editor):
    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    for request in AppointmentRequest.objects.only("pk", "created").iterator():
        AppointmentRequest.objects.filter(pk=request.pk).update(
            contact_due_at=contact_due_at_for(request.created)
        )


class Migration(migrations.Migration):
    dependencies = [("appointments", "0002_triage")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
