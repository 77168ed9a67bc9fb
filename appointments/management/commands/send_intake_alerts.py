from django.core.management.base import BaseCommand

from appointments.alerts import send_intake_digest, send_overdue_alerts


class Command(BaseCommand):
    help = (
        "Send the intake digest once its time has come on a working day, and an alert for "
        "requests that became overdue. Safe to run on several servers at once; run every "
        "few minutes by clinic-intake-alerts.timer."
    )

    def handle(self, *args, **options):
        digest = send_intake_digest()
        overdue = send_overdue_alerts()
        self.stdout.write(f"Intake digest: {digest}. Overdue alert: {overdue} request(s).")
