"""
Read-side helpers for triage in the admin: what counts as overdue or a possible duplicate,
the queue at a glance, phone search, and spreadsheet-safe export cells. Writes live in
services.py.
"""

import datetime
import re
import statistics
from dataclasses import dataclass

import phonenumbers
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from appointments.models import AppointmentRequest, RequestStatus

# Where the staff list keeps its search words, by opaque id (appointments/admin.py); the
# purge removes saved searches that find a deleted request (services.clear_traces_of).
SAVED_SEARCHES_SESSION_KEY = "triage_saved_searches"

DUPLICATE_WINDOW = datetime.timedelta(days=30)
# A spreadsheet treats a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def overdue_q(now: datetime.datetime) -> Q:
    """Still new, and the contact deadline (stored when the request arrived) has passed."""
    return Q(status=RequestStatus.NEW, contact_due_at__lt=now)


def possible_duplicates() -> Case:
    """
    For an annotation: another request with the same phone number or email address
    received within 30 days either side. Two subqueries in the list's SQL, not one per
    row; kept apart so each can use its own (phone, created) or (email, created) index.
    """
    nearby = AppointmentRequest.objects.filter(
        created__gte=OuterRef("created") - DUPLICATE_WINDOW,
        created__lte=OuterRef("created") + DUPLICATE_WINDOW,
    ).exclude(pk=OuterRef("pk"))
    same_phone = Exists(nearby.filter(phone=OuterRef("phone")))
    same_email = Exists(nearby.filter(email=OuterRef("email")))
    return Case(
        When(same_phone, then=Value(True)),
        # Most requests give no email; CASE skips that subquery for them entirely.
        When(email="", then=Value(False)),
        default=same_email,
        output_field=BooleanField(),
    )


def duplicates_of(request: AppointmentRequest):
    match = Q(phone=request.phone)
    if request.email:
        match |= Q(email=request.email)
    return (
        AppointmentRequest.objects.filter(
            match,
            created__gte=request.created - DUPLICATE_WINDOW,
            created__lte=request.created + DUPLICATE_WINDOW,
        )
        .exclude(pk=request.pk)
        .order_by("created")
    )


def phone_search_value(term: str) -> str | None:
    """A search term that is a US phone number in any format, as stored (E.164)."""
    digits = "".join(character for character in term if character.isdigit())
    if len(digits) < 10 or any(character.isalpha() for character in term):
        return None
    try:
        number = phonenumbers.parse(term, "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# A US number as stored (E.164, checked by the form and a database constraint).
US_E164 = re.compile(r"^\+1(\d{3})(\d{3})(\d{4})$")


def phone_display(e164: str) -> str:
    """(570) 555-0142: as front-desk staff dial it."""
    # Every stored number is a US one, and the request list shows fifty of them per page:
    # formatting it directly skips phonenumbers' full parse, which cost more than the query.
    if match := US_E164.match(e164):
        return "({}) {}-{}".format(*match.groups())
    try:
        number = phonenumbers.parse(e164, "US")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def spreadsheet_safe(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@dataclass(frozen=True)
class QueueSummary:
    new_today: int
    open: int
    overdue: int
    scheduled_this_week: int
    median_first_contact: datetime.timedelta | None


def queue_summary(now: datetime.datetime | None = None) -> QueueSummary:
    now = now or timezone.now()
    today = timezone.localdate(now)
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    monday = start_of_today - datetime.timedelta(days=today.weekday())
    requests = AppointmentRequest.objects.all()
    # Only requests contacted in the last 30 days: a few hundred rows at most.
    waits = [
        (first_contacted_at - created).total_seconds()
        for created, first_contacted_at in requests.filter(
            created__gte=now - datetime.timedelta(days=30), first_contacted_at__isnull=False
        ).values_list("created", "first_contacted_at")
        if first_contacted_at is not None  # excluded by the filter; said for the type checker
    ]
    return QueueSummary(
        new_today=requests.filter(created__gte=start_of_today).count(),
        open=requests.filter(status__in=RequestStatus.open_values()).count(),
        overdue=requests.filter(overdue_q(now)).count(),
        scheduled_this_week=requests.filter(
            status=RequestStatus.SCHEDULED,
            scheduled_for__gte=monday,
            scheduled_for__lt=monday + datetime.timedelta(days=7),
        ).count(),
        median_first_contact=(
            datetime.timedelta(seconds=statistics.median(waits)) if waits else None
        ),
    )


def describe_duration(duration: datetime.timedelta | None) -> str:
    """'2 h 15 min', '1 day 3 h' or '—': short enough for a dashboard tile."""
    if duration is None:
        return "—"
    minutes = int(duration.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"
