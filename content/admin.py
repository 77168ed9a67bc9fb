from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from content.models import ClinicProfile, Page
from content.rendering import render_markdown

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
                return queryset.filter(next_review_due__gt=today + timedelta(days=REVIEW_SOON_DAYS))
        return queryset


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "title",
            "slug",
            "kind",
            "published",
            "nav_label",
            "nav_order",
            "summary",
            "body",
            "references",
            "show_contact_details",
            "last_reviewed",
            "next_review_due",
            "reviewer_name",
            "reviewer_credentials",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 30}),
            "references": forms.Textarea(attrs={"rows": 8}),
        }


@admin.register(Page)
class PageAdmin(SimpleHistoryAdmin):
    form = PageForm
    list_display = [
        "title",
        "view_on_site_link",
        "kind",
        "published",
        "nav_label",
        "nav_order",
        "next_review_due",
        "overdue_for_review",
    ]
    list_filter = ["published", ReviewDueFilter, "kind"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview", "updated_at"]
    ordering = ["nav_order", "title"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "published"]}),
        ("Menu", {"fields": ["nav_label", "nav_order"]}),
        (
            "Text",
            {"fields": ["summary", "body", "references", "show_contact_details", "preview"]},
        ),
        (
            "Review",
            {
                "description": (
                    "Enter a clinical reviewer only when a named clinician has checked this "
                    "page. The website shows the reviewer only when one is entered."
                ),
                "fields": [
                    "last_reviewed",
                    "next_review_due",
                    "reviewer_name",
                    "reviewer_credentials",
                    "updated_at",
                ],
            },
        ),
    ]

    @admin.display(description="Overdue for review")
    def overdue_for_review(self, page: Page) -> str:
        if page.is_review_overdue():
            return format_html('<strong class="errornote">{}</strong>', "Overdue")
        return "No"

    @admin.display(description="Address")
    def view_on_site_link(self, page: Page) -> str:
        return format_html('<a href="{}">{}</a>', page.get_absolute_url(), page.get_absolute_url())

    @admin.display(description="Preview of the page text, as visitors see it")
    def preview(self, page: Page) -> str:
        if not page.body:
            return "Save the page to see a preview."
        # render_markdown's output has been cleaned against an allow-list.
        return mark_safe(f'<div class="content-preview">{render_markdown(page.body)}</div>')  # noqa: S308

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
        ("Opening hours", {"fields": ["hours", "opening_hours_schema"]}),
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
