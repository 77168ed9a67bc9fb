"""
The clinic's details as templates see them, wherever they come from.

Pages read them from the cache, falling back to the database; error pages read them from
the cache, falling back to settings, so the phone number shows even when the database is
down. This module imports no models, so the error handlers can use it safely.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import phonenumbers
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

CACHE_KEY = "clinic-profile:v3"


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
    # As patients read them, in each language the site has: {"en": "...", "es": "..."}.
    hours_by_language: dict[str, str] = field(default_factory=dict, compare=False)
    opening_hours_schema: str = ""
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
    def hours(self) -> str:
        """The opening hours in the page's language, or in English if not given in it."""
        return in_current_language(self.hours_by_language)

    @property
    def price_range(self) -> str:
        return in_current_language(self.price_range_by_language)

    @property
    def after_hours(self) -> str:
        return in_current_language(self.after_hours_by_language)

    @property
    def hours_lines(self) -> list[str]:
        return [line.strip() for line in self.hours.splitlines() if line.strip()]

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


def in_current_language(values: dict[str, str]) -> str:
    """A clinic fact in the page's language, or in English if staff have not given it."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return values.get(language) or values.get(settings.LANGUAGE_CODE, "")


def remember_clinic_details(details: ClinicDetails) -> None:
    # No expiry: this copy is also the error pages' source during a database outage.
    cache.set(CACHE_KEY, details, timeout=None)


def fallback_clinic_profile() -> ClinicDetails:
    """The last known details, or the configured name and phone: never touches the database."""
    try:
        details = cache.get(CACHE_KEY)
    except Exception:
        # The error pages' source must not fail with the cache, whatever its backend.
        details = None
    if details is not None:
        return details
    return configured_clinic_details()


def configured_clinic_details() -> ClinicDetails:
    """The name and phone number from settings (CLINIC_FALLBACK_*), for when all else fails."""
    return ClinicDetails(
        name=settings.CLINIC_FALLBACK_NAME,
        phone=settings.CLINIC_FALLBACK_PHONE,
        from_fallback=True,
    )


def get_clinic_profile() -> ClinicDetails:
    details = cache.get(CACHE_KEY)
    if details is not None:
        return details
    # Imported here because error pages use this module and must load without models. A
    # database error is left to propagate: the page then becomes the 503 page, which uses
    # fallback_clinic_profile().
    from content.models import ClinicProfile

    details = ClinicProfile.load().as_details()
    remember_clinic_details(details)
    return details
