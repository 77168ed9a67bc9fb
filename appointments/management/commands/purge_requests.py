from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

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
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help=(
                "The staff member running the purge by hand; they need the purge permission "
                "(Practice manager). Without it the audit entry names no one (a scheduled run)."
            ),
        )

    def handle(self, *args, dry_run: bool, by: str | None, **options):
        user = None
        if by:
            user = get_user_model().objects.filter(username=by, is_active=True).first()
            if user is None or not user.has_perm("appointments.purge_appointmentrequest"):
                raise CommandError(f"{by!r} is not allowed to purge appointment requests.")
        references = purge_expired_requests(dry_run=dry_run, by=user)
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
