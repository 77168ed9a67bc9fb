from http import HTTPStatus

import pytest
from django.db import IntegrityError, transaction

from appointments.models import AppointmentRequest
from appointments.services import submit_appointment_request
from tests.appointments.answers import URL, valid_answers
from tests.factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db


def test_a_double_click_stores_one_request_and_shows_the_same_confirmation(client):
    answers = valid_answers()
    first = client.post(URL, answers)
    second = client.post(URL, answers)
    assert first.status_code == second.status_code == HTTPStatus.FOUND
    assert first["Location"] == second["Location"]
    assert AppointmentRequest.objects.count() == 1


def test_going_back_and_sending_the_page_again_stores_one_request(client):
    answers = valid_answers()
    confirmation = client.post(URL, answers)["Location"]
    client.get(confirmation)
    resent = client.post(URL, {**answers, "preferred_times": "Changed my mind: afternoons"})
    assert resent["Location"] == confirmation
    assert AppointmentRequest.objects.count() == 1


def test_separate_forms_store_separate_requests(client):
    client.post(URL, valid_answers())
    client.post(URL, valid_answers())
    assert AppointmentRequest.objects.count() == 2
    references = set(AppointmentRequest.objects.values_list("reference", flat=True))
    assert len(references) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("submission_token", "same"), ("confirmation_token", "same"), ("reference", "AMR-22222")],
)
def test_the_database_refuses_a_second_row_with_the_same_token(field, value):
    AppointmentRequestFactory(**{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentRequestFactory(**{field: value})


def test_a_reference_collision_is_retried_with_a_new_reference(monkeypatch):
    AppointmentRequestFactory(reference="AMR-22222")
    references = iter(["AMR-22222", "AMR-33333"])
    monkeypatch.setattr("appointments.services.new_reference", lambda: next(references))
    appointment = submit_appointment_request(
        appointment=AppointmentRequestFactory.build(), submission_token="new-form"
    )
    assert appointment.reference == "AMR-33333"
    assert AppointmentRequest.objects.count() == 2
