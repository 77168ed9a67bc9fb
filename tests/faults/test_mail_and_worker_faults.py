"""
The mail server stops or hangs, and a worker is killed in the middle of a send.

Requests are stored and confirmed whatever the mail server does (email goes through the
queue after the request is committed); a worker facing a hung mail server is held for
EMAIL_TIMEOUT per send, not forever; and after a worker dies mid-send, the documented fix
(`manage.py resend_notifications`) sends what is missing and clears every alarm.
"""

import datetime
import subprocess
import sys
import time
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from appointments import tasks
from appointments.models import AppointmentRequest
from content.models import ClinicProfile
from tests.appointments.answers import URL, valid_answers
from tests.factories import AppointmentRequestFactory
from tests.faults.dependencies import SilentServer
from tests.multiserver.servers import HOST, PROJECT, free_port, post_form, site_env, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EMAIL_TIMEOUT = 2


def mail_server_env(port: int, **env: str) -> dict[str, str]:
    return site_env(
        connection.settings_dict,
        **{
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": str(port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
            **env,
        },
    )


def worker(env: dict[str, str], *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", *extra],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def backlog_status() -> int:
    try:
        call_command("task_backlog", stdout=StringIO())
    except CommandError as error:
        return error.returncode
    return 0


@pytest.fixture
def silent_mail_server():
    server = SilentServer().start()
    yield server
    server.stop()


@pytest.mark.parametrize("fault", ["stopped", "hanging"])
def test_requests_are_stored_and_the_worker_is_not_held_while_mail_is_down(
    fault, silent_mail_server, start_server, record
):
    ClinicProfile.load()
    # Nothing listens on a free port: connections are refused, as by a stopped server.
    port = silent_mail_server.port if fault == "hanging" else free_port()
    server = start_server(
        **{k: v for k, v in mail_server_env(port).items() if k.startswith("EMAIL")}
    )

    started = time.monotonic()
    posted = post_form(server.port, URL, valid_answers(email="dana@example.org"))
    post_seconds = time.monotonic() - started
    assert posted.status == HTTPStatus.FOUND
    stored = AppointmentRequest.objects.get()

    started = time.monotonic()
    drained = worker(mail_server_env(port), "--batch")
    output, _ = drained.communicate(timeout=60)
    worker_seconds = time.monotonic() - started

    assert drained.returncode == 0, output.decode()[-3000:]
    # Two emails (intake team, patient), each given up after one timeout and rescheduled.
    assert worker_seconds < 2 * EMAIL_TIMEOUT + 8
    stored.refresh_from_db()
    assert stored.notified_at is None
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2
    record(
        f"Mail server {fault}: post {posted.status} in {post_seconds:.2f}s, request stored; "
        f"worker gave up both sends and rescheduled them in {worker_seconds:.1f}s"
    )


def test_a_worker_killed_mid_send_is_recovered_by_the_documented_fix(
    silent_mail_server, mailoutbox, record
):
    ClinicProfile.load()
    request = AppointmentRequestFactory()
    tasks.send_intake_notification.enqueue(request.pk)
    # The mail server never answers, so the worker is inside the send when it is killed.
    stuck = worker(mail_server_env(silent_mail_server.port, EMAIL_TIMEOUT="60"))
    try:
        wait_until(
            lambda: DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists(),
            what="the worker to start the send",
        )
        time.sleep(0.5)
    finally:
        stuck.kill()
        stuck.wait(timeout=10)

    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.RUNNING
    # Fifteen minutes pass, as the backlog timer would see it.
    DBTaskResult.objects.update(started_at=timezone.now() - datetime.timedelta(minutes=20))
    AppointmentRequest.objects.update(created=timezone.now() - datetime.timedelta(minutes=20))
    assert backlog_status() == 1

    call_command("resend_notifications", stdout=StringIO())

    assert backlog_status() == 0
    assert len(mailoutbox) == 1
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY
    # A worker then runs the task put back, finds the email sent, and sends nothing more.
    # No mail server at all now: a send would fail, so a success means nothing was sent.
    finishing = worker(mail_server_env(free_port()), "--batch")
    output, _ = finishing.communicate(timeout=60)
    assert finishing.returncode == 0, output.decode()[-3000:]
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "nothing to send"
    record(
        "Worker killed mid-send: task_backlog exit 1 (stuck, unsent); after "
        "resend_notifications exit 0, one email sent, the orphaned task finished with "
        "'nothing to send'"
    )
