"""
How the notification queue is doing, in counts and ages only.

`manage.py task_backlog` prints this for people and monitoring. It never shows a task's
arguments, return values or tracebacks (an exception message can quote patient details),
and never a request's reference: a count of emails waiting is enough to act on.
"""

import datetime
from dataclasses import asdict, dataclass

from django.db.models import Min, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from appointments.models import AppointmentRequest, RequestStatus


@dataclass(frozen=True)
class Backlog:
    # Due now and not yet taken by a worker.
    ready: int
    # Seconds the longest-waiting ready task has been due; 0 when none are.
    oldest_ready_seconds: int
    # Waiting for a later retry (a failed send, with backoff).
    scheduled: int
    running: int
    # Running for longer than a send can take: its worker probably died mid-task.
    stuck: int
    # Ended with an unexpected error in the last day.
    failed_last_day: int
    # Notifications the retries gave up on in the last day (mail server down too long).
    gave_up_last_day: int
    # Requests older than the wait limit whose intake email has not gone out.
    unsent_notifications: int

    def problems(self, *, max_wait: datetime.timedelta) -> list[str]:
        found = []
        if self.oldest_ready_seconds > max_wait.total_seconds():
            found.append(
                f"tasks have waited {self.oldest_ready_seconds}s for a worker: is db_worker running?"
            )
        if self.stuck:
            found.append(
                f"{self.stuck} task(s) stuck running: a worker stopped mid-task; "
                "run `manage.py resend_notifications`"
            )
        if self.failed_last_day:
            found.append(f"{self.failed_last_day} task(s) failed in the last day")
        if self.gave_up_last_day or self.unsent_notifications:
            found.append(
                f"{self.unsent_notifications} notification(s) unsent: check the mail server, "
                "then run `manage.py resend_notifications`"
            )
        return found

    def as_dict(self) -> dict:
        return asdict(self)


def current_backlog(
    *, max_wait: datetime.timedelta, stuck_after: datetime.timedelta, now=None
) -> Backlog:
    now = now or timezone.now()
    day_ago = now - datetime.timedelta(days=1)
    never = get_date_max()
    tasks = DBTaskResult.objects.all()
    ready = tasks.ready()
    # A task without run_after waits from when it was queued; a retry from when it fell due.
    oldest = ready.aggregate(
        queued=Min("enqueued_at", filter=Q(run_after=never)),
        due=Min("run_after", filter=~Q(run_after=never)),
    )
    starts = [moment for moment in oldest.values() if moment is not None]
    oldest_ready_seconds = max(0, int((now - min(starts)).total_seconds())) if starts else 0
    return Backlog(
        ready=ready.count(),
        oldest_ready_seconds=oldest_ready_seconds,
        scheduled=tasks.filter(status=TaskResultStatus.READY, run_after__gt=now)
        .exclude(run_after=never)
        .count(),
        running=tasks.running().count(),
        stuck=tasks.running().filter(started_at__lt=now - stuck_after).count(),
        failed_last_day=tasks.failed().filter(finished_at__gte=day_ago).count(),
        gave_up_last_day=tasks.successful()
        .filter(finished_at__gte=day_ago, return_value="gave up")
        .count(),
        unsent_notifications=AppointmentRequest.objects.exclude(status=RequestStatus.SPAM)
        .filter(notified_at__isnull=True, created__lt=now - max_wait)
        .count(),
    )
