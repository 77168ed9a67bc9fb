from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from content.page_cache import forget_public_pages
from content.profile import ClinicDetails, remember_clinic_details
from content.site_pages import HOME_SLUG, forget_site_pages

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
        # Every public page shows these details in its header, footer or structured data.
        forget_public_pages()

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


class PageKind(models.TextChoices):
    """What a page is about; it decides the structured data and the education extras."""

    CONDITION = "condition", "Condition (about an illness)"
    THERAPY = "therapy", "Therapy (about a treatment)"
    EDUCATION = "education", "Education (other health information)"
    INFORMATION = "information", "Information (about the clinic or this website)"

    @property
    def is_education(self) -> bool:
        return self != PageKind.INFORMATION


class PageQuerySet(models.QuerySet):
    # Bulk changes skip Page.save() and Page.delete(), so they clear the cached site too.
    def update(self, **kwargs) -> int:
        count = super().update(**kwargs)
        forget_site_pages()
        return count

    def delete(self):
        result = super().delete()
        forget_site_pages()
        return result

    def published(self) -> "PageQuerySet":
        return self.filter(published=True)

    def review_overdue(self, today: date | None = None) -> "PageQuerySet":
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_within(self, days: int, today: date | None = None) -> "PageQuerySet":
        today = today or timezone.localdate()
        return self.filter(
            next_review_due__gte=today, next_review_due__lte=today + timedelta(days=days)
        )


class Page(models.Model):
    """
    A page of the public site, written in Markdown by staff in the admin.

    The shipped pages come from `content/site_content/` through `manage.py
    load_site_content`; after that the database copy is the one that counts.
    """

    HOME_SLUG = HOME_SLUG

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text='The address of the page: "crps" is shown at /crps/. "home" is the home page.',
    )
    kind = models.CharField(max_length=20, choices=PageKind.choices, default=PageKind.EDUCATION)
    nav_label = models.CharField(
        "menu label",
        max_length=40,
        blank=True,
        help_text="A short name for the main menu. Leave blank to keep the page out of the menu.",
    )
    nav_order = models.PositiveSmallIntegerField(
        "menu position", default=100, help_text="Lower numbers come first in the menu."
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain sentences. Search engines show this under the page title.",
    )
    body = models.TextField(
        help_text=(
            "Markdown: ## for a heading, - for a list item, [text](https://address) for a link. "
            "Scripts and styling are removed."
        )
    )
    references = models.TextField(
        blank=True, help_text="The sources this page relies on, as a Markdown list."
    )
    show_contact_details = models.BooleanField(
        default=False,
        help_text="Show the clinic's phone, address, hours and a map link under the page text.",
    )
    published = models.BooleanField(
        default=False, help_text="Only published pages can be seen on the website."
    )
    last_reviewed = models.DateField(default=timezone.localdate)
    next_review_due = models.DateField()
    reviewer_name = models.CharField(
        "clinical reviewer",
        max_length=120,
        blank=True,
        help_text="The clinician who checked this page. Leave blank if no clinician has.",
    )
    reviewer_credentials = models.CharField(
        "reviewer's credentials", max_length=120, blank=True, help_text="For example: MD."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["nav_order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_review_due__gte=models.F("last_reviewed")),
                name="content_page_review_due_after_last_review",
                violation_error_message="The next review must be due on or after the last review.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_site_pages()

    def get_absolute_url(self) -> str:
        if self.slug == self.HOME_SLUG:
            return reverse("content:home")
        return reverse("content:page", args=[self.slug])

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_site_pages()
        return result

    def clean(self) -> None:
        # A page at an address another part of the site already answers (the request form,
        # the admin) could never be shown; say so instead of saving it.
        if self.slug and self.slug != self.HOME_SLUG:
            try:
                match = resolve(f"/{self.slug}/")
            except Resolver404:
                match = None
            if match is None or match.view_name != "content:page":
                raise ValidationError(
                    {"slug": f"/{self.slug}/ is already used by another part of the website."}
                )

    def is_review_overdue(self, today: date | None = None) -> bool:
        return self.next_review_due < (today or timezone.localdate())
