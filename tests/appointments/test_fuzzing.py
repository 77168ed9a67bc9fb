"""
Thousands of generated submissions, mixing valid answers with anything at all: the form
never answers with a server error, and every request it stores is a valid one.
"""

import datetime
import unicodedata
from http import HTTPStatus

import phonenumbers
import pytest
from django.test import Client, override_settings
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from appointments.forms import issue_form_token
from appointments.models import AppointmentRequest, RequestStatus
from tests.appointments.answers import URL

pytestmark = pytest.mark.django_db

CLIENT = Client()
anything = st.text(st.characters(exclude_categories=["Cs"]), max_size=120)


# A valid submission to start from: every combination of these values is accepted...
VALID = {
    "full_name": ["Dana Rivers", "José Núñez-O'Brien", "李小龍"],
    "date_of_birth_day": ["1", "14", "28"],
    "date_of_birth_month": ["2", "6", "12"],
    "date_of_birth_year": ["1950", "1984", "2001"],
    "phone": ["(570) 555-0142", "+1 570 555 0143", "5705550144"],
    "contact_method": ["phone", "text", "email"],
    "consent_to_texts": ["on"],
    "consent_to_voicemail": ["on", ""],
    "email": ["dana@example.com"],
    "patient_type": ["new", "existing"],
    "reason": AppointmentRequest.Reason.values,
    "referring_clinician": ["", "Dr Lee"],
    "payment": ["", "insurance", "self_pay", "not_sure"],
    "insurer_name": ["", "Keystone"],
    "preferred_times": ["", "Mornings"],
    "needs_interpreter": ["", "no", "yes"],
    "interpreter_language": ["Spanish"],
    "zip_code": ["", "18301", "18301-1234"],
    "notes": ["", "Line one\r\nLine two"],
    "acknowledgement": ["on"],
    "website": [""],
}
# ...then up to four answers are replaced by anything at all, or left out.
MUTATION = st.dictionaries(
    keys=st.sampled_from(sorted(VALID)),
    values=st.one_of(anything, st.none(), st.text(max_size=600)),
    max_size=4,
)
SUBMISSIONS = st.builds(
    lambda base, changes: {**base, **changes},
    st.fixed_dictionaries({name: st.sampled_from(values) for name, values in VALID.items()}),
    MUTATION,
)


def is_plain(text: str, multiline: bool = False) -> bool:
    return (
        not any(
            unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
            and not (multiline and ch in "\r\n\t")
            for ch in text
        )
        and "\ufffd" not in text
    )


def assert_is_valid(request: AppointmentRequest) -> None:
    today = timezone.localdate()
    assert request.full_name.strip()
    assert len(request.full_name) <= 100
    assert is_plain(request.full_name)
    number = phonenumbers.parse(request.phone)
    assert phonenumbers.is_valid_number_for_region(number, "US")
    assert request.date_of_birth < today
    assert request.date_of_birth > today.replace(year=today.year - 121)
    assert request.date_of_birth <= today.replace(year=today.year - 18) + datetime.timedelta(days=1)
    assert request.contact_method in AppointmentRequest.ContactMethod.values
    assert request.patient_type in AppointmentRequest.PatientType.values
    assert request.reason in AppointmentRequest.Reason.values
    assert request.payment in ["", *AppointmentRequest.Payment.values]
    if request.contact_method == "email":
        assert request.email
    if request.contact_method == "text":
        assert request.consent_to_texts
    for text in (
        request.referring_clinician,
        request.insurer_name,
        request.preferred_times,
        request.interpreter_language,
    ):
        assert is_plain(text)
    assert is_plain(request.notes, multiline=True)
    assert len(request.notes) <= 500
    assert request.status == RequestStatus.NEW


# One client for every example: a new one would set up the middleware (and scan the static
# files) each time. Rate limit and fill time are out of the way; they have their own tests.
@override_settings(APPOINTMENT_RATE_LIMIT=10**9, APPOINTMENT_MIN_FILL_SECONDS=0)
@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(submission=SUBMISSIONS)
def test_generated_submissions_never_cause_a_server_error_and_only_valid_ones_are_stored(
    submission,
):
    data = {name: value for name, value in submission.items() if value is not None}
    data["form_token"] = issue_form_token()
    before = AppointmentRequest.objects.count()
    response = CLIENT.post(URL, data)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    stored = AppointmentRequest.objects.count() - before
    if response.status_code == HTTPStatus.FOUND and data.get("website"):
        # A filled trap field is answered like a stored request, and nothing is stored.
        event("discarded as spam")
        assert stored == 0
    elif response.status_code == HTTPStatus.FOUND:
        event("stored")
        assert stored == 1
        assert_is_valid(AppointmentRequest.objects.latest("pk"))
    else:
        assert stored == 0
