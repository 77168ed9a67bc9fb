"""
axe-core finds no WCAG 2.0, 2.1 or 2.2 (A and AA) violation on any public page, on a
desktop and on a phone screen: the content pages, the request form before and after a
failed send, the confirmation page and the page-not-found page.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

CONTENT_PAGES = [
    "/",
    "/crps/",
    "/ketamine-infusions/",
    "/treatments/",
    "/faq/",
    "/about/",
    "/contact/",
    "/privacy/",
    "/accessibility/",
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", [*CONTENT_PAGES, "/request-appointment/"])
def test_public_page_has_no_axe_violations(page, live_server, site_content, viewport, path):
    page.set_viewport_size(viewport)
    response = page.goto(live_server.url + path)
    assert response.ok
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_request_form_with_errors_has_no_axe_violations(
    page, live_server, site_content, screenshot, viewport
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/request-appointment/")
    page.get_by_label("Phone number").fill("not a phone number")
    page.get_by_label("Email address").fill("not an email address")
    page.get_by_label("Yes", exact=True).check()  # an interpreter, with no language given
    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    screenshot("errors")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_confirmation_page_has_no_axe_violations(
    page, live_server, site_content, screenshot, viewport
):
    from tests.factories import AppointmentRequestFactory

    request = AppointmentRequestFactory(confirmation_token="a-long-unguessable-test-token")
    page.set_viewport_size(viewport)
    page.goto(live_server.url + f"/request-appointment/confirmation/{request.confirmation_token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    screenshot("confirmation")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_page_not_found_has_no_axe_violations(
    page, live_server, site_content, screenshot, viewport
):
    page.set_viewport_size(viewport)
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    screenshot("not-found")
    assert_no_axe_violations(page)
