"""`manage.py task_backlog`: the email queue's health for staff and monitoring, counts only."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from appointments import tasks
from appointments.models import AppointmentRequest
from tests.factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db


def backlog(*args: str) -> tuple[str, int]:
    out = StringIO()
    try:
        call_command("task_backlog", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


def aged(queryset, field: str, minutes: int) -> None:
    queryset.update(**{field: timezone.now() - datetime.timedelta(minutes=minutes)})


def test_an_empty_queue_is_healthy():
    output, status = backlog("--json")
    report = json.loads(output)
    assert status == 0
    assert report["ready"] == 0
    assert report["problems"] == []


def test_tasks_waiting_longer_than_the_limit_mean_no_worker_is_running():
    request = AppointmentRequestFactory()
    tasks.send_intake_notification.enqueue(request.pk)
    aged(DBTaskResult.objects.all(), "enqueued_at", 20)

    output, status = backlog("--max-wait", "10")

    assert status == 1
    assert "ready: 1" in output
    assert "is db_worker running?" in output


def test_a_task_running_for_too_long_is_reported_as_stuck():
    request = AppointmentRequestFactory()
    tasks.send_intake_notification.enqueue(request.pk)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    aged(DBTaskResult.objects.all(), "started_at", 30)

    output, status = backlog("--json", "--stuck-after", "15")

    assert status == 1
    assert json.loads(output)["stuck"] == 1


def test_a_scheduled_retry_is_counted_but_is_not_a_problem():
    request = AppointmentRequestFactory(notified_at=timezone.now())
    later = timezone.now() + datetime.timedelta(minutes=5)
    tasks.send_patient_confirmation.using(run_after=later).enqueue(request.pk, attempt=2)

    report = json.loads(backlog("--json")[0])

    assert report["scheduled"] == 1
    assert report["ready"] == 0
    assert report["problems"] == []


def test_unsent_notifications_are_counted_without_any_patient_detail():
    request = AppointmentRequestFactory(full_name="Dana Rivers", email="dana@example.org")
    aged(AppointmentRequest.objects.all(), "created", 60)

    output, status = backlog()

    assert status == 1
    assert "unsent notifications: 1" in output
    assert "resend_notifications" in output
    for detail in ("Dana", "dana@example.org", request.reference):
        assert detail not in output


def resend() -> str:
    out = StringIO()
    call_command("resend_notifications", stdout=out)
    return out.getvalue()


def left_running_by_a_dead_worker(request, *, claims: int = 1) -> DBTaskResult:
    """A send a worker had claimed when it was killed, 30 minutes ago."""
    tasks.send_intake_notification.enqueue(request.pk)
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, worker_ids=[f"worker-{n}" for n in range(claims)]
    )
    aged(DBTaskResult.objects.all(), "started_at", 30)
    return DBTaskResult.objects.get()


def test_the_stuck_alarm_clears_after_the_documented_fix(mailoutbox):
    request = AppointmentRequestFactory()
    aged(AppointmentRequest.objects.all(), "created", 30)
    orphan = left_running_by_a_dead_worker(request)
    output, status = backlog()
    assert status == 1
    assert "stuck running" in output

    printed = resend()

    assert "Sent 1 email(s)" in printed
    assert "1 task(s) left running by a stopped worker put back in the queue" in printed
    orphan.refresh_from_db()
    assert orphan.status == TaskResultStatus.READY
    assert backlog()[1] == 0
    # The worker then finds the email sent and does not send it again.
    tasks.send_intake_notification.call(request.pk)
    assert len(mailoutbox) == 1


def test_a_task_that_keeps_losing_its_worker_is_marked_failed_not_retried_forever():
    request = AppointmentRequestFactory(notified_at=timezone.now())
    orphan = left_running_by_a_dead_worker(request, claims=3)

    printed = resend()

    orphan.refresh_from_db()
    assert orphan.status == TaskResultStatus.FAILED
    assert orphan.exception_class_path == "worker stopped mid-task"
    assert "1 marked failed after 3 tries" in printed
    report = json.loads(backlog("--json")[0])
    assert report["problems"] == []
    assert report["failed_last_day"] == 1


def test_the_unsent_alarm_counts_what_is_unsent_now_not_what_gave_up_today(mailoutbox):
    request = AppointmentRequestFactory()
    aged(AppointmentRequest.objects.all(), "created", 60)
    tasks.send_intake_notification.enqueue(request.pk)
    DBTaskResult.objects.update(
        status=TaskResultStatus.SUCCESSFUL, return_value="gave up", finished_at=timezone.now()
    )
    assert backlog()[1] == 1

    resend()

    report = json.loads(backlog("--json")[0])
    assert report["gave_up_last_day"] == 1
    assert report["unsent_notifications"] == 0
    assert report["problems"] == []


def test_an_unsent_patient_confirmation_counts_as_unsent():
    AppointmentRequestFactory(notified_at=timezone.now(), email="dana@example.org")
    aged(AppointmentRequest.objects.all(), "created", 60)

    report = json.loads(backlog("--json")[0])

    assert report["unsent_notifications"] == 1
    assert len(report["problems"]) == 1
