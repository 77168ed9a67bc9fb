from django.core.management.base import BaseCommand

from content.tasks import send_review_reminders


class Command(BaseCommand):
    help = (
        "Queue today's review reminders to the content editors (run daily by "
        "clinic-review-reminders.timer). Safe to run again: they go out once a day."
    )

    def handle(self, *args, **options):
        result = send_review_reminders.enqueue()
        self.stdout.write(f"Queued the review reminders (task {result.id}).")
