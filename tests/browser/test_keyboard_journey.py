"""
The patient journey with the keyboard alone: Tab, Shift+Tab, Enter and Space, no mouse.
After every key press the focused element must show a focus ring and be on screen. The
same journey in English and in Spanish.
"""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from appointments.models import AppointmentRequest
from tests.browser.conftest import LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)

# More presses than any page here needs to reach its last control; a journey that needs
# more has lost its way (a keyboard trap, or a control missing from the tab order).
MAX_PRESSES = 60

FOCUS_RING = """() => {
    const style = getComputedStyle(document.activeElement);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
        || style.boxShadow !== "none";
}"""

# Bootstrap scrolls smoothly, so a newly focused element may take a moment to arrive; in
# the first browser test of a run, on a busy two-core machine, that moment has exceeded 2 s.
FOCUS_ARRIVAL_MS = 6000
FOCUS_ON_SCREEN = """() => {
    const box = document.activeElement.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
        && box.top < window.innerHeight && box.left < window.innerWidth;
}"""


def focused(page) -> str:
    return page.evaluate("document.activeElement.outerHTML.slice(0, 120)")


def assert_focus_is_visible(page) -> None:
    assert page.evaluate(FOCUS_RING), f"no focus ring on {focused(page)}"
    try:
        page.wait_for_function(FOCUS_ON_SCREEN, timeout=FOCUS_ARRIVAL_MS)
    except PlaywrightTimeoutError:
        pytest.fail(f"focused element is off screen: {focused(page)}")


def press_until_focused(page, key: str, selector: str) -> None:
    """Press `key` until the element matching `selector` has focus, checking every stop."""
    for _ in range(MAX_PRESSES):
        page.keyboard.press(key)
        assert_focus_is_visible(page)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{key} never reached {selector}")


def tab_to(page, selector: str) -> None:
    press_until_focused(page, "Tab", selector)


def shift_tab_to(page, selector: str) -> None:
    press_until_focused(page, "Shift+Tab", selector)


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose(page, selector: str) -> None:
    """Tab into a radio group or onto a checkbox and select it with Space."""
    tab_to(page, selector)
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_patient_sends_a_request_with_the_keyboard_alone_and_always_sees_the_focus(
    page, live_server, site_content, patient_can_submit_at_once, screenshot, viewport, language
):
    main_menu = f'nav[aria-label="{language.main_menu}"]'
    page.set_viewport_size(viewport)
    page.goto(live_server.url + language.path("/"))
    screenshot("home")

    tab_to(page, ".skip-link")
    screenshot("skip-link")
    tab_to(page, f'{main_menu} a[href="{language.path("/crps/")}"]')
    screenshot("menu-link-focused")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(language.crps_heading)
    tab_to(page, f'{main_menu} a[href="{language.path("/ketamine-infusions/")}"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(language.ketamine_heading)
    screenshot("ketamine")

    # Tabbing on into the menu, the patient goes back up to the header's button.
    tab_to(page, f'{main_menu} a[aria-current="page"]')
    shift_tab_to(page, ".site-header .header-cta")
    screenshot("request-button-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(rf"^{re.escape(language.request_an_appointment)}"))

    tab_to(page, ".request-form button[type=submit]")
    screenshot("send-button-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(rf"^Error: {re.escape(language.request_an_appointment)}"))
    # Focus starts on the error summary, so the patient hears and sees the problems first.
    expect(page.get_by_role("alert")).to_be_focused()
    assert_focus_is_visible(page)
    screenshot("errors")

    tab_to(page, ".error-summary a")
    assert page.evaluate("document.activeElement.hash") == "#id_full_name"
    page.keyboard.press("Enter")
    expect(page.locator("#id_full_name")).to_be_focused()
    assert_focus_is_visible(page)
    screenshot("first-error-field")

    page.keyboard.type("Dana Rivers")
    type_into(page, "#id_date_of_birth_0", "14")
    type_into(page, "#id_date_of_birth_1", "6")
    type_into(page, "#id_date_of_birth_2", "1984")
    type_into(page, "#id_phone", "(570) 555-0142")
    choose(page, "#id_contact_method_0")
    choose(page, "#id_patient_type_0")
    choose(page, "#id_reason_0")
    # Past the box, onto the privacy link inside its label, then back to tick it.
    tab_to(page, f'.request-form a[href="{language.path("/privacy/")}"]')
    shift_tab_to(page, "#id_acknowledgement")
    page.keyboard.press("Space")
    expect(page.locator("#id_acknowledgement")).to_be_checked()
    screenshot("fixed")
    tab_to(page, ".request-form button[type=submit]")
    page.keyboard.press("Space")

    expect(page.get_by_role("heading", level=1)).to_have_text(language.request_sent)
    expect(page.locator("html")).to_have_attribute("lang", language.code)
    stored = AppointmentRequest.objects.get()
    expect(page.locator(".confirmation-reference")).to_have_text(stored.reference)
    assert stored.contact_method == "phone"
    assert stored.patient_type == "new"
    assert stored.reason == "crps_evaluation"
    assert stored.language == language.code
    screenshot("confirmation")
