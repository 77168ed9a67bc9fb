from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from clinic.last_resort import last_resort_page
from content.clinic_details import configured_clinic_details
from content.models import ClinicProfile


class Command(BaseCommand):
    help = (
        "Write the page nginx shows when no app server answers (deploy/nginx.conf), with "
        "the clinic's name and phone number as staff last saved them. Run at every release "
        "and after changing the phone number."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.STATIC_ROOT / "outage.html",
            help="Where to write it (default: STATIC_ROOT/outage.html).",
        )

    def handle(self, *args, output: Path, **options):
        try:
            clinic = ClinicProfile.load().as_details()
        except DatabaseError:
            clinic = configured_clinic_details()
            self.stderr.write("The database did not answer: using CLINIC_FALLBACK_PHONE.")
        output.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the old copy and renamed over it: nginx never reads half a page.
        partial = output.with_suffix(".partial")
        partial.write_bytes(last_resort_page(clinic))
        partial.replace(output)
        self.stdout.write(f"Wrote {output} with the phone number {clinic.phone_display}.")
