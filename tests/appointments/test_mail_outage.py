"""With the mail server down, the patient is answered normally and the email follows later."""

import datetime
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


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2


def mail_server_back(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def let_the_backoff_pass() -> None:
    # The queue compares run_after with the database's clock, which tests cannot move.
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )


def post_request(client, capture) -> AppointmentRequest:
    with capture(execute=True):
        response = client.post(
            URL, valid_answers(contact_method="email", email="dana@example.com"), follow=True
        )
    assert response.status_code == HTTPStatus.OK
    assert "Request sent" in response.content.decode()
    return AppointmentRequest.objects.get()


def test_patient_sees_the_confirmation_and_the_request_is_stored(
    client, mail_server_down, django_capture_on_commit_callbacks
):
    request = post_request(client, django_capture_on_commit_callbacks)
    run_worker()
    request.refresh_from_db()
    assert request.notified_at is None
    assert request.patient_notified_at is None


def test_notification_goes_out_once_the_mail_server_is_back(
    client, settings, mail_server_down, django_capture_on_commit_callbacks
):
    request = post_request(client, django_capture_on_commit_callbacks)
    run_worker()
    # The retries wait for their backoff: running the worker again sends nothing yet.
    run_worker()
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    mail_server_back(settings)
    let_the_backoff_pass()
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "dana@example.com",
        "intake@localhost",
    ]
    request.refresh_from_db()
    assert request.notified_at is not None
    assert request.patient_notified_at is not None

    let_the_backoff_pass()
    run_worker()
    assert len(mail.outbox) == 2


def test_retries_back_off_and_stop_after_the_maximum(
    client, settings, mail_server_down, django_capture_on_commit_callbacks
):
    settings.APPOINTMENT_NOTIFY_MAX_ATTEMPTS = 3
    post_request(client, django_capture_on_commit_callbacks)
    delays = []
    for _attempt in range(5):
        started = timezone.now()
        run_worker()
        waiting = DBTaskResult.objects.filter(status="READY")
        delays.append(
            sorted({round((task.run_after - started).total_seconds() / 60) for task in waiting})
        )
        let_the_backoff_pass()
    assert delays == [[1], [2], [], [], []]


def test_resend_command_sends_what_the_outage_held_back(
    client, settings, mail_server_down, django_capture_on_commit_callbacks
):
    request = post_request(client, django_capture_on_commit_callbacks)
    run_worker()
    mail_server_back(settings)
    call_command("resend_notifications", verbosity=0)
    assert len(mail.outbox) == 2
    request.refresh_from_db()
    assert request.notified_at is not None


def test_with_tasks_run_in_the_web_process_a_failed_send_still_answers_the_patient(
    client, settings, mail_server_down, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    request = post_request(client, django_capture_on_commit_callbacks)
    assert request.notified_at is None
    mail_server_back(settings)
    call_command("resend_notifications", verbosity=0)
    assert len(mail.outbox) == 2
