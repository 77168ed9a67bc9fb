from django.core.management.base import BaseCommand, CommandError

from appointments.models import AuditEntry, audit_hash


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain from the first entry to the last. Exits 1 and "
        "names the first broken link if any entry was changed, removed or inserted out of order."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--after",
            metavar="HASH",
            default="",
            help=(
                "The hash of the last entry removed when entries past their retention were "
                "deleted; the chain is then checked from the first entry left."
            ),
        )

    def handle(self, *args, after: str, **options):
        previous_hash, count = after, 0
        for entry in AuditEntry.objects.order_by("pk").iterator():
            if entry.entry_hash != audit_hash(entry, previous_hash):
                raise CommandError(
                    f"The audit trail is broken at entry {entry.pk} ({entry.at:%Y-%m-%d %H:%M:%S} "
                    f"UTC): it was changed, or an entry before it was changed or removed.",
                    returncode=1,
                )
            previous_hash, count = entry.entry_hash, count + 1
        # The latest hash, written down elsewhere, also shows if entries are cut from the end.
        self.stdout.write(
            f"The audit trail is intact: {count} entries. Latest hash: {previous_hash or 'none'}"
        )
