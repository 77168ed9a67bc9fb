from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Education pages and the clinic profile (name, phone, address, hours)."""

    name = "content"
    verbose_name = "Site content"
