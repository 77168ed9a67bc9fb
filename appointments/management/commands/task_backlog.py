import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from appointments.task_backlog import current_backlog


class Command(BaseCommand):
    help = (
        "Show the email queue's backlog, stuck and failed tasks, and unsent notifications, as "
        "counts only. Exits with status 1 when something needs a person, for monitoring."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-wait",
            type=int,
            default=10,
            help="Minutes a due task or a new request's email may wait (default 10).",
        )
        parser.add_argument(
            "--stuck-after",
            type=int,
            default=int(settings.TASK_STUCK_AFTER.total_seconds() // 60),
            help="Minutes after which a running task counts as stuck (default: TASK_STUCK_MINUTES, 15).",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="One JSON object, for scripts."
        )

    def handle(self, *args, max_wait: int, stuck_after: int, as_json: bool, **options):
        limit = datetime.timedelta(minutes=max_wait)
        backlog = current_backlog(
            max_wait=limit, stuck_after=datetime.timedelta(minutes=stuck_after)
        )
        problems = backlog.problems(max_wait=limit)
        if as_json:
            report = {**backlog.as_dict(), "problems": problems}
            self.stdout.write(json.dumps(report, sort_keys=True))
        else:
            for name, value in backlog.as_dict().items():
                self.stdout.write(f"{name.replace('_', ' ')}: {value}")
            for problem in problems:
                self.stdout.write(f"PROBLEM: {problem}")
        if problems:
            raise CommandError("The email queue needs attention.", returncode=1)
