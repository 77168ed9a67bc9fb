"""
A patient can ask for an appointment in Spanish: the form, its errors, the confirmation
page and the confirmation email are in Spanish, the request records that it was sent in
Spanish, and the front desk can find such requests to call back in Spanish.
"""

import csv
import datetime
import io
import re
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from appointments.models import AppointmentRequest
from tests.appointments.answers import valid_answers
from tests.appointments.triage.conftest import CHANGELIST, action_data
from tests.factories import AppointmentRequestFactory

SPANISH_FORM = "/es/request-appointment/"
ENGLISH_FORM = "/request-appointment/"
# A Monday morning, so the call-back day is the Tuesday after.
MONDAY = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.mark.django_db
def test_the_spanish_form_asks_every_question_in_spanish(client):
    html = client.get(SPANISH_FORM).content.decode()
    for text in (
        "<h1>Solicitar una cita</h1>",
        "Nombre completo",
        "Fecha de nacimiento",
        "Número de teléfono",
        "¿Cómo quiere que nos comuniquemos con usted?",
        "Llamada telefónica",
        "Paciente nuevo",
        "Evaluación del SDRC (CRPS)",
        "(opcional)",
        'He leído el <a href="/es/privacy/">aviso de privacidad</a>.',
        "Enviar solicitud",
        "Puede llenar el formulario en español.",
    ):
        assert text in html, text
    assert 'action="/es/request-appointment/"' in html


@pytest.mark.django_db
def test_a_spanish_form_sent_empty_explains_every_problem_in_spanish(client):
    response = client.post(SPANISH_FORM, {"form_token": valid_answers()["form_token"]})

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert re.search(r"<title>Error: Solicitar una cita \|", html)
    assert "Hay un problema" in html
    for message in (
        "Escriba su nombre completo",
        "Escriba su fecha de nacimiento",
        "Escriba su número de teléfono",
        "Elija cómo quiere que nos comuniquemos con usted",
        "Elija si es paciente nuevo o si ya es paciente de la clínica",
        "Elija con qué necesita ayuda",
        "Marque la casilla para confirmar que entiende",
    ):
        assert message in html, message
    assert not AppointmentRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"full_name": "x" * 101}, "Nombre completo: escriba 100 caracteres como máximo"),
        (
            {"full_name": "Dana\u202eRivers"},
            "Nombre completo: use solo letras, números, espacios y signos de puntuación.",
        ),
        ({"date_of_birth_day": "31", "date_of_birth_month": "2"}, "debe ser una fecha que exista"),
        (
            {"date_of_birth_year": str(timezone.localdate().year - 10)},
            "Debe tener 18 años o más para usar este formulario.",
        ),
        ({"email": "dana@exámple.com"}, "Escriba un correo electrónico sin acentos ni ñ"),
    ],
)
def test_each_check_answers_in_spanish(client, answers, message):
    html = client.post(SPANISH_FORM, valid_answers(**answers)).content.decode()
    assert message in html


@pytest.mark.django_db
def test_a_request_sent_in_spanish_records_spanish_and_confirms_in_spanish(client):
    with time_machine.travel(MONDAY, tick=False):
        response = client.post(SPANISH_FORM, valid_answers())
        stored = AppointmentRequest.objects.get()
        assert stored.language == "es"
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == (
            f"/es/request-appointment/confirmation/{stored.confirmation_token}/"
        )
        html = client.get(response["Location"]).content.decode()
    assert '<html lang="es">' in html
    assert "<h1>Solicitud enviada</h1>" in html
    assert stored.reference in html
    assert "Lo llamaremos a más tardar el <strong>martes 8 de diciembre</strong>" in html


@pytest.mark.django_db
def test_a_request_sent_in_english_records_english(client):
    client.post(ENGLISH_FORM, valid_answers())
    assert AppointmentRequest.objects.get().language == "en"


@pytest.mark.django_db(transaction=True)
def test_the_patient_gets_their_confirmation_email_in_spanish(client):
    with time_machine.travel(MONDAY, tick=False):
        client.post(SPANISH_FORM, valid_answers(email="dana@example.com"))
        run_worker()
    stored = AppointmentRequest.objects.get()
    patient = next(message for message in mail.outbox if message.to == ["dana@example.com"])

    assert patient.subject == f"Su solicitud de cita {stored.reference}"
    assert f"Su número de referencia es {stored.reference}." in patient.body
    assert "a más tardar el martes 8 de diciembre" in patient.body
    assert "¿Es una emergencia? Llame al 911." in patient.body
    html = patient.alternatives[0].content
    assert '<html lang="es">' in html
    assert f"Su número de referencia es <strong>{stored.reference}</strong>." in html
    for english in ("Your reference", "What happens next", "Thank you"):
        assert english not in patient.body
        assert english not in html


@pytest.mark.django_db(transaction=True)
def test_the_front_desk_is_told_in_english_whatever_language_the_patient_used(client, settings):
    settings.CLINIC_INTAKE_EMAIL = "intake@clinic.example.org"
    client.post(SPANISH_FORM, valid_answers(email="dana@example.com"))
    run_worker()
    intake = next(m for m in mail.outbox if m.to == ["intake@clinic.example.org"])
    assert intake.subject.startswith("New appointment request AMR-")
    assert "A new appointment request has arrived." in intake.body


@pytest.mark.django_db(transaction=True)
def test_an_english_patient_still_gets_their_email_in_english(client):
    client.post(SPANISH_FORM, valid_answers(email="other@example.com"))
    client.post(ENGLISH_FORM, valid_answers(email="dana@example.com"))
    run_worker()
    patient = next(message for message in mail.outbox if message.to == ["dana@example.com"])
    assert patient.subject.startswith("Your appointment request AMR-")
    assert "What happens next" in patient.body


# --- The front desk -------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_filter_the_list_to_requests_sent_in_spanish(sign_in):
    front_desk = sign_in("Front desk")
    AppointmentRequestFactory(reference="AMR-SPANI", language="es")
    AppointmentRequestFactory(reference="AMR-ENGLI", language="en")

    html = front_desk.get(CHANGELIST + "?language__exact=es").content.decode()

    assert "AMR-SPANI" in html
    assert "AMR-ENGLI" not in html
    everything = front_desk.get(CHANGELIST).content.decode()
    assert 'triage-language-es">Spanish</span>' in everything
    assert everything.count("triage-language-") == 1


@pytest.mark.django_db
def test_the_request_page_and_export_say_which_language_was_used(sign_in):
    front_desk = sign_in("Front desk")
    request = AppointmentRequestFactory(language="es")

    page = front_desk.get(f"{CHANGELIST}{request.pk}/change/").content.decode()
    assert "Language used:" in page
    assert "Spanish" in page
    export = front_desk.post(CHANGELIST, action_data("export_csv", request)).content.decode()
    header, row = list(csv.reader(io.StringIO(export)))[:2]
    assert row[header.index("Form language")] == "Spanish"


@pytest.mark.django_db
def test_a_language_the_site_does_not_have_cannot_be_stored():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentRequestFactory(language="fr")
