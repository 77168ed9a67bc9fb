import re
from http import HTTPStatus

import pytest

from tests.factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/appointments/appointmentrequest/"


def test_staff_see_reference_status_and_time_in_the_list(superuser_client):
    request = AppointmentRequestFactory(status="waitlisted")
    page = superuser_client.get(CHANGELIST).content.decode()
    # The row itself, not the status filter beside the list, which names every status.
    row = next(
        row for row in re.findall(r"<tr.*?</tr>", page, re.DOTALL) if request.reference in row
    )
    assert '<span class="triage-badge triage-status-waitlisted">Waitlisted</span>' in row
    assert "<time datetime=" in row


def test_what_the_patient_sent_cannot_be_changed_in_the_admin(superuser_client):
    request = AppointmentRequestFactory(full_name="Dana Rivers")
    superuser_client.post(
        f"{CHANGELIST}{request.pk}/change/",
        {"full_name": "Someone Else", "phone": "+15705550199", "reference": "AMR-XXXXX"},
    )
    request.refresh_from_db()
    assert request.full_name == "Dana Rivers"
    assert request.phone == "+15705550142"
    assert request.reference != "AMR-XXXXX"


def test_staff_cannot_add_requests_by_hand(superuser_client):
    assert superuser_client.get(f"{CHANGELIST}add/").status_code == HTTPStatus.FORBIDDEN


def test_signed_out_visitors_cannot_see_requests(client):
    request = AppointmentRequestFactory()
    response = client.get(f"{CHANGELIST}{request.pk}/change/")
    assert response.status_code == HTTPStatus.FOUND
    assert request.reference not in response.content.decode()
