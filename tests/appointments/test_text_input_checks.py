"""Hostile or broken text in the form's fields: refused with a message, or stored inertly."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db

SPECIAL_CHARACTERS = "must only include letters, numbers, spaces and punctuation"


def refused(client, message: str, **answers) -> None:
    response = client.post(URL, valid_answers(**answers))
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def stored(client, **answers) -> AppointmentRequest:
    response = client.post(URL, valid_answers(**answers))
    assert response.status_code == HTTPStatus.FOUND
    return AppointmentRequest.objects.get()


@pytest.mark.parametrize(
    "name",
    [
        "Dana\x00Rivers",
        "Dana\r\nBcc: everyone@example.com",
        "Dana\nRivers",
        "Dana\u202eSREVIR",  # right-to-left override
        "Dana\u200bRivers",  # zero-width space
        "Dana\ufeffRivers",  # zero-width no-break space
        "Dana\u2028Rivers",  # line separator
        "Dana\x1b[31mRivers",  # terminal escape
    ],
)
def test_control_and_invisible_characters_in_a_name_are_refused(client, name):
    refused(client, SPECIAL_CHARACTERS, full_name=name)


def test_control_characters_in_notes_are_refused_but_line_breaks_are_kept(client):
    refused(client, SPECIAL_CHARACTERS, notes="Call after 5\x07")
    request = stored(client, notes="Call after 5.\r\nNot on Mondays.")
    assert "Not on Mondays." in request.notes


@pytest.mark.parametrize(
    "field", ["referring_clinician", "insurer_name", "preferred_times", "interpreter_language"]
)
def test_every_text_field_refuses_invisible_characters(client, field):
    answers = {"needs_interpreter": "yes", "interpreter_language": "Spanish", field: "ok\u200dok"}
    refused(client, SPECIAL_CHARACTERS, **answers)


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("full_name", 100),
        ("referring_clinician", 100),
        ("insurer_name", 100),
        ("preferred_times", 200),
        ("notes", 500),
    ],
)
def test_over_long_answers_are_refused(client, field, limit):
    refused(client, f"must be {limit} characters or fewer", **{field: "a" * (limit + 1)})


def test_answers_at_the_limit_are_accepted(client):
    request = stored(client, full_name="a" * 100, notes="b" * 500)
    assert len(request.notes) == 500


def test_sql_is_stored_as_plain_text(client):
    request = stored(client, full_name="Robert'); DROP TABLE appointments_appointmentrequest;--")
    assert request.full_name.startswith("Robert'); DROP TABLE")
    assert AppointmentRequest.objects.count() == 1


def test_template_syntax_is_stored_as_plain_text_and_never_evaluated(client, superuser_client):
    stored(client, full_name="{{ settings.SECRET_KEY }} {% debug %} ${7*7}")
    request = AppointmentRequest.objects.get()
    assert request.full_name == "{{ settings.SECRET_KEY }} {% debug %} ${7*7}"
    page = superuser_client.get(
        f"/admin/appointments/appointmentrequest/{request.pk}/change/"
    ).content.decode()
    assert "{{ settings.SECRET_KEY }}" in page
    assert "insecure-key-for-the-test-suite-only" not in page


def test_script_is_stored_as_typed_and_shown_escaped(
    client, superuser_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stored(
            client,
            full_name="<script>alert(1)</script>",
            contact_method="email",
            email="dana@example.com",
        )
    request = AppointmentRequest.objects.get()
    assert request.full_name == "<script>alert(1)</script>"
    page = superuser_client.get(
        f"/admin/appointments/appointmentrequest/{request.pk}/change/"
    ).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_a_spreadsheet_formula_in_a_name_is_accepted_as_text(client):
    request = stored(client, full_name='=HYPERLINK("http://evil.example","Dana")')
    assert request.full_name.startswith("=HYPERLINK(")


@pytest.mark.django_db(transaction=True)  # the task worker reconnects to the database
def test_a_header_injection_attempt_never_reaches_an_email_header(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            valid_answers(
                full_name="Dana Bcc: everyone@example.com",
                contact_method="email",
                email="dana@example.com",
            ),
        )
    assert response.status_code == HTTPStatus.FOUND
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        headers = message.message().as_string().split("\n\n", 1)[0]
        assert "everyone@example.com" not in headers
        assert message.bcc == []
        assert message.to in (["dana@example.com"], ["intake@localhost"])


@pytest.mark.parametrize(
    "email",
    [
        "dana",
        "dana@",
        "@example.com",
        "dana@@example.com",
        "dana example@example.com",
        "dana@example.com\r\nBcc: everyone@example.com",
        "dana@ex\u0430mple.com",  # a Cyrillic a in the domain
        "d\u0430na@example.com",
        "a" * 64 + "@" + "b" * 251 + ".com",  # 321 characters
    ],
)
def test_malformed_over_long_or_look_alike_emails_are_refused(client, email):
    response = client.post(URL, valid_answers(contact_method="email", email=email))
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "There is a problem" in page
    assert "Email address" in page
    assert not AppointmentRequest.objects.exists()


@pytest.mark.parametrize(
    "phone",
    ["1-800-FLOWERS", "570 555 O142", "five seven zero", "555-0142", "+44 20 7946 0958", "0", "+1"],
)
def test_phone_numbers_that_are_not_us_numbers_or_contain_letters_are_refused(client, phone):
    refused(client, "Enter a US phone number, like (570) 555-0123", phone=phone)


@pytest.mark.parametrize("zip_code", ["1830", "183011", "ABCDE", "18301-12"])
def test_malformed_zip_codes_are_refused(client, zip_code):
    refused(client, "Enter a ZIP code like 18301 or 18301-1234", zip_code=zip_code)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_method", "fax"),
        ("patient_type", "vip"),
        ("reason", "surgery"),
        ("payment", "bitcoin"),
        ("needs_interpreter", "maybe"),
    ],
)
def test_answers_outside_the_choices_are_refused(client, field, value):
    response = client.post(URL, valid_answers(**{field: value}))
    assert "There is a problem" in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def test_invalid_utf8_is_refused_without_an_error_page(client):
    body = (
        b"&".join(
            f"{name}={value}".encode()
            for name, value in valid_answers(full_name="X").items()
            if name != "full_name"
        )
        + b"&full_name=Dana%FF%FERivers"
    )
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == HTTPStatus.OK
    assert SPECIAL_CHARACTERS in response.content.decode()
    assert not AppointmentRequest.objects.exists()
