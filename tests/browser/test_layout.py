"""The shared layout in a real browser: readable, keyboard-usable, and fine at 320 px wide."""

import pytest

from tests.browser.conftest import DESKTOP, assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_has_no_axe_violations(page, live_server, screenshot):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    screenshot("home")
    assert_no_axe_violations(page)


def test_base_font_is_at_least_18px(page, live_server):
    page.goto(live_server.url + "/")
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 18


def test_page_fits_a_320px_screen_without_sideways_scrolling(page, live_server, screenshot):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    screenshot("home-320px")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(
    page, live_server, screenshot
):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
    screenshot("skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_pages_work_with_javascript_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="Request an appointment").first.is_visible()
    context.close()
