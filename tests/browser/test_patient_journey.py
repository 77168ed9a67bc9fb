"""
A patient reads about CRPS and ketamine infusions, then asks for an appointment: first
sending the form empty, then following the error summary and fixing every answer. The same
journey in English and in Spanish; a request sent in Spanish is stored as Spanish and
confirmed in Spanish.
"""

import re

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest
from tests.browser.conftest import LANGUAGES, VIEWPORTS, fill_in_a_valid_request

pytestmark = pytest.mark.django_db(transaction=True)

REFERENCE = re.compile(r"^AMR-[2-9B-Z]{5}$")


def follow_menu_link(page, language, label: str, heading: str) -> None:
    page.get_by_role("navigation", name=language.main_menu).get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_patient_reads_about_crps_and_sends_a_request_after_fixing_every_error(
    page, live_server, site_content, patient_can_submit_at_once, screenshot, viewport, language
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + language.path("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(language.home_heading)
    screenshot("home")

    follow_menu_link(page, language, language.crps_link, language.crps_heading)
    expect(page).to_have_url(live_server.url + language.path("/crps/"))
    screenshot("crps")
    follow_menu_link(page, language, language.ketamine_link, language.ketamine_heading)
    expect(page).to_have_url(live_server.url + language.path("/ketamine-infusions/"))
    screenshot("ketamine")

    page.get_by_role("banner").get_by_role("link", name=language.request_an_appointment).click()
    expect(page).to_have_title(re.compile(rf"^{re.escape(language.request_an_appointment)}"))
    screenshot("form")

    page.get_by_role("button", name=language.send_request).click()
    expect(page).to_have_title(re.compile(rf"^Error: {re.escape(language.request_an_appointment)}"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text(language.there_is_a_problem)
    expect(summary).to_be_focused()
    screenshot("errors")

    first_error = summary.get_by_role("link").first
    expect(first_error).to_have_text(language.enter_your_full_name)
    first_error.click()
    expect(page.get_by_label(language.full_name)).to_be_focused()
    screenshot("first-error-field")

    fill_in_a_valid_request(page, language)
    screenshot("fixed")
    page.get_by_role("button", name=language.send_request).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(language.request_sent)
    confirmation = language.path("/request-appointment/confirmation/")
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url + confirmation)}"))
    expect(page.locator("html")).to_have_attribute("lang", language.code)
    reference = page.locator(".confirmation-reference").inner_text()
    assert REFERENCE.match(reference)
    screenshot("confirmation")
    stored = AppointmentRequest.objects.get()
    assert stored.reference == reference
    assert stored.full_name == "Dana Rivers"
    assert stored.language == language.code
    # The confirmation's address is an unguessable token, never the patient's details.
    assert "Dana" not in page.url
    assert reference not in page.url
