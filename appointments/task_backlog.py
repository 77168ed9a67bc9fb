"""
How the notification queue is doing, in counts and ages only, and the repair for tasks a
stopped worker left behind.

`manage.py task_backlog` prints this for people and monitoring. It never shows a task's
arguments, return values or tracebacks (an exception message can quote patient details),
and never a request's reference: a count of emails waiting is enough to act on.

Every alarm it raises clears once its cause is dealt with: each is computed from the state
now (what is waiting, stuck or unsent at this moment), not from what happened in the last
day. Tasks that failed or gave up are counted for information only: every task here sends a
notification, and one that did not go out is still counted as unsent until it does.
"""

import datetime
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from appointments.models import AppointmentRequest
from appointments.tasks import SendOutcome

# A task claimed this many times without finishing probably stops its worker itself (runs
# it out of memory, say): it is marked failed instead of being put back in the queue again.
MAX_CLAIMS = 3
# What a task that lost its worker is marked failed with, in place of an exception's class.
WORKER_LOST = "worker stopped mid-task"


@dataclass(frozen=True)
class Backlog:
    # Due now and not yet taken by a worker.
    ready: int
    # Seconds the longest-waiting ready task has been due; 0 when none are.
    oldest_ready_seconds: int
    # Waiting for a later retry (a failed send, with backoff).
    scheduled: int
    running: int
    # Running for longer than a send can take: its worker stopped mid-task.
    stuck: int
    # For information: ended with an unexpected error, or gave up retrying, in the last day.
    failed_last_day: int
    gave_up_last_day: int
    # Requests older than the wait limit with an email (to the intake team or the patient)
    # that has not gone out yet.
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
                "run `manage.py resend_notifications`, which sends what they did not and "
                "puts them back in the queue"
            )
        if self.unsent_notifications:
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
    waited_too_long = Q(created__lt=now - max_wait)
    return Backlog(
        ready=ready.count(),
        oldest_ready_seconds=oldest_ready_seconds,
        scheduled=tasks.filter(status=TaskResultStatus.READY, run_after__gt=now)
        .exclude(run_after=never)
        .count(),
        running=tasks.running().count(),
        stuck=orphaned_tasks(stuck_after=stuck_after, now=now).count(),
        failed_last_day=tasks.failed().filter(finished_at__gte=day_ago).count(),
        gave_up_last_day=tasks.successful()
        .filter(finished_at__gte=day_ago, return_value=SendOutcome.GAVE_UP)
        .count(),
        unsent_notifications=AppointmentRequest.objects.awaiting_email()
        .filter(waited_too_long)
        .count(),
    )


def orphaned_tasks(*, stuck_after: datetime.timedelta, now=None):
    now = now or timezone.now()
    return DBTaskResult.objects.running().filter(started_at__lt=now - stuck_after)


@dataclass(frozen=True)
class Recovered:
    requeued: int
    failed: int
    max_claims: int = MAX_CLAIMS


def recover_orphaned_tasks(*, stuck_after: datetime.timedelta, now=None) -> Recovered:
    """
    Put tasks left "running" by a worker that stopped mid-task (killed, out of memory, its
    server lost) back in the queue. That is safe for every task here: a send first checks,
    with the request's row locked, whether its email has gone out. A task already claimed
    MAX_CLAIMS times is marked failed instead.
    """
    now = now or timezone.now()
    requeued = failed = 0
    with transaction.atomic():
        for result in orphaned_tasks(stuck_after=stuck_after, now=now).select_for_update():
            if len(result.worker_ids) >= MAX_CLAIMS:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = WORKER_LOST
                result.traceback = ""
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                failed += 1
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.run_after = now
                result.save(update_fields=["status", "started_at", "run_after"])
                requeued += 1
    return Recovered(requeued=requeued, failed=failed)
