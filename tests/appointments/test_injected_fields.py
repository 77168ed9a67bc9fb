from http import HTTPStatus

import pytest

from appointments.models import AppointmentRequest, RequestStatus
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db


def test_fields_the_form_does_not_have_are_ignored(client):
    response = client.post(
        URL,
        valid_answers(
            id="999",
            pk="999",
            status="scheduled",
            reference="AMR-AAAAA",
            created="2000-01-01T00:00:00Z",
            notified_at="2000-01-01T00:00:00Z",
            confirmation_token="chosen-by-the-attacker",
            submission_token="chosen-by-the-attacker",
            consent_to_texts_at="2000-01-01T00:00:00Z",
            language="xx",
        ),
    )
    assert response.status_code == HTTPStatus.FOUND
    request = AppointmentRequest.objects.get()
    assert request.pk != 999
    assert request.status == RequestStatus.NEW
    assert request.reference != "AMR-AAAAA"
    assert request.created.year > 2000
    assert request.notified_at is None
    assert request.confirmation_token != "chosen-by-the-attacker"
    assert request.submission_token != "chosen-by-the-attacker"
    assert request.consent_to_texts_at is None
    assert request.language == "en"
