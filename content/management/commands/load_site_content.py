from django.core.management.base import BaseCommand

from content.models import ClinicProfile
from content.shipped_content import load_shipped_pages


class Command(BaseCommand):
    help = "Load the shipped site content. Safe to run again: it never overwrites staff edits."

    def handle(self, *args, **options):
        created, kept, translated = load_shipped_pages()
        if created:
            self.stdout.write("Created pages: " + ", ".join(created) + ".")
        if translated:
            self.stdout.write("Added language versions: " + ", ".join(translated) + ".")
        if kept:
            self.stdout.write(
                "Otherwise left alone, because they already exist (staff may have edited them): "
                + ", ".join(kept)
                + "."
            )
        profile = ClinicProfile.load()
        if placeholders := profile.placeholder_fields():
            self.stdout.write(
                "The clinic profile still has placeholder values for: "
                + ", ".join(placeholders)
                + ". Replace them in the admin."
            )
