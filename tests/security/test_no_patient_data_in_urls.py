"""
A patient's name typed into the staff search never reaches a URL, and so never reaches
what URLs leak into: redirects to sign-in, the lockout records, log lines, session or
cache keys. A canary name goes through a search, an idle-timeout redirect and a failed
sign-in; then everything those could have written is searched for it.
"""

import io
import logging
import re
from datetime import datetime, timedelta
from http import HTTPStatus
from urllib.parse import unquote_plus

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.cache import cache

from clinic.logging import PathsOnlyFilter
from tests.appointments.triage.conftest import CHANGELIST
from tests.conftest import sign_in_with_second_factor
from tests.factories import AppointmentRequestFactory, StaffFactory

pytestmark = pytest.mark.django_db

CANARY = "Ottoline Canarywing"
START = datetime.fromisoformat("2026-03-02 08:00:00+00:00")
LOGIN = "/admin/login/"


def holds_canary(text: str) -> bool:
    text = unquote_plus(str(text))
    return CANARY in text or CANARY.split()[1] in text


@pytest.fixture
def log_lines():
    """What the site's console handler (with its configured filters) writes, line by line."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, PathsOnlyFilter) for f in handler.filters)
    ]
    assert handlers, "the console handler has the paths-only filter"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    yield lambda: stream.getvalue().splitlines()
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def urls_in(response) -> list[str]:
    body = response.content.decode(errors="replace")
    return [
        response.get("Location", ""),
        *re.findall(r'(?:href|action|src)="([^"]*)"', body),
    ]


def test_a_search_a_timeout_and_a_failed_sign_in_leave_the_name_nowhere(client, log_lines):
    AppointmentRequestFactory(full_name=CANARY)
    user = StaffFactory(username="frontdesk", role="Front desk")
    seen_urls: list[str] = []

    with time_machine.travel(START, tick=False) as clock:
        sign_in_with_second_factor(client, user)
        client.get(CHANGELIST)  # starts the idle clock
        searched = client.post(CHANGELIST, {"q": CANARY})
        assert searched.status_code == HTTPStatus.FOUND
        seen_urls += urls_in(searched)
        results = client.get(searched["Location"])
        assert results.status_code == HTTPStatus.OK
        # The search worked: the name is on the page, not in any link on it, and the
        # browser is asked not to remember it as a form entry.
        assert CANARY in results.content.decode()
        assert re.search(r'name="q"\s+autocomplete="off"', results.content.decode())
        seen_urls += urls_in(results)
        session_keys = list(client.session.keys())

        # An old bookmark with the words in it is moved into the session at once.
        bookmark = client.get(CHANGELIST, {"q": CANARY, "status__exact": "new"})
        assert bookmark.status_code == HTTPStatus.FOUND
        seen_urls += urls_in(bookmark)

        clock.shift(timedelta(minutes=16))
        timed_out = client.get(searched["Location"])
        assert timed_out.status_code == HTTPStatus.FOUND
        assert timed_out["Location"] == f"{LOGIN}?next={CHANGELIST}"
        seen_urls += urls_in(timed_out)

    # Signed out: the admin's own redirect to sign-in, and a failed sign-in from it.
    anonymous = client.get(CHANGELIST, {"q": CANARY})
    assert anonymous["Location"] == f"{LOGIN}?next={CHANGELIST}"
    seen_urls += urls_in(anonymous)
    next_with_canary = f"{CHANGELIST}?q={CANARY}"
    failed = client.post(
        f"{LOGIN}?next={next_with_canary}&q={CANARY}",
        {"username": "frontdesk", "password": "wrong", "next": next_with_canary},
    )
    assert failed.status_code == HTTPStatus.OK
    assert AccessAttempt.objects.count() == 1

    assert [url for url in seen_urls if holds_canary(url)] == []
    assert [line for line in log_lines() if holds_canary(line)] == []
    assert [key for key in session_keys if holds_canary(key)] == []
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        for row in model.objects.values():
            assert not any(holds_canary(value) for value in row.values()), model.__name__
    for session in Session.objects.all():
        assert not any(holds_canary(key) for key in session.get_decoded())
    assert not any(holds_canary(key) for key in cache._cache)


def test_a_log_message_naming_a_url_keeps_only_its_path(log_lines):
    logging.getLogger("django.request").warning(
        "Error handling request %s", f"{CHANGELIST}?q={CANARY.replace(' ', '+')}"
    )
    assert log_lines()[-1].endswith(f'"Error handling request {CHANGELIST}"}}') or (
        log_lines()[-1].endswith(f"Error handling request {CHANGELIST}")
    )


def test_gunicorns_error_log_keeps_only_the_path():
    from gunicorn.config import Config

    from clinic.logging import GunicornJsonLogger, GunicornLogger

    for logger_class in (GunicornLogger, GunicornJsonLogger):
        logger = logger_class(Config())
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        logger.error_log.addHandler(handler)
        try:
            logger.error("Error handling request %s", f"{CHANGELIST}?q=Ottoline+Canarywing")
        finally:
            logger.error_log.removeHandler(handler)
        assert stream.getvalue().strip() == f"Error handling request {CHANGELIST}"
