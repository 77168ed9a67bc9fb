"""
PostgreSQL cut off, then made to hang, under a gunicorn server with production settings.

The site reaches the database through a relay the test controls, as if the database server
stopped (connections refused and dropped) or its network went silent (nothing answers).
Pages in the cache (every published page, once any was shown) stay up; everything else, the form's post included, is
the 503 page with the phone number, and no confirmation page is shown for a request that
was not stored. Both recover without restarting anything.
"""

import time
from http import HTTPStatus

import pytest

from appointments.models import AppointmentRequest
from content.models import ClinicProfile
from content.shipped_content import load_shipped_pages
from tests.appointments.answers import URL, valid_answers
from tests.multiserver.servers import post_form, request, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

STORED_PAGES = ["/", "/crps/", "/es/crps/"]
CONNECT_TIMEOUT = 2
POOL_TIMEOUT = 2


@pytest.fixture
def site(db, redis_server, database_relay, start_server):
    ClinicProfile.load()
    load_shipped_pages()
    server = start_server(
        database_relay=database_relay,
        CACHE_URL=redis_server.url,
        DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        DATABASE_POOL_TIMEOUT=str(POOL_TIMEOUT),
    )
    for path in STORED_PAGES:
        assert request(server.port, "GET", path).status == HTTPStatus.OK
    return server


def timed_request(server, method: str, path: str, **kwargs):
    started = time.monotonic()
    if method == "POST":
        answer = post_form(server.port, path, valid_answers())
    else:
        answer = request(server.port, method, path, **kwargs)
    return answer, time.monotonic() - started


def visit_during_the_outage(server) -> float:
    """Every kind of request during the outage, checked; the slowest answer's seconds."""
    statuses, slowest = {}, 0.0
    for method, path in [
        *(("GET", path) for path in STORED_PAGES),
        ("GET", "/about/"),
        ("GET", URL),
        ("POST", URL),
        ("GET", "/healthz"),
    ]:
        answer, seconds = timed_request(server, method, path)
        slowest = max(slowest, seconds)
        statuses[f"{method} {path}"] = answer.status
        if path != "/healthz":
            assert 'href="tel:' in answer.body, path
        assert "Traceback" not in answer.body
        if answer.status == HTTPStatus.SERVICE_UNAVAILABLE and path != "/healthz":
            assert "not available right now" in answer.body
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert statuses == {
        **{f"GET {path}": HTTPStatus.OK for path in STORED_PAGES},
        # Not asked for before the outage, but rendered with the others into the cache.
        "GET /about/": HTTPStatus.OK,
        # The form is not offered while a request could not be stored.
        f"GET {URL}": HTTPStatus.SERVICE_UNAVAILABLE,
        f"POST {URL}": HTTPStatus.SERVICE_UNAVAILABLE,
        "GET /healthz": HTTPStatus.SERVICE_UNAVAILABLE,
    }
    return slowest


def seconds_to_recover(server) -> float:
    started = time.monotonic()
    wait_until(
        lambda: request(server.port, "GET", "/healthz").status == HTTPStatus.OK,
        seconds=30,
        what="the site to reach the database again",
    )
    seconds = time.monotonic() - started
    posted = post_form(server.port, URL, valid_answers())
    assert posted.status == HTTPStatus.FOUND
    return seconds


@pytest.mark.parametrize(
    "fault",
    [
        # The database server stopped: connections refused, live ones dropped.
        "stopped",
        # Its network went silent: connections accepted, nothing ever answered.
        "silent",
    ],
)
def test_database_outage_then_back(fault, site, database_relay, record):
    before = AppointmentRequest.objects.count()
    (database_relay.cut if fault == "stopped" else database_relay.hang)()

    slowest = visit_during_the_outage(site)

    # No confirmation was shown, and nothing half-stored.
    assert AppointmentRequest.objects.count() == before
    assert slowest < CONNECT_TIMEOUT + POOL_TIMEOUT + 2
    database_relay.restore()
    recovery = seconds_to_recover(site)
    assert recovery < 15
    record(
        f"PostgreSQL {fault}: cached pages 200, the form, its post and /healthz 503; "
        f"slowest {slowest:.2f}s; recovered {recovery:.1f}s after it was back"
    )
