"""
Where pages and error pages get the clinic's details (content/clinic_details.py).

Pages read them from the cache, falling back to the database; error pages read the last
known copy from the cache, falling back to settings, so the phone number shows even when
the database or the cache is down.
"""

from django.db import DatabaseError

from content.caching import (
    cached_clinic_details,
    last_known_clinic_details,
    remember_clinic_details,
)
from content.clinic_details import ClinicDetails, configured_clinic_details
from content.models import ClinicProfile


def get_clinic_profile() -> ClinicDetails:
    details = cached_clinic_details()
    if details is not None:
        return details
    try:
        details = ClinicProfile.load().as_details()
    except DatabaseError:
        # During an outage a page still shows the last details it knew; with none, the
        # error propagates and the page becomes the 503 page, which uses the settings.
        if (last_known := last_known_clinic_details()) is not None:
            return last_known
        raise
    remember_clinic_details(details)
    return details


def fallback_clinic_profile() -> ClinicDetails:
    """The last known details, or the configured name and phone: never touches the database."""
    try:
        details = last_known_clinic_details()
    except Exception:
        # The error pages' source must not fail with the cache, whatever its backend.
        details = None
    return details if details is not None else configured_clinic_details()
