import re
from http import HTTPStatus

import pytest

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db


def summary_links(page: str) -> dict[str, str]:
    summary = page[
        page.index('class="error-summary"') : page.index("</ul>", page.index("error-summary"))
    ]
    return dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary))


def test_empty_submission_shows_the_error_summary_linked_to_each_field(client):
    response = client.post(URL, {})
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "There is a problem" in page
    links = summary_links(page)
    assert links == {
        "id_full_name": "Enter your full name",
        "id_date_of_birth_0": "Enter your date of birth",
        "id_phone": "Enter your phone number",
        "id_contact_method_0": "Select how you would like us to contact you",
        "id_patient_type_0": "Select if you are a new or existing patient",
        "id_reason_0": "Select what you would like help with",
        "id_acknowledgement": (
            "Tick the box to confirm you understand this is a request, not an appointment"
        ),
    }
    for anchor in links:
        assert f'id="{anchor}"' in page
    assert not AppointmentRequest.objects.exists()


def test_page_title_starts_with_error_when_there_are_errors(client):
    page = client.post(URL, {}).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    assert title.startswith("Error: Request an appointment")


def test_inline_errors_are_tied_to_their_inputs(client):
    page = client.post(URL, valid_answers(full_name="", phone="not a phone")).content.decode()
    for name in ("full_name", "phone"):
        tag = re.search(rf'<input[^>]*id="id_{name}"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in tag
        assert f"id_{name}_error" in re.search(r'aria-describedby="([^"]+)"', tag).group(1)
        assert f'id="id_{name}_error"' in page


def test_grouped_questions_describe_their_errors_on_the_fieldset(client):
    page = client.post(URL, valid_answers(contact_method=None)).content.decode()
    assert re.search(r'<fieldset aria-describedby="id_contact_method_error"', page)
    radio = re.search(r'<input[^>]*id="id_contact_method_0"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in radio


def test_date_of_birth_error_links_to_the_day_input(client):
    page = client.post(
        URL, valid_answers(date_of_birth_day="30", date_of_birth_month="2")
    ).content.decode()
    assert summary_links(page) == {"id_date_of_birth_0": "Date of birth must be a real date"}
    assert 'aria-describedby="id_date_of_birth_helptext id_date_of_birth_error"' in page


def test_entered_answers_are_kept_when_there_is_an_error(client):
    page = client.post(
        URL, valid_answers(phone="12", full_name="Dana Rivers", notes="Mornings are best")
    ).content.decode()
    assert 'value="Dana Rivers"' in page
    assert 'value="12"' in page
    assert "Mornings are best</textarea>" in page
    assert re.search(r'<input[^>]*value="crps_evaluation"[^>]*checked', page)
    assert 'value="1984"' in page


def test_a_form_without_its_token_asks_to_be_sent_again_and_then_works(client):
    answers = valid_answers(form_token=None)
    page = client.post(URL, answers).content.decode()
    assert "Please check your answers and send it again" in page
    assert not AppointmentRequest.objects.exists()

    fresh_token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    response = client.post(URL, {**answers, "form_token": fresh_token})
    assert response.status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.count() == 1


def test_page_without_errors_has_no_error_summary_or_error_title(client):
    page = client.get(URL).content.decode()
    assert "There is a problem" not in page
    assert "Error:" not in page
