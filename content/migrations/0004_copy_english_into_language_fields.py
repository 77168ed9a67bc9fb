"""
Existing pages and the clinic profile get their English text in the new English columns.
The clinic's Spanish opening hours start as the Spanish placeholder if the English ones
are still the placeholder, and empty otherwise (Spanish pages then show the English hours
until staff write Spanish ones), never as the English placeholder.
"""

from django.db import migrations
from django.db.models import F

TRANSLATED_PAGE_FIELDS = (
    "title",
    "nav_label",
    "summary",
    "body",
    "last_reviewed",
    "next_review_due",
    "reviewer_name",
    "reviewer_credentials",
)
PLACEHOLDER_HOURS = "Monday to Friday, 9 am to 5 pm (placeholder: replace in the admin)"
PLACEHOLDER_HOURS_ES = (
    "De lunes a viernes, de 9 a. m. a 5 p. m. (dato de ejemplo: reemplácelo en el administrador)"
)


def copy_english(apps, schema_editor):
    english = {f"{name}_en": F(name) for name in TRANSLATED_PAGE_FIELDS}
    # Earlier versions in the history too, so restoring one restores its English text.
    for model_name in ("Page", "HistoricalPage"):
        apps.get_model("content", model_name).objects.update(**english)
    profiles = apps.get_model("content", "ClinicProfile").objects
    profiles.update(hours_en=F("hours"))
    profiles.filter(hours=PLACEHOLDER_HOURS).update(hours_es=PLACEHOLDER_HOURS_ES)
    profiles.exclude(hours=PLACEHOLDER_HOURS).update(hours_es=None)


class Migration(migrations.Migration):
    dependencies = [("content", "0003_page_languages")]

    operations = [migrations.RunPython(copy_english, migrations.RunPython.noop)]
