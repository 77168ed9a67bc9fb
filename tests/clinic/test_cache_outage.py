"""
The cache stops answering: the site gets slower, not broken (clinic/cache.py).

A real `redis-server` of the test's own is killed (connections refused) or frozen
(connections accepted, never answered); the shared Redis is never touched. The fault suite
in tests/faults does the same to gunicorn servers; these tests show each behaviour on its
own, in this process.
"""

import logging
import time
from http import HTTPStatus
from unittest import mock

import pytest
from django.core.cache import cache

from appointments.models import AppointmentRequest
from appointments.ratelimit import per_process_counts
from clinic.settings import cache_from_url
from content.models import ClinicProfile
from content.shipped_content import load_shipped_pages
from tests.appointments.answers import URL, valid_answers
from tests.faults.dependencies import TcpRelay
from tests.multiserver.servers import HOST

pytestmark = pytest.mark.django_db


@pytest.fixture
def use_redis(settings, redis_server):
    """The site's cache is this test's own Redis, with short timeouts and retry interval."""

    # Counts kept while the cache was down in an earlier test must not count here.
    per_process_counts.clear()

    def use(retry_after: float = 60, socket_timeout: float = 0.5, fallback_seconds: float = 30):
        config = cache_from_url(redis_server.url)
        config["OPTIONS"].update(
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            RETRY_AFTER=retry_after,
            FALLBACK_SECONDS=fallback_seconds,
        )
        settings.CACHES = {"default": config}
        return redis_server

    return use


@pytest.fixture
def site(db, settings):
    settings.APPOINTMENT_MIN_FILL_SECONDS = 0
    ClinicProfile.load()
    load_shipped_pages()


def test_a_dead_cache_never_raises_and_keeps_entries_in_the_process_briefly(use_redis):
    use_redis().kill()

    assert cache.get("anything", "default") == "default"
    cache.set("page", "rendered")
    assert cache.get("page") == "rendered"
    assert cache.get_many(["page", "other"]) == {"page": "rendered"}
    assert cache.add("page", "again") is False
    assert cache.delete("page") is True
    assert cache.has_key("page") is False
    assert cache.get_or_set("a", "computed") == "computed"
    assert cache.set_many({"a": 1, "b": 2}) == []
    # A count kept here would not be shared: the caller is told.
    assert cache.incr("a") is None


def test_entries_kept_in_the_process_expire_after_the_fallback_interval(use_redis):
    use_redis(fallback_seconds=0.2).kill()
    cache.set("page", "rendered", timeout=None)
    time.sleep(0.3)

    assert cache.get("page") is None


def test_after_a_failure_the_cache_is_skipped_until_the_retry_interval_passes(use_redis):
    use_redis(retry_after=60).kill()
    cache.get("first")

    client = cache._cache
    with mock.patch.object(client, "get", side_effect=AssertionError("Redis was asked")):
        assert cache.get("second") is None
        cache.set("third", 1)


def test_a_hung_cache_costs_one_timeout_then_nothing(use_redis):
    use_redis(retry_after=60, socket_timeout=0.5).freeze()

    started = time.monotonic()
    for _ in range(20):
        cache.get("page")
    # Twenty reads of a hung Redis cost one socket timeout, not twenty.
    assert time.monotonic() - started < 20 * 0.5 / 2


def test_the_cache_is_tried_again_after_the_interval_and_used_once_it_answers(use_redis):
    server = use_redis(retry_after=0.2)
    server.freeze()
    assert cache.get("a") is None
    server.thaw()
    time.sleep(0.3)
    cache.set("a", "back")
    assert cache.get("a") == "back"


def test_what_was_written_during_the_outage_is_deleted_when_the_cache_returns(
    settings, redis_server
):
    # Redis keeps its data while the network to it is cut, as a partitioned server would.
    relay = TcpRelay((HOST, redis_server.port)).start()
    config = cache_from_url(f"redis://{HOST}:{relay.port}/0")
    config["OPTIONS"]["RETRY_AFTER"] = 0.2
    settings.CACHES = {"default": config}
    cache.set("content:page", "the page before the edit")
    relay.cut()
    # A staff save during the outage: the new version cannot reach Redis, whose copy is
    # now out of date.
    cache.set("content:page", "the page after the edit")
    relay.start()
    time.sleep(0.3)

    assert cache.get("content:page") is None
    relay.cut()


def test_an_outage_is_logged_once_at_its_start_and_once_at_its_end(use_redis, caplog):
    server = use_redis(retry_after=0.2)
    caplog.set_level(logging.WARNING, logger="clinic.cache")
    server.freeze()
    for _ in range(5):
        cache.get("a")
    server.thaw()
    time.sleep(0.3)
    cache.get("a")

    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages
    assert messages[0].startswith("Cache unreachable (TimeoutError)")
    assert messages[1].startswith("Cache reachable again")


def test_pages_the_form_and_a_post_work_while_the_cache_is_dead(site, use_redis, client):
    use_redis().kill()

    for path in ("/", "/crps/", "/es/crps/", URL):
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK, path
        assert b'href="tel:+15705550123"' in response.content

    response = client.post(URL, valid_answers())

    assert response.status_code == HTTPStatus.FOUND
    stored = AppointmentRequest.objects.get()
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == HTTPStatus.OK
    assert stored.reference.encode() in confirmation.content


def test_the_rate_limit_counts_in_the_process_while_the_cache_is_dead(
    site, use_redis, client, settings
):
    settings.APPOINTMENT_RATE_LIMIT = 2
    use_redis().kill()

    statuses = [client.post(URL, valid_answers()).status_code for _ in range(3)]

    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]
    assert AppointmentRequest.objects.count() == 2


def test_health_check_stays_ok_without_the_cache_and_the_full_check_names_it(use_redis, client):
    server = use_redis(retry_after=0.2)

    assert client.get("/healthz?full").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }

    server.kill()

    plain = client.get("/healthz")
    assert plain.status_code == HTTPStatus.OK
    assert plain.json() == {"status": "ok"}
    full = client.get("/healthz?full")
    assert full.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert full.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
    assert str(server.port).encode() not in full.content


def test_cache_calls_share_one_redis_client_and_it_outlives_a_restart(use_redis):
    server = use_redis(retry_after=0.2)
    cache.set("warm", 1)
    with mock.patch("redis.Redis.__init__", side_effect=AssertionError("a new client")):
        cache.set("a", "before")
        assert cache.get_many(["a", "warm"]) == {"a": "before", "warm": 1}
    server.kill()
    assert cache.get("a") is None
    server.start()
    time.sleep(0.3)
    # The same client, on new connections from its pool.
    with mock.patch("redis.Redis.__init__", side_effect=AssertionError("a new client")):
        cache.set("a", "after")
        assert cache.get("a") == "after"
