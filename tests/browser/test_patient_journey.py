"""
A patient reads about CRPS and ketamine infusions, then asks for an appointment: first
sending the form empty, then following the error summary and fixing every answer.
"""

import re

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest
from tests.browser.conftest import VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)

REFERENCE = re.compile(r"^AMR-[2-9B-Z]{5}$")


def follow_menu_link(page, label: str, heading: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_patient_reads_about_crps_and_sends_a_request_after_fixing_every_error(
    page, live_server, site_content, patient_can_submit_at_once, screenshot, viewport
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Care for complex regional pain syndrome (CRPS)"
    )
    screenshot("home")

    follow_menu_link(page, "About CRPS", "Complex regional pain syndrome (CRPS)")
    screenshot("crps")
    follow_menu_link(page, "Ketamine infusions", "Ketamine infusions for CRPS")
    screenshot("ketamine")

    page.get_by_role("banner").get_by_role("link", name="Request an appointment").click()
    expect(page).to_have_title(re.compile(r"^Request an appointment"))
    screenshot("form")

    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_title(re.compile(r"^Error: Request an appointment"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()
    screenshot("errors")

    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Full name")).to_be_focused()
    screenshot("first-error-field")

    page.get_by_label("Full name").fill("Dana Rivers")
    date_of_birth = page.get_by_role("group", name="Date of birth")
    date_of_birth.get_by_label("Day").fill("14")
    date_of_birth.get_by_label("Month").fill("6")
    date_of_birth.get_by_label("Year").fill("1984")
    page.get_by_label("Phone number").fill("(570) 555-0142")
    page.get_by_label("Phone call").check()
    page.get_by_label("New patient").check()
    page.get_by_label("CRPS evaluation").check()
    page.get_by_role("checkbox", name="I understand").check()
    screenshot("fixed")
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    reference = page.locator(".confirmation-reference").inner_text()
    assert REFERENCE.match(reference)
    screenshot("confirmation")
    stored = AppointmentRequest.objects.get()
    assert stored.reference == reference
    assert stored.full_name == "Dana Rivers"
    # The confirmation's address is an unguessable token, never the patient's details.
    assert "Dana" not in page.url
    assert reference not in page.url
