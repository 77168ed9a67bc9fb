from django.core.management.base import BaseCommand

from appointments.reminders import reminders_due, send_reminder


class Command(BaseCommand):
    help = (
        "Email each patient with an appointment on the next working day a reminder, once. "
        "Safe to run on several servers at once; run daily by clinic-reminders.timer."
    )

    def handle(self, *args, **options):
        sent = failed = 0
        for pk in list(reminders_due().values_list("pk", flat=True)):
            # Sent here and now; a failure is queued for the worker to retry later.
            outcome = send_reminder.call(pk)
            if outcome == "sent":
                sent += 1
            elif outcome != "nothing to send":
                failed += 1
        self.stdout.write(f"Sent {sent} reminder(s); {failed} could not be sent yet.")
