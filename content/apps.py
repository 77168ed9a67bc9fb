from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Education pages and the clinic profile (name, phone, address, hours)."""

    name = "content"
    verbose_name = "Site content"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Imported for its receivers: saving opening hours or a closed day forgets the
        # cached calendar (and, for the hours, the public pages that show them).
        from content import calendar

        # After every migrate (and every flush, which empties tables): a row per weekday.
        post_migrate.connect(calendar.ensure_week_after_migrate, sender=self)
