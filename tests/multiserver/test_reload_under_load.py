"""
A gunicorn reload (HUP, what `systemctl reload clinic-web` sends) in the middle of a stream
of appointment requests drops none of them: every post gets its confirmation, and every
confirmation belongs to a stored request.
"""

import threading
import time
from http import HTTPStatus

import pytest

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers
from tests.multiserver.servers import post_form, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 4
# Bounds, so a hang fails the test rather than the suite.
MAX_POSTS = 600
MAX_SECONDS = 40


class LoadGenerator:
    """Threads that post valid, distinct request forms until told to stop."""

    def __init__(self, port: int):
        self.port = port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.answers: list[tuple[int, str]] = []
        self.errors: list[str] = []
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(CLIENTS)]

    def __enter__(self) -> "LoadGenerator":
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def count(self) -> int:
        with self.lock:
            return len(self.answers) + len(self.errors)

    def run(self) -> None:
        while not self.stop.is_set():
            if self.count() >= MAX_POSTS or time.monotonic() - self.started > MAX_SECONDS:
                return
            try:
                response = post_form(self.port, URL, valid_answers())
                answer = (response.status, response.headers.get("location", ""))
                with self.lock:
                    self.answers.append(answer)
            except OSError as error:
                with self.lock:
                    self.errors.append(repr(error))


def test_a_reload_under_load_drops_no_request_and_loses_no_stored_one(start_servers):
    (server,) = start_servers(1, APPOINTMENT_RATE_LIMIT="1000000")
    old_workers = server.workers()

    with LoadGenerator(server.port) as load:
        wait_until(lambda: load.count() >= 20, what="posts before the reload")
        server.reload()
        # The old worker has finished and left, and a new one is serving.
        wait_until(
            lambda: server.workers() and not (server.workers() & old_workers),
            what="the new worker to replace the old one",
        )
        after_reload = load.count()
        wait_until(lambda: load.count() >= after_reload + 20, what="posts after the reload")

    assert load.errors == []
    statuses = {status for status, _ in load.answers}
    assert statuses == {HTTPStatus.FOUND}
    confirmations = {location.rstrip("/").rsplit("/", 1)[-1] for _, location in load.answers}
    stored = set(AppointmentRequest.objects.values_list("confirmation_token", flat=True))
    assert len(load.answers) == len(stored)
    assert confirmations == stored
