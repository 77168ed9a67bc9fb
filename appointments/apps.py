from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    """Appointment requests from patients, and their triage by staff."""

    name = "appointments"
    verbose_name = "Appointment requests"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from appointments.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, sender=self)
