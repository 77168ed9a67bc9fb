"""A unique value typed into every field must never show up in a log record or an email."""

import datetime
import logging
import socket
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers

# The task worker closes and reopens database connections, as it does in production,
# which PostgreSQL only allows outside the test's wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "Zqxcanary"
CANARY_PHONE = "5550187"


def canary_answers(**changes) -> dict:
    canaries = dict(
        full_name=f"{CANARY} Rivers",
        phone=f"(570) {CANARY_PHONE[:3]}-{CANARY_PHONE[3:]}",
        contact_method="email",
        email=f"{CANARY.lower()}@example.com",
        referring_clinician=f"Dr {CANARY}",
        insurer_name=f"{CANARY} Health",
        preferred_times=f"{CANARY} mornings",
        needs_interpreter="yes",
        interpreter_language=f"{CANARY}ish",
        notes=f"{CANARY} notes",
    )
    return valid_answers(**{**canaries, **changes})


@pytest.fixture
def every_logger_at_debug(caplog):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=3)


def assert_nowhere(texts: list[str]) -> None:
    for text in texts:
        assert CANARY.lower() not in text.lower()
        assert CANARY_PHONE not in text


def test_canary_appears_in_no_log_record_and_no_email(
    client, settings, every_logger_at_debug, django_capture_on_commit_callbacks
):
    # An invalid post, a post caught by the spam trap, and a real one...
    client.post(URL, canary_answers(phone="not a phone"))
    client.post(URL, canary_answers(website="x"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, canary_answers())
    assert response.status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.get().full_name.startswith(CANARY)

    # ...whose email first fails against a dead mail server, then goes out.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    run_worker()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )
    run_worker()
    call_command("resend_notifications", verbosity=0)

    assert len(mail.outbox) == 2
    assert any("Could not send" in record.getMessage() for record in every_logger_at_debug.records)
    assert_nowhere(
        [record.getMessage() for record in every_logger_at_debug.records]
        + [str(record.args) for record in every_logger_at_debug.records]
        + [record.exc_text or "" for record in every_logger_at_debug.records]
    )
    assert_nowhere(
        [message.subject for message in mail.outbox]
        + [message.body for message in mail.outbox]
        + [message.alternatives[0].content for message in mail.outbox]
    )


def test_canary_appears_in_no_task_record(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, canary_answers())
    for task in DBTaskResult.objects.all():
        assert_nowhere([str(task.args_kwargs), str(task.return_value)])
