from django.apps import AppConfig


class StaffConfig(AppConfig):
    """Staff access: enrolment invitations and the sign-in method notices."""

    name = "staff"
    verbose_name = "Staff access"
    default_auto_field = "django.db.models.BigAutoField"
