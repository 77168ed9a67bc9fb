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

from content.models import ClinicProfile, ClosedDay, OpeningHours, Page, Reference
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


def in_language(code: str, fields=PageTranslationOptions.fields) -> list[str]:
    """The columns of `fields` for one language: title_es, body_es..."""
    return [build_localized_fieldname(name, code) for name in fields]


def language_fieldset(code: str, preview: str) -> list[str]:
    """One language's version of a page, with a preview of its text after the text."""
    return [*in_language(code, TEXT_FIELDS), preview, *in_language(code, REVIEW_FIELDS)]


class PageForm(forms.ModelForm):
    # Named one by one, so a posted field the page does not show is never saved.
    class Meta:
        model = Page
        fields = [*SHARED_FIELDS, *in_language("en"), *in_language("es")]
        widgets = {
            "title_en": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "title_es": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_es": forms.Textarea(attrs={"rows": 3}),
            "body_en": forms.Textarea(attrs={"rows": 30}),
            "body_es": forms.Textarea(attrs={"rows": 30}),
            "citations": forms.SelectMultiple(attrs={"size": 12}),
        }


class SpanishVersionFilter(admin.SimpleListFilter):
    title = "Spanish version"
    parameter_name = "spanish"

    def lookups(self, request, model_admin):
        return [("shown", "Shown"), ("missing", "Not shown yet (English shown)")]

    def queryset(self, request, queryset):
        # Readiness needs several fields at once; the list is a few dozen pages at most.
        match self.value():
            case "shown":
                return queryset.filter(pk__in=[p.pk for p in queryset if p.is_ready_in("es")])
            case "missing":
                return queryset.exclude(pk__in=[p.pk for p in queryset if p.is_ready_in("es")])
        return queryset


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
        "spanish_version",
        "nav_order",
        "overdue_for_review",
    ]
    list_filter = ["published", ReviewDueFilter, SpanishVersionFilter, "kind"]
    search_fields = ["title_en", "title_es", "slug", "summary_en", "body_en", "body_es"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["preview", "preview_es", "updated_at"]
    ordering = ["nav_order", "title_en"]
    fieldsets = [
        (None, {"fields": ["slug", "kind", "published", "nav_order"]}),
        ("English", {"fields": language_fieldset("en", "preview")}),
        (
            "Spanish (Español)",
            {
                "description": (
                    "The Spanish version is shown at /es/... once it has a title, summary, "
                    "text, review dates and, for a page in the menu, a menu label. Until "
                    "then, Spanish readers see the English page with a note saying it is "
                    "not available in Spanish yet. Fill in the review dates last: they are "
                    "what put the Spanish version on the site."
                ),
                "fields": language_fieldset("es", "preview_es"),
            },
        ),
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

    @admin.display(description="Spanish version")
    def spanish_version(self, page: Page) -> str:
        return "Shown" if page.is_ready_in("es") else "Not yet"

    @admin.display(description="Overdue for review")
    def overdue_for_review(self, page: Page) -> str:
        if overdue := page.overdue_languages():
            names = ", ".join(settings.LANGUAGE_NAMES_FOR_STAFF[code] for code in overdue)
            return format_html('<strong class="errornote">Overdue ({})</strong>', names)
        return "No"

    @admin.display(description="Address")
    def view_on_site_link(self, page: Page) -> str:
        return format_html('<a href="{}">{}</a>', page.get_absolute_url(), page.get_absolute_url())

    @admin.display(description="Preview of the English text, as visitors see it")
    def preview(self, page: Page) -> str:
        return self.preview_in(page, "en")

    @admin.display(description="Preview of the Spanish text, as visitors see it")
    def preview_es(self, page: Page) -> str:
        return self.preview_in(page, "es")

    def preview_in(self, page: Page, language: str) -> str:
        body = page.translated("body", language) if page.pk else ""
        if not body:
            return "Save the page to see a preview."
        # render_markdown's output has been cleaned against an allow-list.
        html = render_markdown(body)
        return mark_safe(f'<div class="content-preview" lang="{language}">{html}</div>')  # noqa: S308

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
                "fields": ["price_range_en", "price_range_es", "after_hours_en", "after_hours_es"],
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
