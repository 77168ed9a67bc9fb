from datetime import date, time, timedelta
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS
from modeltranslation.utils import build_localized_fieldname

from content.caching import forget_public_pages, forget_site_pages, remember_clinic_details
from content.clinic_details import ClinicDetails, DayHours

# The page shown at the site's root; it has no address of its own.
HOME_SLUG = "home"

PLACEHOLDER_PHONE = "+15705550123"
PLACEHOLDER_STREET = "100 Example Street (placeholder: replace in the admin)"
PLACEHOLDER_EMAIL = "office@example.com"
PLACEHOLDER_PRICE_RANGE = "$0 to $0 for a course of infusions (placeholder: replace in the admin)"
PLACEHOLDER_PRICE_RANGE_ES = (
    "De $0 a $0 por una serie de infusiones (dato de ejemplo: reemplácelo en el administrador)"
)
PLACEHOLDER_AFTER_HOURS = (
    "Outside office hours, call our main number and follow the recorded message "
    "(placeholder: replace in the admin)"
)
PLACEHOLDER_AFTER_HOURS_ES = (
    "Fuera del horario de la clínica, llame a nuestro número y siga el mensaje grabado "
    "(dato de ejemplo: reemplácelo en el administrador)"
)
# Placeholders per field, each language's column checked on its own.
PROFILE_PLACEHOLDERS = {
    "phone": PLACEHOLDER_PHONE,
    "email": PLACEHOLDER_EMAIL,
    "street_address": PLACEHOLDER_STREET,
    "price_range_en": PLACEHOLDER_PRICE_RANGE,
    "price_range_es": PLACEHOLDER_PRICE_RANGE_ES,
    "after_hours_en": PLACEHOLDER_AFTER_HOURS,
    "after_hours_es": PLACEHOLDER_AFTER_HOURS_ES,
}

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
    accepting_new_patients = models.BooleanField(default=True)
    price_range = models.CharField(
        "price of a course of ketamine infusions",
        max_length=200,
        default=PLACEHOLDER_PRICE_RANGE,
        help_text=(
            "What a patient usually pays for a course, as a range: for example "
            '"$400 to $700 a visit, $2,000 to $4,000 for a course". Shown on the ketamine page.'
        ),
    )
    after_hours = models.TextField(
        "after-hours instruction",
        default=PLACEHOLDER_AFTER_HOURS,
        help_text=(
            "What a patient who feels unwell after an infusion should do when the office is "
            "closed. Shown on the ketamine page, next to the warning signs."
        ),
    )

    class Meta:
        verbose_name = "clinic profile"
        verbose_name_plural = "clinic profile"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.publish_details()

    def publish_details(self) -> None:
        """After a change to the details (or the opening hours they include)."""
        # Write through to the cache, so every page shows the new details at once and the
        # error pages can still show them while the database is down.
        remember_clinic_details(self.as_details())
        # Every public page shows these details in its header, footer or structured data.
        forget_public_pages()

    @classmethod
    def load(cls) -> "ClinicProfile":
        profile, _ = cls.objects.get_or_create(
            pk=1,
            # The translated facts' language columns; the rest have model defaults.
            defaults={
                name: value
                for name, value in PROFILE_PLACEHOLDERS.items()
                if name.rsplit("_", 1)[-1] in dict(settings.LANGUAGES)
            },
        )
        return profile

    def placeholder_fields(self) -> list[str]:
        """The fields that still hold the fictional defaults we ship."""
        return [
            str(cast(models.Field, self._meta.get_field(name)).verbose_name)
            for name, value in PROFILE_PLACEHOLDERS.items()
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
            weekly_hours=OpeningHours.weekly(),
            accepting_new_patients=self.accepting_new_patients,
            price_range_by_language=self.by_language("price_range"),
            after_hours_by_language=self.by_language("after_hours"),
        )

    def by_language(self, field: str) -> dict[str, str]:
        return {
            code: getattr(self, build_localized_fieldname(field, code)) or ""
            for code, _ in settings.LANGUAGES
        }


# The weekly hours shipped: made up, like the other placeholders, until staff check each day.
PLACEHOLDER_OPENS, PLACEHOLDER_CLOSES = time(9), time(17)
PLACEHOLDER_OPEN_WEEKDAYS = range(5)


class OpeningHours(models.Model):
    """
    When the clinic is open on one day of the week; a row per weekday, edited by the practice
    manager. The public pages' opening hours and their structured data, and every "working
    day" the site counts (the call-back promise, the triage deadline, the reminder day, the
    intake digest: content/calendar.py) come from these rows and the closed days.
    """

    weekday = models.PositiveSmallIntegerField(choices=sorted(WEEKDAYS.items()), unique=True)
    opens = models.TimeField(null=True, blank=True, help_text="Leave both times empty if closed.")
    closes = models.TimeField(null=True, blank=True)
    # The shipped hours are made up; the admin warns until staff have saved each day.
    checked_by_staff = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"
        ordering = ["weekday"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__isnull=True, closes__isnull=True)
                | Q(opens__isnull=False, closes__isnull=False, opens__lt=F("closes")),
                name="opening_hours_open_before_close",
                violation_error_message=(
                    "Give both an opening and a closing time, closing after opening, or "
                    "leave both empty for a day the clinic is closed."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(WEEKDAYS[self.weekday])

    @property
    def is_open(self) -> bool:
        return self.opens is not None

    @classmethod
    def ensure_week(cls) -> None:
        """A row for every weekday, with the placeholder hours for any that is missing."""
        for weekday in WEEKDAYS:
            is_open = weekday in PLACEHOLDER_OPEN_WEEKDAYS
            cls.objects.get_or_create(
                weekday=weekday,
                defaults={
                    "opens": PLACEHOLDER_OPENS if is_open else None,
                    "closes": PLACEHOLDER_CLOSES if is_open else None,
                },
            )

    @classmethod
    def weekly(cls) -> tuple[DayHours, ...]:
        return tuple(
            DayHours(row.weekday, row.opens, row.closes)
            for row in cls.objects.filter(opens__isnull=False)
            if row.opens is not None and row.closes is not None  # the constraint's promise
        )


class ClosedDay(models.Model):
    """A day the clinic is closed although the weekly hours say open: a holiday, training."""

    day = models.DateField(unique=True)
    reason = models.CharField(
        max_length=80, help_text='For staff, for example "Thanksgiving" or "Staff training".'
    )

    class Meta:
        verbose_name = "closed day"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%B %-d, %Y}: {self.reason}"


class ReferenceKind(models.TextChoices):
    ARTICLE = "article", "Journal article"
    WEB_PAGE = "web_page", "Web page"


DOI_PATTERN = r"^10\.\d{4,9}/\S+$"


class ReferenceQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        count = super().update(**kwargs)
        forget_site_pages()
        return count


class Reference(models.Model):
    """
    One published source, cited by pages (the same record for every language's version of a
    page), so a correction made here reaches every page that cites it. Titles are copied
    exactly from the source, never rewritten.
    """

    key = models.SlugField(
        max_length=60,
        unique=True,
        help_text='A short name for the source, such as "cotter-2021". Never shown to patients.',
    )
    kind = models.CharField(max_length=20, choices=ReferenceKind, default=ReferenceKind.ARTICLE)
    authors = models.CharField(
        max_length=300,
        help_text='As the source lists them, surname and initials: "Cotter S, Wong J, Gada N, et al."'
        " For a web page, the organisation.",
    )
    title = models.CharField(max_length=400, help_text="Exactly as the source gives it.")
    container = models.CharField(
        "journal or publisher",
        max_length=200,
        help_text='The journal\'s abbreviated name ("Drug Saf"), or who publishes the web page.',
    )
    year = models.PositiveSmallIntegerField()
    published_on = models.DateField(
        "date published", null=True, blank=True, help_text="For a web page, if it gives one."
    )
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=30, blank=True, help_text="For example: 1365-1374.")
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[RegexValidator(DOI_PATTERN, "A DOI looks like 10.1016/j.pain.2010.04.030.")],
        help_text="Without https://doi.org/, for example 10.1007/s40264-021-01120-9.",
    )
    pmid = models.CharField(
        "PubMed ID (PMID)",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{1,9}$", "A PubMed ID is a number, such as 34699023.")],
    )
    url = models.URLField("web address", max_length=500, blank=True)
    accessed_on = models.DateField(
        "date accessed", null=True, blank=True, help_text="For a web page: when it was checked."
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["authors", "year"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="article") | ~models.Q(doi="", pmid=""),
                name="content_reference_article_has_doi_or_pmid",
                violation_error_message="A journal article needs its DOI or its PubMed ID.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authors.split(',')[0]} {self.year}: {self.title}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_site_pages()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_site_pages()
        return result

    def clean(self) -> None:
        if self.kind == ReferenceKind.ARTICLE and not (self.doi or self.pmid):
            raise ValidationError({"doi": "A journal article needs its DOI or its PubMed ID."})
        if self.kind == ReferenceKind.WEB_PAGE and self.url and not self.accessed_on:
            raise ValidationError({"accessed_on": "Give the date the web page was checked."})


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

    def review_not_due_within(self, days: int, today: date | None = None) -> "PageQuerySet":
        """No language's version is due for review in the next `days` days, or overdue."""
        today = today or timezone.localdate()
        return self.exclude(next_review_due_in_any_language(lte=today + timedelta(days=days)))


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
    citations = models.ManyToManyField(
        Reference,
        blank=True,
        related_name="cited_by",
        help_text="The sources this page relies on; every language's version cites the same.",
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


# --- Clinical sign-off (content/signoff.py has the rules; docs/content-editing.md) ---------


class DraftState(models.TextChoices):
    EDITING = "editing", "Being edited"
    SUBMITTED = "submitted", "Waiting for sign-off"
    SENT_BACK = "sent_back", "Sent back for changes"
    PUBLISHED = "published", "Published"
    EMERGENCY = "emergency", "Published in an emergency, awaiting clinical review"
    DISCARDED = "discarded", "Discarded"


# A page has at most one draft that is still being worked on.
OPEN_DRAFT_STATES = (DraftState.EDITING, DraftState.SUBMITTED, DraftState.SENT_BACK)


class PageDraft(models.Model):
    """
    A proposed version of a page, kept apart from the live page until it is published.

    `fields` holds every value the page's admin form edits (dates as ISO strings) and
    `citations` the ids of the sources it cites; content/signoff.py applies them to the
    page when the draft is published, and only then does the public site change.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="drafts")
    state = models.CharField(max_length=20, choices=DraftState, default=DraftState.EDITING)
    fields = models.JSONField(default=dict)
    citations = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(state__in=OPEN_DRAFT_STATES),
                name="content_pagedraft_one_open_draft_per_page",
                violation_error_message="This page already has a draft being worked on.",
            ),
        ]
        permissions = [
            ("publish_information_page", "Can publish a change to a contact or privacy page"),
            ("approve_clinical_page", "Can approve a change to a health page (clinician)"),
            ("emergency_publish_page", "Can publish a change at once in an emergency"),
        ]

    def __str__(self) -> str:
        return f"Draft {self.pk} of {self.page}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_DRAFT_STATES


class SignoffAction(models.TextChoices):
    SAVED = "saved", "Saved the draft"
    SUBMITTED = "submitted", "Submitted for clinical sign-off"
    APPROVED = "approved", "Approved and published (clinical sign-off)"
    SENT_BACK = "sent_back", "Sent back with a comment"
    PUBLISHED = "published", "Published (editor's own approval)"
    EMERGENCY = "emergency", "Published in an emergency"
    REVIEWED = "reviewed", "Clinically reviewed after an emergency publication"
    DISCARDED = "discarded", "Discarded the draft"


class SignoffEvent(models.Model):
    """One step of a draft's way to the site: who did it, when, and to which version."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="signoff_events")
    draft = models.ForeignKey(PageDraft, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=SignoffAction)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    # The page history record the step published, so "which version" is answerable.
    history_id = models.PositiveIntegerField(null=True, blank=True)
    reviewed_languages = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.by} on {self.at:%Y-%m-%d}"


class ReviewReminderRun(models.Model):
    """
    One row per day the review reminders went out. The unique day is what makes the
    reminders go out once, however many workers or hosts run the daily task.
    """

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)
    pages = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"Review reminders of {self.day}"
