"""
Browser tests: Playwright drives Debian's Chromium against Django's live test server.

Playwright cannot download its own browsers here, so we point it at /usr/bin/chromium.
A missing browser makes these tests fail, never skip: CI must prove the pages work in a
real browser.
"""

import io
import os
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in this thread while Django's live server answers
# in another; Django's async-safety guard would otherwise refuse the test's own ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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


@pytest.fixture
def screenshot(page, request):
    """Save a numbered screenshot of the current page for a person to look at."""
    folder = SCREENSHOTS / request.node.name.replace("[", "-").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(step: str) -> None:
        page.screenshot(path=str(folder / f"{next(counter):02d}-{step}.png"), full_page=True)

    return take


# --- Shared helpers for the journeys and the accessibility checks ------------------------

VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]

# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA. No rule is switched off.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def site_content(transactional_db):
    """The shipped public pages, as `manage.py load_site_content` puts them on a new site."""
    from django.core.management import call_command

    call_command("load_site_content", stdout=io.StringIO())


@pytest.fixture
def patient_can_submit_at_once(settings):
    """A test fills the form faster than a person types; do not take it for a bot."""
    settings.APPOINTMENT_MIN_FILL_SECONDS = 0
