"""
Notification workers on several hosts drain one queue: every email goes out exactly once.

django-tasks-db hands each queued task to one worker (SELECT ... FOR UPDATE SKIP LOCKED);
the tasks themselves lock the request while sending, so even the same email queued twice
(a retry racing `resend_notifications`, say) goes out once. The workers are real
`manage.py db_worker` processes, as on separate hosts, sending through a mailbox that
counts every message.
"""

import subprocess
import sys
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from appointments import tasks
from appointments.models import AppointmentRequest
from tests.factories import AppointmentRequestFactory
from tests.multiserver.servers import PROJECT, site_env

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    # The workers cache the clinic's details in Redis; each test starts and ends it empty.
    pytest.mark.usefixtures("shared_cache"),
]

INTAKE = "intake@clinic.example.org"


@pytest.fixture
def mailbox(tmp_path) -> Path:
    folder = tmp_path / "mailbox"
    folder.mkdir()
    return folder


def run_workers(mailbox: Path, count: int, **env: str) -> None:
    """Start `count` workers at once; each sends what it can claim and exits when none is left."""
    worker_env = site_env(
        connection.settings_dict,
        EMAIL_BACKEND="tests.multiserver.mailbox.EmailBackend",
        MULTISERVER_MAILBOX=str(mailbox),
        MULTISERVER_SEND_SECONDS="0.02",
        CLINIC_INTAKE_EMAIL=INTAKE,
        APPOINTMENT_NOTIFY_RETRY_SECONDS="0",
        **env,
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=PROJECT,
            env=worker_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(count)
    ]
    try:
        for worker in workers:
            output, _ = worker.communicate(timeout=60)
            assert worker.returncode == 0, output.decode()[-3000:]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()


def sent_emails(mailbox: Path) -> Counter:
    """How many emails went to each (recipient, subject)."""
    messages = [message_from_bytes(path.read_bytes()) for path in mailbox.glob("*.eml")]
    return Counter((message["To"], message["Subject"]) for message in messages)


def expected_emails(requests) -> Counter:
    expected = Counter()
    for request in requests:
        expected[(INTAKE, f"New appointment request {request.reference}")] += 1
        expected[(request.email, subject_for_patient(request))] += 1
    return expected


def subject_for_patient(request) -> str:
    return tasks.patient_email(request).subject


def queue_notifications(requests, copies: int = 1) -> None:
    for request in requests:
        for _ in range(copies):
            tasks.send_intake_notification.enqueue(request.pk)
            tasks.send_patient_confirmation.enqueue(request.pk)


def test_two_workers_draining_one_queue_send_every_email_exactly_once(mailbox):
    requests = [
        AppointmentRequestFactory(email=f"patient{number}@example.org") for number in range(20)
    ]
    queue_notifications(requests)

    run_workers(mailbox, 2)

    assert sent_emails(mailbox) == expected_emails(requests)
    assert AppointmentRequest.objects.filter(notified_at__isnull=True).count() == 0
    assert AppointmentRequest.objects.filter(patient_notified_at__isnull=True).count() == 0
    # Both workers took part: the queue was really shared, not drained by one of them.
    worker_ids = {worker for task in DBTaskResult.objects.all() for worker in task.worker_ids}
    assert len(worker_ids) == 2


def test_the_same_email_queued_twice_is_still_sent_once(mailbox):
    requests = [
        AppointmentRequestFactory(email=f"patient{number}@example.org") for number in range(20)
    ]
    queue_notifications(requests, copies=2)

    run_workers(mailbox, 2)

    assert sent_emails(mailbox) == expected_emails(requests)


def test_emails_that_fail_at_first_are_retried_and_sent_once(mailbox):
    requests = [
        AppointmentRequestFactory(email=f"patient{number}@example.org") for number in range(10)
    ]
    queue_notifications(requests)

    run_workers(mailbox, 2, MULTISERVER_FAIL_FIRST="1")

    assert sent_emails(mailbox) == expected_emails(requests)
    retries = DBTaskResult.objects.filter(args_kwargs__kwargs__attempt=2)
    assert retries.count() == 2 * len(requests)
