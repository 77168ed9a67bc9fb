"""
The admin works in a real browser under our Content-Security-Policy: sign-in with a code,
two-factor setup with a visible QR code, and the pages staff use, with no CSP violation.
"""

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.invitations import invite
from tests.browser.conftest import DESKTOP
from tests.factories import UserFactory
from tests.security.conftest import PASSWORD, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_PAGES = [
    "/admin/",
    "/admin/appointments/appointmentrequest/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/content/page/",
    "/admin/content/page/add/",
    "/admin/otp_totp/totpdevice/",
]


def watch_for_csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def fill_sign_in(page, url, username, code=""):
    page.goto(url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    if code:
        page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Sign in").click()


def test_staff_sign_in_and_admin_pages_run_under_the_policy(page, live_server, screenshot):
    user = UserFactory(username="frontdesk", is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    violations = watch_for_csp_violations(page)
    page.set_viewport_size(DESKTOP)

    fill_sign_in(page, live_server.url, "frontdesk", current_code(device))
    page.wait_for_url(live_server.url + "/admin/")
    for path in STAFF_PAGES:
        page.goto(live_server.url + path)
        assert page.locator("#content").is_visible(), path
        screenshot(path.strip("/").replace("/", "-"))
    # The admin's own scripts ran: the sidebar toggle and the date widgets need them.
    page.goto(live_server.url + "/admin/auth/user/")
    assert page.locator("#toggle-nav-sidebar").is_visible()
    assert violations == []


def test_a_new_staff_member_sets_up_two_factor_in_the_browser(page, live_server, screenshot):
    user = UserFactory(username="newhire", is_superuser=True)
    violations = watch_for_csp_violations(page)
    page.set_viewport_size(DESKTOP)

    page.goto(live_server.url + invite(user).removeprefix(settings.SITE_URL))
    fill_sign_in(page, live_server.url, "newhire")
    page.wait_for_url("**/admin/two-factor/setup/**")
    qr_code = page.get_by_role("img", name="QR code to scan with your authenticator app")
    box = qr_code.bounding_box()
    assert box["width"] >= 150
    assert box["height"] >= 150
    screenshot("setup")

    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_text("Two-factor sign-in is set up.").is_visible()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    assert codes.count() == 10
    screenshot("recovery-codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.wait_for_url(live_server.url + "/admin/")
    assert violations == []
