from django.conf import settings
from django.core.management.base import BaseCommand

from appointments.services import purge_expired_requests


class Command(BaseCommand):
    help = (
        "Delete closed, spam and not-suitable appointment requests whose last status change "
        "is older than APPOINTMENT_RETENTION_DAYS, with their contact attempts, notes and "
        "status history, and record the count and references in the audit trail. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        references = purge_expired_requests(dry_run=dry_run)
        days = settings.APPOINTMENT_RETENTION_DAYS
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(references)} request(s) finished more than {days} days ago "
                "would be deleted."
            )
        else:
            self.stdout.write(
                f"Deleted {len(references)} request(s) finished more than {days} days ago."
            )
        # References only: they identify a request to staff and say nothing about the patient.
        for reference in references:
            self.stdout.write(f"  {reference}")
