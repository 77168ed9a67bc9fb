from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ClinicConfig(AppConfig):
    """Project wiring: health check, error pages and the templates shared by every app."""

    name = "clinic"
    verbose_name = "Clinic site"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from clinic import checks  # noqa: F401  (registers the deploy checks)
        from clinic.middleware import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="clinic.record_sign_in")


class ClinicAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site (two-factor sign-in) as `admin.site`."""

    # Listed in INSTALLED_APPS by its full path; "clinic" itself still means ClinicConfig.
    default = False
    default_site = "clinic.admin.ClinicAdminSite"
