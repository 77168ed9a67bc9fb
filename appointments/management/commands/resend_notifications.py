from django.core.management.base import BaseCommand

from appointments.models import AppointmentRequest
from appointments.tasks import send_intake_notification, send_patient_confirmation


class Command(BaseCommand):
    help = "Send every intake notification and patient confirmation email not sent yet."

    def handle(self, *args, **options):
        unsent = AppointmentRequest.objects.exclude(status=AppointmentRequest.Status.SPAM)
        intake_ids = list(unsent.filter(notified_at__isnull=True).values_list("pk", flat=True))
        patient_ids = list(
            unsent.filter(patient_notified_at__isnull=True)
            .exclude(email="")
            .values_list("pk", flat=True)
        )
        sent = failed = 0
        for send, ids in (
            (send_intake_notification, intake_ids),
            (send_patient_confirmation, patient_ids),
        ):
            for pk in ids:
                # Called directly, not queued: one attempt now, and a clear count to print.
                outcome = send.call(pk, retry=False)
                if outcome == "sent":
                    sent += 1
                elif outcome != "nothing to send":
                    failed += 1
        self.stdout.write(f"Sent {sent} email(s); {failed} could not be sent.")
