from django.conf import settings
from django.core.management.base import BaseCommand

from appointments.booking import awaiting_booking_email, send_booking_message
from appointments.models import AppointmentRequest
from appointments.task_backlog import recover_orphaned_tasks
from appointments.tasks import SendOutcome, send_intake_notification, send_patient_confirmation


class Command(BaseCommand):
    help = (
        "Send every intake notification, patient confirmation and appointment email not sent "
        "yet, and put tasks that a stopped worker left running back in the queue."
    )

    def handle(self, *args, **options):
        sent = failed = 0
        for send, unsent in (
            (send_intake_notification, AppointmentRequest.objects.awaiting_intake_email()),
            (send_patient_confirmation, AppointmentRequest.objects.awaiting_patient_email()),
            (send_booking_message, awaiting_booking_email()),
        ):
            for pk in list(unsent.values_list("pk", flat=True)):
                # Called directly, not queued: one attempt now, and a clear count to print.
                outcome = send.call(pk, retry=False)
                if outcome == SendOutcome.SENT:
                    sent += 1
                elif outcome != SendOutcome.NOTHING_TO_SEND:
                    failed += 1
        self.stdout.write(f"Sent {sent} email(s); {failed} could not be sent.")
        # After the sends, so a task put back finds its email sent and ends at once.
        recovered = recover_orphaned_tasks(stuck_after=settings.TASK_STUCK_AFTER)
        if recovered.requeued or recovered.failed:
            self.stdout.write(
                f"{recovered.requeued} task(s) left running by a stopped worker put back in "
                f"the queue; {recovered.failed} marked failed after "
                f"{recovered.max_claims} tries."
            )
