"""
The header's language link takes a patient to the same page in the other language, not to
the home page, and back again. The link is named in its own language and marked as such
(lang, hreflang), so a screen reader says "Español" in Spanish.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ENGLISH, SPANISH, VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)


def language_link(page, name: str):
    return page.get_by_role("banner").get_by_role("link", name=name, exact=True)


def expect_page(page, live_server, language, path: str, heading: str) -> None:
    expect(page).to_have_url(live_server.url + language.path(path))
    expect(page.locator("html")).to_have_attribute("lang", language.code)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_language_link_switches_the_crps_page_to_spanish_and_back_to_english(
    page, live_server, site_content, screenshot, viewport
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/crps/")
    espanol = language_link(page, "Español")
    expect(espanol).to_have_attribute("lang", "es")
    expect(espanol).to_have_attribute("hreflang", "es")
    expect(language_link(page, "English")).to_have_count(0)
    screenshot("crps-in-english")

    espanol.click()
    expect_page(page, live_server, SPANISH, "/crps/", SPANISH.crps_heading)
    english = language_link(page, "English")
    expect(english).to_have_attribute("lang", "en")
    expect(english).to_have_attribute("hreflang", "en")
    expect(language_link(page, "Español")).to_have_count(0)
    screenshot("crps-in-spanish")

    english.click()
    expect_page(page, live_server, ENGLISH, "/crps/", ENGLISH.crps_heading)
    screenshot("crps-in-english-again")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_language_link_on_the_request_form_leads_to_the_spanish_form(
    page, live_server, site_content, screenshot, viewport
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/request-appointment/")
    language_link(page, "Español").click()
    expect_page(page, live_server, SPANISH, "/request-appointment/", SPANISH.request_an_appointment)
    expect(page.get_by_role("button", name=SPANISH.send_request)).to_be_visible()
    screenshot("form-in-spanish")
