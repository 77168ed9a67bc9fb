"""
Printed pages, as Chromium prints them to PDF and pdftotext reads them back: patients take
education pages and their confirmation to a doctor, so the paper keeps the text, the review
dates, the clinic's phone and where each source is, and leaves out what only works on a
screen (the menu, buttons, the skip link, the footer's links).
"""

import re
import subprocess

import pytest

from tests.browser.conftest import ENGLISH, LANGUAGES, SPANISH, send_a_valid_request

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site_content"),
]

PDFTOTEXT = "/usr/bin/pdftotext"
PHONE = "(570) 555-0123"
SCREEN_ONLY = {
    "en": [
        "Skip to main content",
        "Request an appointment",
        "Español",
        "About us",
        "Privacy notice",
        "Accessibility statement",
        "Contact and directions",
    ],
    "es": [
        "Ir al contenido principal",
        "Solicitar una cita",
        "English",
        "Quiénes somos",
        "Aviso de privacidad",
        "Declaración de accesibilidad",
    ],
}
REVIEW_DATES = {
    "en": ["Reviewed by a clinician at", "Next review due:"],
    "es": ["Revisado por un profesional clínico de", "Próxima revisión:"],
}


def printed_text(page, tmp_path) -> str:
    """The page printed to PDF by Chromium, as text; lines joined so long addresses read whole."""
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), format="Letter", print_background=True)
    result = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_education_page_prints_its_text_sources_dates_and_phone_but_no_screen_controls(
    page, live_server, tmp_path, language
):
    page.goto(live_server.url + language.path("/ketamine-infusions/"))
    text = printed_text(page, tmp_path)

    assert language.ketamine_heading.split(" (")[0] in " ".join(text.split())
    for label in REVIEW_DATES[language.code]:
        assert label in text
    assert PHONE in text
    for address in (
        "https://doi.org/10.1007/s40264-021-01120-9",
        "https://pubmed.ncbi.nlm.nih.gov/34699023/",
    ):
        assert address in without_spaces(text), address
    for screen_only in SCREEN_ONLY[language.code]:
        assert screen_only not in text, screen_only


def test_the_confirmation_page_prints_the_reference_and_phone_without_screen_controls(
    page, live_server, tmp_path, patient_can_submit_at_once
):
    reference = send_a_valid_request(page, live_server, ENGLISH)
    text = printed_text(page, tmp_path)

    assert reference in text
    assert PHONE in text
    assert "Call 911" in text
    for screen_only in SCREEN_ONLY["en"]:
        assert screen_only not in text, screen_only


def test_the_printed_page_is_not_the_screen_page(page, live_server, tmp_path):
    """The checks above mean something: on screen, the same page shows all of it."""
    page.goto(live_server.url + SPANISH.path("/ketamine-infusions/"))
    page.emulate_media(media="screen")
    screen_text = page.locator("body").inner_text()
    for shown in SCREEN_ONLY["es"]:
        assert shown in screen_text, shown
