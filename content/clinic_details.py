"""
The clinic's details as templates see them: name, phone, address, hours and the facts staff
give in each language, with the formatting patients read.

Plain data built from settings or from content.models.ClinicProfile. This module imports no
models and no cache, so the page of last resort (clinic/last_resort.py) can use it when
nothing else works.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby
from typing import NamedTuple
from urllib.parse import urlencode

import phonenumbers
from django.conf import settings
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import gettext

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class DayHours(NamedTuple):
    """One open weekday (Monday is 0, as date.weekday() counts) and its hours."""

    weekday: int
    opens: datetime.time
    closes: datetime.time


@dataclass(frozen=True)
class ClinicDetails:
    name: str
    phone: str
    legal_name: str = ""
    email: str = ""
    street_address: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    # The open weekdays in order (content.models.OpeningHours); a day not listed is closed.
    weekly_hours: tuple[DayHours, ...] = ()
    accepting_new_patients: bool = True
    price_range_by_language: dict[str, str] = field(default_factory=dict, compare=False)
    after_hours_by_language: dict[str, str] = field(default_factory=dict, compare=False)
    from_fallback: bool = field(default=False, compare=False)

    @property
    def phone_display(self) -> str:
        """The number as a US patient writes it: (570) 555-0123."""
        try:
            parsed = phonenumbers.parse(self.phone, "US")
        except phonenumbers.NumberParseException:
            return self.phone
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def price_range(self) -> str:
        return in_current_language(self.price_range_by_language)

    @property
    def after_hours(self) -> str:
        return in_current_language(self.after_hours_by_language)

    @property
    def hours_lines(self) -> list[str]:
        """
        The weekly hours as patients read them, in the page's language: consecutive days
        with the same hours on one line ("Monday to Friday: 9 a.m. to 5 p.m.").
        """
        lines = []
        runs = groupby(enumerate(self.weekly_hours), lambda pair: pair[1].weekday - pair[0])
        for _, run in runs:
            days = [hours for _, hours in run]
            for _, same in groupby(days, lambda hours: (hours.opens, hours.closes)):
                lines.append(hours_line(list(same)))
        return lines

    @property
    def opening_hours_specification(self) -> list[dict]:
        """The same hours as schema.org's OpeningHoursSpecification, for structured data."""
        return [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[hours.weekday]}",
                "opens": hours.opens.strftime("%H:%M"),
                "closes": hours.closes.strftime("%H:%M"),
            }
            for hours in self.weekly_hours
        ]

    @property
    def address_one_line(self) -> str:
        parts = [self.street_address, self.locality, f"{self.region} {self.postal_code}".strip()]
        return ", ".join(part for part in parts if part)

    @property
    def map_search_url(self) -> str:
        """A plain link to a map search for the address: nothing is embedded in our pages."""
        query = urlencode(
            {"api": "1", "query": f"{self.legal_name or self.name}, {self.address_one_line}"}
        )
        return f"https://www.google.com/maps/search/?{query}"


def hours_line(days: list[DayHours]) -> str:
    first, last = str(WEEKDAYS[days[0].weekday]), str(WEEKDAYS[days[-1].weekday])
    if len(days) == 1:
        names = first
    elif len(days) == 2:
        names = gettext("%(first)s and %(second)s") % {"first": first, "second": last}
    else:
        names = gettext("%(first)s to %(last)s") % {"first": first, "last": last}
    line = gettext("%(days)s: %(opens)s to %(closes)s") % {
        "days": names,
        "opens": time_format(days[0].opens),
        "closes": time_format(days[0].closes),
    }
    # Spanish weekday names are written in lower case; a line starts with a capital.
    return line[:1].upper() + line[1:]


def in_current_language(values: dict[str, str]) -> str:
    """A clinic fact in the page's language, or in English if staff have not given it."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return values.get(language) or values.get(settings.LANGUAGE_CODE, "")


def configured_clinic_details() -> ClinicDetails:
    """The name and phone number from settings (CLINIC_FALLBACK_*), for when all else fails."""
    return ClinicDetails(
        name=settings.CLINIC_FALLBACK_NAME,
        phone=settings.CLINIC_FALLBACK_PHONE,
        from_fallback=True,
    )
