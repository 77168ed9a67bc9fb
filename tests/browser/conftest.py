"""
Browser tests: Playwright drives Debian's Chromium against Django's live test server.

Playwright cannot download its own browsers here, so we point it at Debian's Chromium
(tests/browser/chromium.py).
A missing browser makes these tests fail, never skip: CI must prove the pages work in a
real browser.
"""

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS

# Playwright's sync API runs an event loop in this thread while Django's live server answers
# in another; Django's async-safety guard would otherwise refuse the test's own ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 667}


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.browser)


class ProductionLikeLiveServer(LiveServer):
    """
    Django's live server normally serves /static/ itself, from the finders, which cannot
    resolve the hashed file names that production templates use. Hand every request to the
    application instead, so whitenoise serves the collected files exactly as in production.
    """

    def __init__(self, addr: str):
        super().__init__(addr, start=False)
        self.thread.static_handler = lambda application: application
        self.start()


@pytest.fixture(scope="session")
def live_server(request):
    server = ProductionLikeLiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(autouse=True)
def fail_fast(request):
    """Every wait here is for something a page does at once; no need for Playwright's 30 s."""
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(10_000)


def screenshots_of(page, request):
    """A function that saves numbered screenshots of `page` under the test's name."""
    folder = SCREENSHOTS / request.node.name.replace("[", "-").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(step: str) -> None:
        page.screenshot(path=str(folder / f"{next(counter):02d}-{step}.png"), full_page=True)

    return take


@pytest.fixture
def screenshot(page, request):
    """Save a numbered screenshot of the current page for a person to look at."""
    return screenshots_of(page, request)


# --- Shared helpers for the journeys and the accessibility checks ------------------------

VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]

# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA. No rule is switched off.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def assert_no_axe_violations(page) -> None:
    """Run every WCAG 2.0, 2.1 and 2.2 rule at levels A and AA on the page as it is now."""
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            # Only violations are reported; listing every pass as well costs time.
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def site_content(transactional_db):
    """The shipped public pages, as `manage.py load_site_content` puts them on a new site."""
    call_command("load_site_content", stdout=io.StringIO())


@pytest.fixture
def patient_can_submit_at_once(settings):
    """A test fills the form faster than a person types; do not take it for a bot."""
    settings.APPOINTMENT_MIN_FILL_SECONDS = 0


@dataclass(frozen=True)
class SiteLanguage:
    """What a patient sees in one language of the public site: its addresses and words."""

    code: str  # <html lang>, and what a request sent in this language stores
    prefix: str  # before every patient-facing address: "" for English, "/es" for Spanish
    main_menu: str
    home_heading: str
    crps_link: str
    crps_heading: str
    ketamine_link: str
    ketamine_heading: str
    request_an_appointment: str  # the header's button, the form's heading and page title
    full_name: str
    date_of_birth: str
    day: str
    month: str
    year: str
    phone_number: str
    phone_call: str
    new_patient: str
    crps_evaluation: str
    email_address: str
    yes: str
    acknowledgement: str  # how the "this is a request, not a booking" checkbox's label starts
    send_request: str
    there_is_a_problem: str
    enter_your_full_name: str
    request_sent: str
    page_not_found: str

    def path(self, path: str) -> str:
        """The address of the English page at `path` in this language."""
        return self.prefix + path


ENGLISH = SiteLanguage(
    code="en",
    prefix="",
    main_menu="Main",
    home_heading="Care for complex regional pain syndrome (CRPS)",
    crps_link="About CRPS",
    crps_heading="Complex regional pain syndrome (CRPS)",
    ketamine_link="Ketamine infusions",
    ketamine_heading="Ketamine infusions for CRPS",
    request_an_appointment="Request an appointment",
    full_name="Full name",
    date_of_birth="Date of birth",
    day="Day",
    month="Month",
    year="Year",
    phone_number="Phone number",
    phone_call="Phone call",
    new_patient="New patient",
    crps_evaluation="CRPS evaluation",
    email_address="Email address",
    yes="Yes",
    acknowledgement="I understand",
    send_request="Send request",
    there_is_a_problem="There is a problem",
    enter_your_full_name="Enter your full name",
    request_sent="Request sent",
    page_not_found="Page not found",
)

SPANISH = SiteLanguage(
    code="es",
    prefix="/es",
    main_menu="Principal",
    home_heading="Atención para el síndrome de dolor regional complejo (SDRC)",
    crps_link="Sobre el SDRC",
    crps_heading="Síndrome de dolor regional complejo (SDRC)",
    ketamine_link="Infusiones de ketamina",
    ketamine_heading="Infusiones de ketamina para el síndrome de dolor regional complejo (SDRC)",
    request_an_appointment="Solicitar una cita",
    full_name="Nombre completo",
    date_of_birth="Fecha de nacimiento",
    day="Día",
    month="Mes",
    year="Año",
    phone_number="Número de teléfono",
    phone_call="Llamada telefónica",
    new_patient="Paciente nuevo",
    crps_evaluation="Evaluación del SDRC (CRPS)",
    email_address="Correo electrónico",
    yes="Sí",
    acknowledgement="Entiendo que esto es una solicitud",
    send_request="Enviar solicitud",
    there_is_a_problem="Hay un problema",
    enter_your_full_name="Escriba su nombre completo",
    request_sent="Solicitud enviada",
    page_not_found="No encontramos la página",
)

LANGUAGES = [pytest.param(ENGLISH, id="en"), pytest.param(SPANISH, id="es")]


def fill_in_a_valid_request(page, language: SiteLanguage = ENGLISH) -> None:
    """Answer every required question on the request form, as a patient would."""
    page.get_by_label(language.full_name).fill("Dana Rivers")
    date_of_birth = page.get_by_role("group", name=language.date_of_birth)
    date_of_birth.get_by_label(language.day).fill("14")
    date_of_birth.get_by_label(language.month).fill("6")
    date_of_birth.get_by_label(language.year).fill("1984")
    page.get_by_label(language.phone_number).fill("(570) 555-0142")
    page.get_by_label(language.phone_call).check()
    page.get_by_label(language.new_patient).check()
    page.get_by_label(language.crps_evaluation).check()
    page.get_by_role("checkbox", name=language.acknowledgement).check()


def send_a_valid_request(page, live_server, language: SiteLanguage = ENGLISH) -> str:
    """Send the request form as a patient would, and return the reference shown."""
    page.goto(live_server.url + language.path("/request-appointment/"))
    fill_in_a_valid_request(page, language)
    page.get_by_role("button", name=language.send_request).click()
    page.get_by_role("heading", level=1, name=language.request_sent).wait_for()
    return page.locator(".confirmation-reference").inner_text()


STAFF_PASSWORD = "correct-horse-battery-staple"  # what UserFactory sets


def authenticator_code(device) -> str:
    """What the staff member's authenticator app shows right now."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def sign_in_to_admin(page, live_server, user) -> None:
    """Sign in through the real sign-in page: password, then a code from a new authenticator."""
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("Authenticator code").fill(authenticator_code(device))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/admin/")
