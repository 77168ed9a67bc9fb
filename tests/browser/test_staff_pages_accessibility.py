"""
axe-core finds no WCAG 2.0, 2.1 or 2.2 (A and AA) violation on the staff pages our
templates change: the sign-in page (also with an error), the admin home with the queue,
the request list and a request's page, on a desktop and on a phone screen.
"""

import pytest
from playwright.sync_api import expect

from appointments.models import RequestStatus
from appointments.services import change_status
from tests.browser.conftest import VIEWPORTS, assert_no_axe_violations, sign_in_to_admin
from tests.factories import AppointmentRequestFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_sign_in_page_has_no_axe_violations_before_and_after_a_mistake(
    page, live_server, screenshot, viewport
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/admin/login/")
    screenshot("sign-in")
    assert_no_axe_violations(page)

    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".errornote")).to_be_visible()
    screenshot("sign-in-error")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_admin_home_and_request_list_have_no_axe_violations(
    page, live_server, screenshot, viewport
):
    AppointmentRequestFactory.create_batch(2)
    page.set_viewport_size(viewport)
    sign_in_to_admin(page, live_server, StaffFactory(role="Front desk"))
    screenshot("admin-home")
    assert_no_axe_violations(page)

    page.goto(live_server.url + "/admin/appointments/appointmentrequest/")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    screenshot("request-list")
    assert_no_axe_violations(page)

    page.goto(live_server.url + "/admin/appointments/appointmentrequest/?status__exact=new&q=AMR")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    screenshot("request-list-filtered-and-searched")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_request_page_has_no_axe_violations(page, live_server, screenshot, viewport):
    request = AppointmentRequestFactory(
        email="dana@example.org", referring_clinician="Dr. Example", notes="Mornings are best."
    )
    front_desk = StaffFactory(role="Front desk")
    # A history, so its table is checked too.
    change_status(appointment=request, to_status=RequestStatus.CONTACTED, by=front_desk)
    page.set_viewport_size(viewport)
    sign_in_to_admin(page, live_server, front_desk)
    page.goto(live_server.url + f"/admin/appointments/appointmentrequest/{request.pk}/change/")
    expect(page.get_by_role("table").filter(has_text="To status")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=request.reference)).to_be_visible()
    screenshot("request-page")
    assert_no_axe_violations(page)
