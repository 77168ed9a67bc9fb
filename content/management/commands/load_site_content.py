from django.core.management.base import BaseCommand

from content.models import ClinicProfile


class Command(BaseCommand):
    help = "Load the shipped site content. Safe to run again: it never overwrites staff edits."

    def handle(self, *args, **options):
        profile = ClinicProfile.load()
        if placeholders := profile.placeholder_fields():
            self.stdout.write(
                "The clinic profile still has placeholder values for: "
                + ", ".join(placeholders)
                + ". Replace them in the admin."
            )
