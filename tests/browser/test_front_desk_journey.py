"""
A front-desk member of staff takes a patient's new request from the queue: signs in with
password and authenticator code, finds the request by the reference the patient was
given, assigns it to themself, records a call and a note, moves it on from "new", and
sees it leave the list of new requests.
"""

import re

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest, ContactAttempt, InternalNote, RequestStatus
from tests.browser.conftest import VIEWPORTS, send_a_valid_request, sign_in_to_admin
from tests.factories import AppointmentRequestFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def show_only_new_requests(page) -> None:
    page.locator("#changelist-filter details[data-filter-title='status']").get_by_role(
        "link", name="New", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"status__exact=new"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_front_desk_finds_a_new_request_by_reference_and_takes_it_out_of_the_new_queue(
    browser, page, live_server, site_content, patient_can_submit_at_once, screenshot, viewport
):
    patient = browser.new_page(viewport=viewport)
    reference = send_a_valid_request(patient, live_server)
    patient.close()
    AppointmentRequestFactory.create_batch(2)  # other patients, also new
    staff = StaffFactory(username="jordan", role="Front desk")

    page.set_viewport_size(viewport)
    sign_in_to_admin(page, live_server, staff)
    screenshot("signed-in")

    page.get_by_role("rowheader", name="Appointment requests").get_by_role("link").click()
    show_only_new_requests(page)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text=reference)).to_have_count(1)
    screenshot("new-requests")

    search = page.get_by_role("textbox", name="Search", exact=True)
    search.fill(reference)
    search.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(reference)
    screenshot("found-by-reference")

    rows.get_by_role("checkbox").check()
    page.get_by_role("combobox", name=re.compile(r"^Action")).select_option(
        label="Assign selected requests to me"
    )
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.get_by_text("Assigned 1 request(s) to you.")).to_be_visible()
    expect(rows).to_contain_text("jordan")
    screenshot("assigned")

    rows.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=2, name=reference)).to_be_visible()
    # Each inline also holds a hidden template row for JavaScript's "Add another".
    page.get_by_label("How the patient was contacted", exact=True).filter(
        visible=True
    ).select_option(label="Phone call")
    page.get_by_label("Outcome of the contact attempt", exact=True).filter(
        visible=True
    ).select_option(label="Spoke with the patient")
    page.get_by_label("Internal note", exact=True).filter(visible=True).fill(
        "Prefers calls after 2 pm."
    )
    page.get_by_role("combobox", name="Status:").select_option(label="Contacted")
    screenshot("request-page-filled")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("was changed successfully")).to_be_visible()
    screenshot("saved")
    page.goto(live_server.url + "/admin/appointments/appointmentrequest/")
    show_only_new_requests(page)
    expect(rows).to_have_count(2)
    expect(page.locator("#changelist")).not_to_contain_text(reference)
    screenshot("gone-from-new-requests")

    stored = AppointmentRequest.objects.get(reference=reference)
    assert stored.status == RequestStatus.CONTACTED
    assert stored.assigned_to == staff
    attempt = ContactAttempt.objects.get(request=stored)
    assert (attempt.method, attempt.outcome, attempt.author) == ("phone", "reached", staff)
    note = InternalNote.objects.get(request=stored)
    assert (note.text, note.author) == ("Prefers calls after 2 pm.", staff)
