"""What a patient types into the request form, as the browser posts it."""

import datetime

from django.utils import timezone

from appointments.forms import issue_form_token

URL = "/request-appointment/"


def valid_answers(**changes) -> dict:
    """A complete, valid form: an adult asking about CRPS, to be called by phone."""
    answers = {
        "full_name": "Dana Rivers",
        "date_of_birth_day": "14",
        "date_of_birth_month": "6",
        "date_of_birth_year": "1984",
        "phone": "(570) 555-0142",
        "contact_method": "phone",
        "consent_to_voicemail": "on",
        "email": "",
        "patient_type": "new",
        "reason": "crps_evaluation",
        "referring_clinician": "",
        "payment": "insurance",
        "insurer_name": "Keystone Health Plan",
        "preferred_times": "Weekday mornings",
        "needs_interpreter": "no",
        "interpreter_language": "",
        "zip_code": "18301",
        "notes": "",
        "acknowledgement": "on",
        "website": "",
        "form_token": issue_form_token(),
    }
    answers.update(changes)
    return {name: value for name, value in answers.items() if value is not None}


def date_of_birth(day: datetime.date) -> dict:
    return {
        "date_of_birth_day": str(day.day),
        "date_of_birth_month": str(day.month),
        "date_of_birth_year": str(day.year),
    }


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day + datetime.timedelta(days=days)
