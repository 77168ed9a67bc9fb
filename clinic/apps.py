from django.apps import AppConfig


class ClinicConfig(AppConfig):
    """Project wiring: health check, error pages and the templates shared by every app."""

    name = "clinic"
    verbose_name = "Clinic site"
