from datetime import date, timedelta
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from content.page_cache import forget_public_pages
from content.profile import ClinicDetails, remember_clinic_details
from content.site_pages import HOME_SLUG, forget_site_pages

PLACEHOLDER_PHONE = "+15705550123"
PLACEHOLDER_STREET = "100 Example Street (placeholder: replace in the admin)"
PLACEHOLDER_HOURS = "Monday to Friday, 9 am to 5 pm (placeholder: replace in the admin)"
PLACEHOLDER_HOURS_ES = (
    "De lunes a viernes, de 9 a. m. a 5 p. m. (dato de ejemplo: reemplácelo en el administrador)"
)
PLACEHOLDER_EMAIL = "office@example.com"

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
OTHER_LANGUAGES = [code for code, _ in settings.LANGUAGES if code != DEFAULT_LANGUAGE]


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
        profile, _ = cls.objects.get_or_create(
            pk=1, defaults={"hours_en": PLACEHOLDER_HOURS, "hours_es": PLACEHOLDER_HOURS_ES}
        )
        return profile

    def placeholder_fields(self) -> list[str]:
        """The fields that still hold the fictional defaults we ship."""
        placeholders = {
            "phone": PLACEHOLDER_PHONE,
            "email": PLACEHOLDER_EMAIL,
            "street_address": PLACEHOLDER_STREET,
            "hours_en": PLACEHOLDER_HOURS,
            "hours_es": PLACEHOLDER_HOURS_ES,
        }
        return [
            str(cast(models.Field, self._meta.get_field(name)).verbose_name)
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
            hours_by_language={
                code: getattr(self, build_localized_fieldname("hours", code)) or ""
                for code, _ in settings.LANGUAGES
            },
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

    # Review dates are per language; a page is due when any of its versions is.
    def review_overdue(self, today: date | None = None) -> "PageQuerySet":
        today = today or timezone.localdate()
        return self.filter(next_review_due_in_any_language(lt=today))

    def review_due_within(self, days: int, today: date | None = None) -> "PageQuerySet":
        today = today or timezone.localdate()
        return self.filter(
            next_review_due_in_any_language(gte=today, lte=today + timedelta(days=days))
        )


def next_review_due_in_any_language(**lookups) -> models.Q:
    """The next review date of any one language's version, compared: (lt=today)."""
    condition = models.Q()
    for code, _ in settings.LANGUAGES:
        field = build_localized_fieldname("next_review_due", code)
        condition |= models.Q(**{f"{field}__{lookup}": value for lookup, value in lookups.items()})
    return condition


class Page(models.Model):
    """
    A page of the public site, written in Markdown by staff in the admin.

    The title, menu label, summary, text, review dates and reviewer exist once per language
    (`title_en`, `title_es`...; content/translation.py). English is the original. Another
    language's version is shown only once it is complete and has its own review dates
    (is_ready_in); until then that language's address shows the English page with a
    notice, never a page half in one language and half in another.

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
    kind = models.CharField(max_length=20, choices=PageKind, default=PageKind.EDUCATION)
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
    # No default: a language's review date is what puts that version on the site, so it is
    # entered on purpose (the admin suggests today for a new page's English version).
    last_reviewed = models.DateField()
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

    # The history manager (`page.history`) is added in content/translation.py.
    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["nav_order", "title_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    title_en__gt="",
                    summary_en__gt="",
                    body_en__gt="",
                    last_reviewed_en__isnull=False,
                    next_review_due_en__isnull=False,
                ),
                name="content_page_has_english_version",
                violation_error_message="Every page needs its English title, summary, text and review dates.",
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(
                        **{
                            f"next_review_due_{code}__gte": models.F(f"last_reviewed_{code}"),
                        }
                    ),
                    name=f"content_page_review_due_after_last_review_{code}",
                    violation_error_message=(
                        "The next review must be due on or after the last review."
                    ),
                )
                for code, _ in settings.LANGUAGES
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(
                        **{
                            f"last_reviewed_{code}__isnull": True,
                            f"next_review_due_{code}__isnull": True,
                        }
                    )
                    | models.Q(
                        **{
                            f"last_reviewed_{code}__isnull": False,
                            f"next_review_due_{code}__isnull": False,
                        }
                    ),
                    name=f"content_page_review_dates_together_{code}",
                    violation_error_message="Give both review dates, or neither.",
                )
                for code in OTHER_LANGUAGES
            ),
        ]

    # What a version needs before the site shows it in that language.
    NEEDED_IN_EVERY_VERSION = ("title", "summary", "body", "last_reviewed", "next_review_due")

    def __str__(self) -> str:
        return self.translated("title", DEFAULT_LANGUAGE) or self.slug

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_site_pages()

    def get_absolute_url(self) -> str:
        # The English address, for the admin, whatever language the thread last served.
        with translation.override(DEFAULT_LANGUAGE):
            if self.slug == self.HOME_SLUG:
                return reverse("content:home")
            return reverse("content:page", args=[self.slug])

    def translated(self, field: str, language: str):
        """One language's value of a translated field: translated("title", "es")."""
        return getattr(self, build_localized_fieldname(field, language))

    def missing_in(self, language: str) -> list[str]:
        """The translated fields a complete version in `language` would still need."""
        needed = list(self.NEEDED_IN_EVERY_VERSION)
        if self.translated("nav_label", DEFAULT_LANGUAGE):
            needed.append("nav_label")  # in the menu in English, so in every language
        return [field for field in needed if not self.translated(field, language)]

    def is_ready_in(self, language: str) -> bool:
        """Complete and reviewed in `language`, so the site may show that version."""
        return not self.missing_in(language)

    def ready_languages(self) -> list[str]:
        return [code for code, _ in settings.LANGUAGES if self.is_ready_in(code)]

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_site_pages()
        return result

    def clean(self) -> None:
        self.clean_slug()
        self.clean_other_versions()

    def clean_other_versions(self) -> None:
        """
        A review date is what puts another language's version on the site, so a version
        with one must be complete: a reviewed half-translation would show a page in two
        languages at once.
        """
        errors = {}
        for code in OTHER_LANGUAGES:
            if not self.translated("last_reviewed", code):
                continue
            language = settings.LANGUAGE_NAMES_FOR_STAFF[code]
            for field in self.missing_in(code):
                name = build_localized_fieldname(field, code)
                label = cast(models.Field, self._meta.get_field(name)).verbose_name
                errors[name] = (
                    f"Enter the {label} too: a {language} version with a review date is "
                    "shown on the site, so it needs everything the English page has."
                )
        if errors:
            raise ValidationError(errors)

    def clean_slug(self) -> None:
        # A page at an address another part of the site already answers (the request form,
        # the admin) could never be shown; say so instead of saving it.
        if self.slug and self.slug != self.HOME_SLUG:
            # The English address: every language's address has the same slug, and resolving
            # must not depend on the language the current thread last served.
            with translation.override(DEFAULT_LANGUAGE):
                try:
                    match = resolve(f"/{self.slug}/")
                except Resolver404:
                    match = None
            if match is None or match.view_name != "content:page":
                raise ValidationError(
                    {"slug": f"/{self.slug}/ is already used by another part of the website."}
                )

    def overdue_languages(self, today: date | None = None) -> list[str]:
        """The languages whose version is past its next review date."""
        today = today or timezone.localdate()
        return [
            code
            for code, _ in settings.LANGUAGES
            if (due := self.translated("next_review_due", code)) is not None and due < today
        ]

    def is_review_overdue(self, today: date | None = None) -> bool:
        return bool(self.overdue_languages(today))
