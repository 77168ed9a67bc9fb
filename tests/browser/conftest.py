"""
Browser tests: Playwright drives Debian's Chromium against Django's live test server.

Playwright cannot download its own browsers here, so we point it at /usr/bin/chromium.
A missing browser makes these tests fail, never skip: CI must prove the pages work in a
real browser.
"""

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
