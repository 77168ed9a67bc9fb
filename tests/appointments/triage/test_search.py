"""Search finds a request by reference, by phone number in any format, by name or email."""

import pytest

from tests.factories import AppointmentRequestFactory

from .conftest import CHANGELIST

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests():
    return {
        "dana": AppointmentRequestFactory(
            reference="AMR-DN7KQ",
            full_name="Dana Rivers",
            phone="+15705550142",
            email="dana@example.com",
            contact_method="email",
        ),
        "lee": AppointmentRequestFactory(
            reference="AMR-LX4PZ", full_name="Lee Ortiz", phone="+14845550177"
        ),
    }


def found(client, term: str) -> set[str]:
    page = client.post(CHANGELIST, {"q": term}, follow=True).content.decode()
    return {reference for reference in ("AMR-DN7KQ", "AMR-LX4PZ") if reference in page}


@pytest.mark.parametrize(
    "typed", ["(570) 555-0142", "570-555-0142", "5705550142", "+1 570 555 0142", "570.555.0142"]
)
def test_a_phone_number_is_found_however_it_is_typed(front_desk, requests, typed):
    assert found(front_desk, typed) == {"AMR-DN7KQ"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("AMR-DN7KQ", {"AMR-DN7KQ"}),
        ("amr-lx4", {"AMR-LX4PZ"}),
        ("Rivers", {"AMR-DN7KQ"}),
        ("lee ortiz", {"AMR-LX4PZ"}),
        ("dana@example.com", {"AMR-DN7KQ"}),
        ("nobody", set()),
    ],
)
def test_reference_name_and_email_are_searched(front_desk, requests, typed, expected):
    assert found(front_desk, typed) == expected


@pytest.mark.parametrize("typed", ["555", "' OR 1=1 --", "\x00", "(((", "9" * 40])
def test_odd_searches_answer_normally(front_desk, requests, typed):
    response = front_desk.post(CHANGELIST, {"q": typed}, follow=True)
    assert response.status_code == 200
