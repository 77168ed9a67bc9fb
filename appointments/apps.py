from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    """Appointment requests from patients, and their triage by staff."""

    name = "appointments"
    verbose_name = "Appointment requests"
