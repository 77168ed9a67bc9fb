"""
The clinic's calendar: which days it is open. A working day is a weekday with opening hours
(content.models.OpeningHours) that is not a closed day (content.models.ClosedDay). The
call-back promise, the triage deadline, the reminder day and the intake digest all count
working days through next_working_day, so what the patient is told and what staff see move
together when the practice manager changes the calendar.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from content.caching import CALENDAR_KEY, CALENDAR_SECONDS, forget_clinic_calendar
from content.models import ClinicProfile, ClosedDay, OpeningHours

# A calendar with no open weekday at all (every day emptied by mistake) would make "the next
# working day" never come; the promise then counts Monday to Friday, and the admin warns.
FALLBACK_OPEN_WEEKDAYS = frozenset(range(5))
# A year and a bit of closed days in a row means the same mistake.
LONGEST_CLOSURE_DAYS = 400


@dataclass(frozen=True)
class ClinicCalendar:
    open_weekdays: frozenset[int]
    closed_days: frozenset[datetime.date]

    def is_open(self, day: datetime.date) -> bool:
        return day.weekday() in self.open_weekdays and day not in self.closed_days

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The first day after `day` that the clinic is open."""
        for offset in range(1, LONGEST_CLOSURE_DAYS):
            candidate = day + datetime.timedelta(days=offset)
            if self.is_open(candidate):
                return candidate
        return day + datetime.timedelta(days=1)


def load_clinic_calendar() -> ClinicCalendar:
    open_weekdays = frozenset(
        OpeningHours.objects.filter(opens__isnull=False).values_list("weekday", flat=True)
    )
    # All of them, a few dozen a year: an old request's call-back day is worked out again
    # from the calendar it was received under.
    closed = ClosedDay.objects.values_list("day", flat=True)
    return ClinicCalendar(
        open_weekdays=open_weekdays or FALLBACK_OPEN_WEEKDAYS, closed_days=frozenset(closed)
    )


def clinic_calendar() -> ClinicCalendar:
    calendar = cache.get(CALENDAR_KEY)
    if calendar is None:
        calendar = load_clinic_calendar()
        # Saving the calendar forgets this copy at once (below).
        cache.set(CALENDAR_KEY, calendar, CALENDAR_SECONDS)
    return calendar


def next_working_day(day: datetime.date) -> datetime.date:
    return clinic_calendar().next_working_day(day)


def is_working_day(day: datetime.date) -> bool:
    return clinic_calendar().is_open(day)


@receiver([post_save, post_delete], sender=OpeningHours)
@receiver([post_save, post_delete], sender=ClosedDay)
def calendar_changed(sender, **kwargs) -> None:
    forget_clinic_calendar()
    if sender is OpeningHours:
        # The opening hours are part of the clinic's details, on every public page.
        ClinicProfile.load().publish_details()


def ensure_week_after_migrate(sender, using: str = "default", **kwargs) -> None:
    OpeningHours.ensure_week()
