"""
axe-core finds no WCAG 2.0, 2.1 or 2.2 (A and AA) violation on any public page, in English
and in Spanish, on a desktop and on a phone screen: the content pages, the request form
before and after a failed send, the confirmation page and the page-not-found page. Each
page is checked in the language it claims (<html lang>), so a Spanish address that showed
English would not pass unnoticed.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LANGUAGES, VIEWPORTS, assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

# Each public page by its English address, with its heading in each language.
PUBLIC_PAGES = [
    pytest.param(
        "/",
        {
            "en": "Care for complex regional pain syndrome (CRPS)",
            "es": "Atención para el síndrome de dolor regional complejo (SDRC)",
        },
        id="/",
    ),
    pytest.param(
        "/crps/",
        {
            "en": "Complex regional pain syndrome (CRPS)",
            "es": "Síndrome de dolor regional complejo (SDRC)",
        },
        id="/crps/",
    ),
    pytest.param(
        "/ketamine-infusions/",
        {
            "en": "Ketamine infusions for CRPS",
            "es": "Infusiones de ketamina para el síndrome de dolor regional complejo (SDRC)",
        },
        id="/ketamine-infusions/",
    ),
    pytest.param(
        "/treatments/",
        {
            "en": "Treatments for CRPS",
            "es": "Tratamientos para el síndrome de dolor regional complejo (SDRC)",
        },
        id="/treatments/",
    ),
    pytest.param(
        "/faq/",
        {
            "en": "Questions about CRPS and ketamine infusions",
            "es": "Preguntas sobre el síndrome de dolor regional complejo (SDRC) y las "
            "infusiones de ketamina",
        },
        id="/faq/",
    ),
    pytest.param(
        "/about/",
        {"en": "About Amira Integrative Health", "es": "Sobre Amira Integrative Health"},
        id="/about/",
    ),
    pytest.param(
        "/contact/",
        {"en": "Contact us", "es": "Comuníquese con nosotros"},
        id="/contact/",
    ),
    pytest.param(
        "/privacy/",
        {"en": "Privacy notice", "es": "Aviso de privacidad"},
        id="/privacy/",
    ),
    pytest.param(
        "/accessibility/",
        {"en": "Accessibility statement", "es": "Declaración de accesibilidad"},
        id="/accessibility/",
    ),
    pytest.param(
        "/request-appointment/",
        {"en": "Request an appointment", "es": "Solicitar una cita"},
        id="/request-appointment/",
    ),
]


def expect_page_in(page, language) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language.code)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("path", "headings"), PUBLIC_PAGES)
def test_public_page_has_no_axe_violations(
    page, live_server, site_content, viewport, language, path, headings
):
    page.set_viewport_size(viewport)
    response = page.goto(live_server.url + language.path(path))
    assert response.ok
    expect_page_in(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(headings[language.code])
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_request_form_with_errors_has_no_axe_violations(
    page, live_server, site_content, screenshot, viewport, language
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + language.path("/request-appointment/"))
    page.get_by_label(language.phone_number).fill("not a phone number")
    # A textbox: in Spanish, "Correo electrónico" is also a way to be contacted (a radio).
    page.get_by_role("textbox", name=language.email_address).fill("not an email address")
    page.get_by_label(language.yes, exact=True).check()  # an interpreter, with no language given
    page.get_by_role("button", name=language.send_request).click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("alert").get_by_role("heading")).to_have_text(
        language.there_is_a_problem
    )
    expect_page_in(page, language)
    screenshot("errors")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_confirmation_page_has_no_axe_violations(
    page, live_server, site_content, screenshot, viewport, language
):
    from tests.factories import AppointmentRequestFactory

    request = AppointmentRequestFactory(
        confirmation_token="a-long-unguessable-test-token", language=language.code
    )
    page.set_viewport_size(viewport)
    page.goto(
        live_server.url
        + language.path(f"/request-appointment/confirmation/{request.confirmation_token}/")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(language.request_sent)
    expect_page_in(page, language)
    screenshot("confirmation")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_not_found_has_no_axe_violations(
    page, live_server, site_content, screenshot, viewport, language
):
    page.set_viewport_size(viewport)
    response = page.goto(live_server.url + language.path("/no-such-page/"))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(language.page_not_found)
    expect_page_in(page, language)
    screenshot("not-found")
    assert_no_axe_violations(page)
