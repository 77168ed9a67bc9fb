from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from modeltranslation.utils import build_localized_fieldname
from simple_history.admin import SimpleHistoryAdmin

from content.models import (
    DEFAULT_LANGUAGE,
    OTHER_LANGUAGES,
    ClinicProfile,
    ClosedDay,
    OpeningHours,
    Page,
    Reference,
)
from content.rendering import render_markdown
from content.signoff_admin import SignoffAdminMixin
from content.translation import PageTranslationOptions

REVIEW_SOON_DAYS = 30


def warn_about_placeholders(request: HttpRequest) -> None:
    """Until staff replace the fictional details we ship, say which ones, on every visit."""
    if fields := ClinicProfile.load().placeholder_fields():
        messages.warning(
            request,
            "The clinic profile still has placeholder values for: "
            + ", ".join(fields)
            + ". Patients see these on every page. Replace them under Clinic profile.",
        )
    if days := OpeningHours.objects.filter(checked_by_staff=False):
        messages.warning(
            request,
            "The opening hours we shipped are made up, and these days have not been checked: "
            + ", ".join(str(day) for day in days)
            + ". Patients see them on every page and the call-back promise counts them. "
            "Open and save each day under Opening hours.",
        )


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due within {REVIEW_SOON_DAYS} days"),
            ("later", "Not due yet"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "overdue":
                return queryset.review_overdue(today)
            case "soon":
                return queryset.review_due_within(REVIEW_SOON_DAYS, today)
            case "later":
                return queryset.review_not_due_within(REVIEW_SOON_DAYS, today)
        return queryset


SHARED_FIELDS = ("slug", "kind", "published", "nav_order", "citations", "show_contact_details")
TEXT_FIELDS = ("title", "nav_label", "summary", "body")
REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewer_name", "reviewer_credentials")

# settings.LANGUAGES is the one list of languages: modeltranslation makes the model's
# columns from it, and the form, list columns, filters and fieldsets below follow it too.
# Staff read a language's name in English (LANGUAGE_NAMES_FOR_STAFF: "Spanish"), while
# settings.LANGUAGES names it in itself ("Español"), as the site's language link does.
LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]
NATIVE_NAMES = dict(settings.LANGUAGES)
STAFF_NAMES = settings.LANGUAGE_NAMES_FOR_STAFF
ORIGINAL = STAFF_NAMES[DEFAULT_LANGUAGE]


def in_language(code: str, fields=PageTranslationOptions.fields) -> list[str]:
    """The columns of `fields` for one language: title_es, body_es..."""
    return [build_localized_fieldname(name, code) for name in fields]


def in_every_language(*fields: str) -> tuple[str, ...]:
    """Each field's column in every language, side by side: title_en, title_es, body_en..."""
    return tuple(
        build_localized_fieldname(name, code) for name in fields for code in LANGUAGE_CODES
    )


def language_fieldset(code: str, preview: Callable) -> list:
    """One language's version of a page, with a preview of its text after the text."""
    return [*in_language(code, TEXT_FIELDS), preview, *in_language(code, REVIEW_FIELDS)]


class PageForm(forms.ModelForm):
    # Named one by one, so a posted field the page does not show is never saved.
    class Meta:
        model = Page
        fields = [*SHARED_FIELDS, *(name for code in LANGUAGE_CODES for name in in_language(code))]
        widgets = {
            **{
                name: forms.TextInput(attrs={"class": "vLargeTextField"})
                for name in in_every_language("title")
            },
            **{name: forms.Textarea(attrs={"rows": 3}) for name in in_every_language("summary")},
            **{name: forms.Textarea(attrs={"rows": 30}) for name in in_every_language("body")},
            "citations": forms.SelectMultiple(attrs={"size": 12}),
        }


def preview_field(code: str, name: str) -> Callable[[Page], str]:
    """A read-only field called `name` showing a page's text in `code` as visitors see it."""

    @admin.display(description=f"Preview of the {STAFF_NAMES[code]} text, as visitors see it")
    def preview(page: Page) -> str:
        body = page.translated("body", code) if page.pk else ""
        if not body:
            return "Save the page to see a preview."
        # render_markdown's output has been cleaned against an allow-list.
        html = render_markdown(body)
        return mark_safe(f'<div class="content-preview" lang="{code}">{html}</div>')  # noqa: S308

    # The admin names a callable's field in the HTML after it (class="field-preview_es").
    preview.__name__ = name
    return preview


def version_column(code: str, name: str) -> Callable[[Page], str]:
    """A list column called `name`: whether the site shows a page's version in `code`."""

    @admin.display(description=f"{STAFF_NAMES[code]} version")
    def column(page: Page) -> str:
        return "Shown" if page.is_ready_in(code) else "Not yet"

    # The admin names a callable's column in the HTML after it (class="column-spanish_version").
    column.__name__ = name
    return column


class VersionFilter(admin.SimpleListFilter):
    """Pages whose version in `language` the site shows, or not yet; see OtherVersion."""

    language: str

    def lookups(self, request, model_admin):
        return [("shown", "Shown"), ("missing", f"Not shown yet ({ORIGINAL} shown)")]

    def queryset(self, request, queryset):
        # Readiness needs several fields at once; the list is a few dozen pages at most.
        match self.value():
            case "shown":
                return queryset.filter(pk__in=self.ready(queryset))
            case "missing":
                return queryset.exclude(pk__in=self.ready(queryset))
        return queryset

    def ready(self, queryset) -> list[int]:
        return [page.pk for page in queryset if page.is_ready_in(self.language)]


class OtherVersion:
    """
    What the page admin has for a language besides the original English one. For Spanish:
    the "Spanish version" column and filter (?spanish=shown), and the "Spanish (Español)"
    fieldset with its preview, preview_es. Made for each language in settings.LANGUAGES but
    English, so a language added there gets them too, worded like Spanish's.
    """

    def __init__(self, code: str) -> None:
        name = STAFF_NAMES[code]
        # The filter's URL parameter and the column are named after the staff name
        # (?spanish=shown, spanish_version), which staff have bookmarked.
        word = name.lower()
        self.preview = preview_field(code, f"preview_{code}")
        self.column = version_column(code, f"{word}_version")
        self.filter = type(
            f"{name}VersionFilter",
            (VersionFilter,),
            {"title": f"{name} version", "parameter_name": word, "language": code},
        )
        self.fieldset = (
            f"{name} ({NATIVE_NAMES[code]})",
            {
                "description": (
                    f"The {name} version is shown at /{code}/... once it has a title, summary, "
                    "text, review dates and, for a page in the menu, a menu label. Until "
                    f"then, {name} readers see the {ORIGINAL} page with a note saying it is "
                    f"not available in {name} yet. Fill in the review dates last: they are "
                    f"what put the {name} version on the site."
                ),
                "fields": language_fieldset(code, self.preview),
            },
        )


ORIGINAL_PREVIEW = preview_field(DEFAULT_LANGUAGE, "preview")
OTHER_VERSIONS = [OtherVersion(code) for code in OTHER_LANGUAGES]


@admin.register(Page)
class PageAdmin(SignoffAdminMixin, SimpleHistoryAdmin):
    form = PageForm
    # A draft's page, its preview and its steps: content/signoff_admin.py.
    change_form_template = "admin/content/page/change_form.html"
    object_history_template = "admin/content/page/object_history.html"
    list_display = [
        "title_en",
        "view_on_site_link",
        "kind",
        "published",
        *(version.column for version in OTHER_VERSIONS),
        "nav_order",
        "overdue_for_review",
    ]
    list_filter = [
        "published",
        ReviewDueFilter,
        *(version.filter for version in OTHER_VERSIONS),
        "kind",
    ]
    # Titles and texts in every language; summaries in English only.
    search_fields = ["slug", *in_every_language("title", "body"), "summary_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = [
        ORIGINAL_PREVIEW,
        *(version.preview for version in OTHER_VERSIONS),
        "updated_at",
    ]
    ordering = ["nav_order", "title_en"]
    fieldsets = [
        (None, {"fields": ["slug", "kind", "published", "nav_order"]}),
        (ORIGINAL, {"fields": language_fieldset(DEFAULT_LANGUAGE, ORIGINAL_PREVIEW)}),
        *(version.fieldset for version in OTHER_VERSIONS),
        (
            "Both languages",
            {
                "description": (
                    "Enter a clinical reviewer only when a named clinician has checked that "
                    "language's version. The website shows a reviewer only when one is entered."
                ),
                "fields": ["citations", "show_contact_details", "updated_at"],
            },
        ),
    ]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        today = timezone.localdate()
        return {
            "last_reviewed_en": today,
            "next_review_due_en": today + timedelta(days=365),
            **super().get_changeform_initial_data(request),
        }

    @admin.display(description="Overdue for review")
    def overdue_for_review(self, page: Page) -> str:
        if overdue := page.overdue_languages():
            names = ", ".join(settings.LANGUAGE_NAMES_FOR_STAFF[code] for code in overdue)
            return format_html('<strong class="errornote">Overdue ({})</strong>', names)
        return "No"

    @admin.display(description="Address")
    def view_on_site_link(self, page: Page) -> str:
        return format_html('<a href="{}">{}</a>', page.get_absolute_url(), page.get_absolute_url())

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.method == "GET":
            warn_about_placeholders(request)
        return super().changelist_view(request, extra_context)


@admin.register(ClinicProfile)
class ClinicProfileAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["name", "legal_name", "accepting_new_patients"]}),
        ("Contact", {"fields": ["phone", "email"]}),
        ("Address", {"fields": ["street_address", "locality", "region", "postal_code"]}),
        (
            "Ketamine infusions",
            {
                "description": (
                    "Shown on the ketamine page in each language. Replace the placeholders "
                    "with the clinic's real price range and after-hours instruction."
                ),
                # Named here, in the order shown: modeltranslation keeps a model's
                # translated fields as a set, so ClinicProfileTranslationOptions.fields has
                # no order to follow.
                "fields": in_every_language("price_range", "after_hours"),
            },
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One clinic, one profile: the row is created on first use.
        return super().has_add_permission(request) and not ClinicProfile.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # A list of one is a detour: go straight to the profile.
        profile = ClinicProfile.load()
        return HttpResponseRedirect(
            reverse("admin:content_clinicprofile_change", args=[profile.pk])
        )

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            warn_about_placeholders(request)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    """A row per weekday, made by the migration: changed, never added or deleted."""

    list_display = ["__str__", "opens", "closes", "checked_by_staff"]
    fields = ["opens", "closes"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        obj.checked_by_staff = True
        super().save_model(request, obj, form, change)

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.method == "GET":
            warn_about_placeholders(request)
        return super().changelist_view(request, extra_context)


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    """
    Days the clinic keeps closed. The first ones are US federal holidays, a suggestion the
    migration made: delete those the clinic works, add its own.
    """

    list_display = ["day", "weekday", "reason"]
    date_hierarchy = "day"
    search_fields = ["reason"]

    @admin.display(description="weekday")
    def weekday(self, obj: ClosedDay) -> str:
        return f"{obj.day:%A}"


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["authors", "year", "title", "kind", "doi", "pmid", "pages_citing"]
    list_filter = ["kind"]
    search_fields = ["key", "authors", "title", "doi", "pmid"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["key", "kind", "authors", "title", "container", "year"]}),
        ("Journal article", {"fields": ["volume", "issue", "pages", "doi", "pmid"]}),
        ("Web page", {"fields": ["published_on", "url", "accessed_on"]}),
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(citing=Count("cited_by"))

    @admin.display(description="Cited by pages", ordering="citing")
    def pages_citing(self, reference: Reference) -> int:
        return reference.citing  # type: ignore[attr-defined]  # annotated by get_queryset
