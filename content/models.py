from django.db import models

from content.profile import ClinicDetails, remember_clinic_details

PLACEHOLDER_PHONE = "+15705550123"
PLACEHOLDER_STREET = "100 Example Street (placeholder: replace in the admin)"
PLACEHOLDER_HOURS = "Monday to Friday, 9 am to 5 pm (placeholder: replace in the admin)"
PLACEHOLDER_EMAIL = "office@example.com"


class ClinicProfile(models.Model):
    """
    The clinic's contact details, edited in one place in the admin. There is one row.

    The shipped values are obviously fictional (a 555-01xx number, example.com); the
    admin warns until staff replace them with the clinic's real details.
    """

    name = models.CharField(max_length=120, default="Amira Integrative Health")
    legal_name = models.CharField(max_length=120, default="Amira Integrative Health PC")
    phone = models.CharField(
        max_length=20,
        default=PLACEHOLDER_PHONE,
        help_text="In international form, for example +15705550123.",
    )
    email = models.EmailField(default=PLACEHOLDER_EMAIL)
    street_address = models.CharField(max_length=200, default=PLACEHOLDER_STREET)
    locality = models.CharField("town", max_length=100, default="East Stroudsburg")
    region = models.CharField("state", max_length=2, default="PA")
    postal_code = models.CharField("ZIP code", max_length=10, default="18301")
    hours = models.TextField(
        default=PLACEHOLDER_HOURS,
        help_text="As patients should read it, one line per day or range of days.",
    )
    opening_hours_schema = models.CharField(
        "opening hours for search engines",
        max_length=200,
        default="Mo-Fr 09:00-17:00",
        help_text='Schema.org format, for example "Mo-Fr 09:00-17:00".',
    )
    accepting_new_patients = models.BooleanField(default=True)

    class Meta:
        verbose_name = "clinic profile"
        verbose_name_plural = "clinic profile"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Write through to the cache, so every page shows the new details at once and the
        # error pages can still show them while the database is down.
        remember_clinic_details(self.as_details())

    @classmethod
    def load(cls) -> "ClinicProfile":
        profile, _ = cls.objects.get_or_create(pk=1)
        return profile

    def placeholder_fields(self) -> list[str]:
        """The fields that still hold the fictional defaults we ship."""
        placeholders = {
            "phone": PLACEHOLDER_PHONE,
            "email": PLACEHOLDER_EMAIL,
            "street_address": PLACEHOLDER_STREET,
            "hours": PLACEHOLDER_HOURS,
        }
        return [
            str(self._meta.get_field(name).verbose_name)
            for name, value in placeholders.items()
            if getattr(self, name) == value
        ]

    def as_details(self) -> ClinicDetails:
        return ClinicDetails(
            name=self.name,
            legal_name=self.legal_name,
            phone=self.phone,
            email=self.email,
            street_address=self.street_address,
            locality=self.locality,
            region=self.region,
            postal_code=self.postal_code,
            hours=self.hours,
            opening_hours_schema=self.opening_hours_schema,
            accepting_new_patients=self.accepting_new_patients,
        )
