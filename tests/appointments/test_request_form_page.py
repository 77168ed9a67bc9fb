from http import HTTPStatus

import pytest

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL

pytestmark = pytest.mark.django_db

LABELS = [
    "Full name",
    "Date of birth",
    "Day",
    "Month",
    "Year",
    "Phone number",
    "How should we contact you?",
    "Phone call",
    "Text message",
    "You may send me text messages about my request",
    "You may leave a voicemail about my request",
    "Are you a new or existing patient?",
    "What would you like help with?",
    "CRPS evaluation",
    "Ketamine infusion consultation",
    "Other chronic pain",
    "Follow-up",
    "Something else",
    "Email address",
    "Referring clinician",
    "How do you expect to pay?",
    "Insurance company",
    "Self-pay",
    "Not sure",
    "Preferred days and times",
    "Do you need an interpreter?",
    "Language for the interpreter",
    "ZIP code",
    "Anything else we should know?",
    "I understand this is a request, not a booked appointment",
]


def test_form_shows_every_label(client):
    response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    for label in LABELS:
        assert label in page, label


def test_start_panel_comes_before_the_form_on_the_same_page(client):
    page = client.get(URL).content.decode()
    panel_sentences = [
        "It is a request, not a booked appointment.",
        "within one business day",
        "Emergency? Call 911. Thoughts of self-harm? Call or text 988.",
        "Do not include your medical history.",
        "Do not enter your Social Security number or insurance member ID.",
    ]
    form_starts = page.index("<form")
    for sentence in panel_sentences:
        assert 0 <= page.index(sentence) < form_starts, sentence


def test_date_of_birth_is_three_numeric_inputs_in_a_fieldset_with_a_hint(client):
    page = client.get(URL).content.decode()
    assert "<legend" in page
    for part in ("day", "month", "year"):
        assert f'name="date_of_birth_{part}"' in page
    assert page.count('inputmode="numeric"') >= 3
    assert "For example, 27 3 1980" in page


def test_form_posts_to_the_same_address_with_a_csrf_token(client):
    page = client.get(URL).content.decode()
    assert 'method="post"' in page
    assert 'action="/request-appointment/"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="form_token"' in page


def test_acknowledgement_links_to_the_privacy_notice(client):
    page = client.get(URL).content.decode()
    assert 'href="/privacy/"' in page


def test_form_never_asks_for_ssn_member_id_or_files(client):
    page = client.get(URL).content.decode().lower()
    assert 'type="file"' not in page
    assert 'name="ssn"' not in page
    assert "member_id" not in page
    assert "enctype" not in page


def test_trap_field_is_hidden_by_a_class_and_kept_out_of_the_tab_order(client):
    page = client.get(URL).content.decode()
    assert "form-extra-field" in page
    assert "Leave this field empty" in page
    trap = page[page.index('name="website"') - 200 : page.index('name="website"') + 200]
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap
    assert "style=" not in page


def test_page_is_never_cached(client):
    response = client.get(URL)
    assert "no-store" in response["Cache-Control"]


def test_page_has_no_javascript(client):
    page = client.get(URL).content.decode()
    assert "<script" not in page


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.delete(URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.head(URL).status_code == HTTPStatus.OK


def test_patient_details_sent_in_the_address_are_ignored(client):
    response = client.get(URL, {"full_name": "Canary Qzx", "phone": "5705550142"})
    assert response.status_code == HTTPStatus.OK
    assert b"Canary Qzx" not in response.content
    assert b"5705550142" not in response.content
    assert not AppointmentRequest.objects.exists()
