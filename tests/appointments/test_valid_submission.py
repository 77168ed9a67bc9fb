import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.models import AppointmentRequest, RequestStatus
from content.calendar import clinic_calendar
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db

REFERENCE_CHARACTERS = set("23456789BCDFGHJKMNPQRSTVWXYZ")


def test_valid_request_is_stored_once_and_lands_on_the_confirmation_page(client):
    response = client.post(URL, valid_answers(), follow=True)
    assert response.status_code == HTTPStatus.OK
    assert response.redirect_chain[0][1] == HTTPStatus.FOUND
    request = AppointmentRequest.objects.get()
    assert response.redirect_chain[0][0] == (
        f"/request-appointment/confirmation/{request.confirmation_token}/"
    )
    assert request.reference in response.content.decode()


def test_stored_request_holds_what_the_patient_sent(client):
    client.post(URL, valid_answers())
    request = AppointmentRequest.objects.get()
    assert request.full_name == "Dana Rivers"
    assert request.date_of_birth == datetime.date(1984, 6, 14)
    assert request.phone == "+15705550142"
    assert request.contact_method == "phone"
    assert request.patient_type == "new"
    assert request.reason == "crps_evaluation"
    assert request.payment == "insurance"
    assert request.insurer_name == "Keystone Health Plan"
    assert request.zip_code == "18301"
    assert request.status == RequestStatus.NEW
    assert request.language == "en"
    assert request.acknowledged_at is not None
    assert request.notified_at is None


def test_reference_is_short_and_easy_to_read_aloud(client):
    client.post(URL, valid_answers())
    reference = AppointmentRequest.objects.get().reference
    assert reference.startswith("AMR-")
    assert len(reference) == 9
    assert set(reference[4:]) <= REFERENCE_CHARACTERS


def test_each_consent_is_stored_with_its_time(client):
    client.post(
        URL, valid_answers(contact_method="text", consent_to_texts="on", consent_to_voicemail=None)
    )
    request = AppointmentRequest.objects.get()
    assert request.consent_to_texts is True
    assert request.consent_to_texts_at is not None
    assert request.consent_to_voicemail is False
    assert request.consent_to_voicemail_at is None


def test_phone_numbers_written_any_usual_way_are_stored_in_one_format(client):
    for written in ["570-555-0143", "+1 570 555 0144", "(570) 555.0145"]:
        client.post(URL, valid_answers(phone=written))
    assert sorted(AppointmentRequest.objects.values_list("phone", flat=True)) == [
        "+15705550143",
        "+15705550144",
        "+15705550145",
    ]


def test_email_is_required_only_when_chosen_as_the_way_to_contact(client):
    response = client.post(URL, valid_answers(contact_method="email", email=""))
    assert "Enter your email address, or choose another way to be contacted" in (
        response.content.decode()
    )
    assert not AppointmentRequest.objects.exists()

    client.post(URL, valid_answers(contact_method="email", email="dana@example.com"))
    assert AppointmentRequest.objects.get().email == "dana@example.com"


def test_texts_need_their_own_consent(client):
    response = client.post(URL, valid_answers(contact_method="text"))
    assert "Tick the box to agree to text messages" in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def test_interpreter_needs_a_language(client):
    response = client.post(URL, valid_answers(needs_interpreter="yes", interpreter_language=""))
    assert "Enter the language you need" in response.content.decode()
    assert not AppointmentRequest.objects.exists()

    client.post(URL, valid_answers(needs_interpreter="yes", interpreter_language="Spanish"))
    request = AppointmentRequest.objects.get()
    assert request.needs_interpreter is True
    assert request.interpreter_language == "Spanish"


def test_request_without_the_acknowledgement_is_refused(client):
    response = client.post(URL, valid_answers(acknowledgement=None))
    assert "Tick the box to confirm you understand" in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def test_storing_a_request_only_writes(client):
    # The form's rules are checked in Python (AppointmentRequestForm), not by asking the
    # database about each constraint: a post is the insert and its email task, nothing else
    # once the clinic's calendar (for the call-back deadline) is in the cache.
    clinic_calendar()
    answers = valid_answers()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, answers)
    assert response.status_code == HTTPStatus.FOUND
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert statements.count("INSERT") == 2, statements
    assert "SELECT" not in statements, queries.captured_queries
