from django.conf import settings
from django.core.management.base import BaseCommand

from appointments.booking import BOOKING_MESSAGE, send_booking_message
from appointments.task_backlog import recover_orphaned_tasks
from appointments.tasks import (
    INTAKE_NOTIFICATION,
    PATIENT_CONFIRMATION,
    SendOutcome,
    send_intake_notification,
    send_patient_confirmation,
)


class Command(BaseCommand):
    help = (
        "Send every intake notification, patient confirmation and appointment email not sent "
        "yet, and put tasks that a stopped worker left running back in the queue."
    )

    def handle(self, *args, **options):
        sent = failed = 0
        for send, email in (
            (send_intake_notification, INTAKE_NOTIFICATION),
            (send_patient_confirmation, PATIENT_CONFIRMATION),
            (send_booking_message, BOOKING_MESSAGE),
        ):
            for pk in list(email.awaiting().values_list("pk", flat=True)):
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
