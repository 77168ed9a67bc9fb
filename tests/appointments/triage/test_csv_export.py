"""The CSV export: for roles with the export permission only, and safe to open in a
spreadsheet (a cell cannot run as a formula)."""

import csv
import io
from http import HTTPStatus

import pytest

from tests.factories import AppointmentRequestFactory

from .conftest import CHANGELIST, action_data

pytestmark = pytest.mark.django_db


def export(client, *requests) -> list[dict]:
    response = client.post(CHANGELIST, action_data("export_csv", *requests))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="appointment-')
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.example","Dana")',
        "+1+2",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_formula_typed_by_a_patient_is_exported_as_text(front_desk, typed):
    request = AppointmentRequestFactory(full_name=typed, notes=typed)
    [row] = export(front_desk, request)
    assert row["Name"] == "'" + typed
    assert row["Notes"] == "'" + typed


def test_ordinary_values_are_exported_unchanged(front_desk):
    request = AppointmentRequestFactory(full_name="Dana Rivers-Smith", phone="+15705550142")
    [row] = export(front_desk, request)
    assert row["Reference"] == request.reference
    assert row["Name"] == "Dana Rivers-Smith"
    assert row["Phone"] == "(570) 555-0142"
    assert row["Status"] == "New"


def test_only_the_selected_requests_are_exported(front_desk):
    chosen, _other = AppointmentRequestFactory.create_batch(2)
    assert [row["Reference"] for row in export(front_desk, chosen)] == [chosen.reference]


def test_a_clinician_cannot_export(clinician):
    request = AppointmentRequestFactory()
    response = clinician.post(CHANGELIST, action_data("export_csv", request))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert request.full_name not in response.content.decode()


def test_the_export_is_not_offered_to_a_clinician(clinician):
    AppointmentRequestFactory()
    page = clinician.get(CHANGELIST).content.decode()
    assert "export_csv" not in page
