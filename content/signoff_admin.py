"""
The admin side of clinical sign-off (content/signoff.py has the rules): the page form's
save becomes a draft, and each draft has a page to compare it with the live version, to
preview it in each language, and to take the next step.
"""

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_POST, require_safe

from content import signoff
from content.bibliography import CitedSource
from content.models import Page, PageDraft
from content.profile import get_clinic_profile
from content.site_pages import render_page_version
from content.structured_data import page_structured_data
from content.views import json_for_script

STEPS = {
    "submit": "submit",
    "approve": "approve",
    "send-back": "send_back",
    "publish": "publish",
    "emergency": "publish_in_emergency",
    "discard": "discard",
}
DONE = {
    "submit": "Submitted for clinical sign-off.",
    "approve": "Approved: the page on the site now shows this version.",
    "send-back": "Sent back to the editor with your comment.",
    "publish": "Published: the page on the site now shows this version.",
    "emergency": "Published at once. The page is flagged until a clinician reviews it.",
    "discard": "Draft discarded; the page on the site is unchanged.",
}


class SignoffAdminMixin:
    """For PageAdmin: drafts instead of direct saves, and the sign-off pages."""

    admin_site: Any  # the ModelAdmin's

    # --- Saving makes a draft --------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Page, form, change: bool) -> None:
        values = {name: value for name, value in form.cleaned_data.items() if name != "citations"}
        if not signoff.goes_to_draft(obj, bool(values.get("published"))):
            super().save_model(request, obj, form, change)  # type: ignore[misc]
            return
        if obj.pk is None:
            # A new page is created off the site; the draft is what would publish it.
            obj.published = False
            super().save_model(request, obj, form, change)
            form.save_m2m()
        citations = [reference.pk for reference in form.cleaned_data.get("citations", [])]
        draft = signoff.save_draft(obj, values, citations, request.user)
        obj._saved_draft = draft  # type: ignore[attr-defined]
        # Neither the admin's save_related nor simple-history's revert may touch the live
        # page's sources now.
        form.save_m2m = lambda: None

    def save_related(self, request, form, formsets, change) -> None:
        if getattr(form.instance, "_saved_draft", None) is None:
            super().save_related(request, form, formsets, change)  # type: ignore[misc]

    def response_change(self, request: HttpRequest, obj: Page) -> HttpResponse:
        if draft := getattr(obj, "_saved_draft", None):
            return self.draft_saved(request, draft)
        return super().response_change(request, obj)  # type: ignore[misc]

    def response_add(self, request: HttpRequest, obj: Page, post_url_continue=None):
        if draft := getattr(obj, "_saved_draft", None):
            return self.draft_saved(request, draft)
        return super().response_add(request, obj, post_url_continue)  # type: ignore[misc]

    def draft_saved(self, request: HttpRequest, draft: PageDraft) -> HttpResponse:
        messages.success(
            request,
            "Saved as a draft. The page on the site is unchanged until the draft is published.",
        )
        return HttpResponseRedirect(reverse("admin:content_page_draft", args=[draft.pk]))

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        page = Page.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        draft = signoff.open_draft(page) if page else None
        if draft and request.method == "GET":
            messages.info(
                request,
                "This page has a draft waiting. Saving here replaces the draft's text; "
                "see the draft under “Sign-off” at the top of this page.",
            )
        extra = {"open_draft": draft, **(extra_context or {})}
        request.editing_page_form = True  # type: ignore[attr-defined]
        return super().change_view(request, object_id, form_url, extra)  # type: ignore[misc]

    def get_object(self, request: HttpRequest, object_id, from_field=None):
        page = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        # The page form edits the open draft, if there is one, rather than the live text.
        editing = page is not None and getattr(request, "editing_page_form", False)
        if editing and (draft := signoff.open_draft(page)):
            page = signoff.draft_version(draft)
            page._draft_citations = draft.citations  # type: ignore[attr-defined]
        return page

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        citations = getattr(obj, "_draft_citations", None)
        if citations is None:
            return form_class

        class DraftForm(form_class):  # type: ignore[valid-type,misc]
            def __init__(self, *args, **form_kwargs):
                form_kwargs.setdefault("initial", {})["citations"] = citations
                super().__init__(*args, **form_kwargs)

        return DraftForm

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        events = (
            signoff.SignoffEvent.objects.filter(page_id=object_id).select_related("by")
            if object_id.isdigit()
            else []
        )
        extra = {"signoff_events": events, **(extra_context or {})}
        return super().history_view(request, object_id, extra)  # type: ignore[misc]

    # --- The sign-off pages ----------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("drafts/<int:draft_id>/", wrap(self.draft_view), name="content_page_draft"),
            path(
                "drafts/<int:draft_id>/preview/<str:language>/",
                wrap(self.draft_preview_view),
                name="content_page_draft_preview",
            ),
            path(
                "drafts/<int:draft_id>/<slug:step>/",
                wrap(self.draft_step_view),
                name="content_page_draft_step",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def viewable_draft(self, request: HttpRequest, draft_id: int) -> PageDraft:
        if not request.user.has_perm("content.view_pagedraft"):
            raise PermissionDenied
        return get_object_or_404(PageDraft.objects.select_related("page"), pk=draft_id)

    def draft_view(self, request: HttpRequest, draft_id: int) -> HttpResponse:
        return require_safe(self.show_draft)(request, draft_id)

    def show_draft(self, request: HttpRequest, draft_id: int) -> HttpResponse:
        draft = self.viewable_draft(request, draft_id)
        drafted = signoff.draft_version(draft)
        added, removed = signoff.reference_changes(draft)
        user = request.user
        changes = signoff.changes_by_language(draft, drafted)
        approve_refusal = signoff.refusal_to_approve(user, draft)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Draft of “{draft.page}”",
            "opts": Page._meta,
            "draft": draft,
            "page": draft.page,
            "needs_clinical_signoff": signoff.needs_clinical_signoff(draft),
            "languages": [
                (code, settings.LANGUAGE_NAMES_FOR_STAFF[code], changes[code])
                for code, _ in settings.LANGUAGES
            ],
            "shared_changes": signoff.shared_changes(draft, drafted),
            "references_added": added,
            "references_removed": removed,
            "events": draft.events.select_related("by"),
            "can": {
                "submit": draft.is_open and not signoff.refusal_to_submit(user, draft),
                "approve": not approve_refusal,
                "approve_refusal": approve_refusal,
                "send_back": not signoff.refusal_to_send_back(user, draft),
                "publish": not signoff.refusal_to_publish(user, draft),
                "emergency": not signoff.refusal_to_publish_in_emergency(user, draft),
                "discard": draft.is_open and user.has_perm("content.change_page"),
            },
        }
        response = TemplateResponse(request, "admin/content/page/draft.html", context)
        add_never_cache_headers(response)
        return response

    def draft_preview_view(self, request: HttpRequest, draft_id: int, language: str):
        return require_safe(self.preview_draft)(request, draft_id, language)

    def preview_draft(self, request: HttpRequest, draft_id: int, language: str) -> HttpResponse:
        draft = self.viewable_draft(request, draft_id)
        if language not in dict(settings.LANGUAGES):
            raise Http404
        drafted = signoff.draft_version(draft)
        with translation.override(language):
            rendered = replace(
                render_page_version(drafted, language),
                references=tuple(
                    CitedSource.of(reference) for reference in signoff.draft_references(draft)
                ),
            )
            context = {
                "page": rendered,
                "draft": draft,
                "canonical_url": settings.SITE_URL + rendered.url_in(rendered.language),
                "structured_data": json_for_script(
                    page_structured_data(rendered, get_clinic_profile(), site_url=settings.SITE_URL)
                ),
            }
            response = render(request, "content/draft_preview.html", context)
        # Never kept by a browser or a shared cache, never indexed.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def draft_step_view(self, request: HttpRequest, draft_id: int, step: str):
        return require_POST(self.take_step)(request, draft_id, step)

    def take_step(self, request: HttpRequest, draft_id: int, step: str) -> HttpResponse:
        draft = self.viewable_draft(request, draft_id)
        if step not in STEPS:
            raise Http404
        action = getattr(signoff, STEPS[step])
        comment = request.POST.get("comment", "")
        arguments = (comment,) if step in ("send-back", "emergency", "approve") else ()
        try:
            action(draft, request.user, *arguments)
        except signoff.SignoffRefused as refusal:
            if not self.may_ever(request.user, step):
                raise PermissionDenied from refusal
            messages.error(request, str(refusal))
            return HttpResponseRedirect(reverse("admin:content_page_draft", args=[draft.pk]))
        messages.success(request, DONE[step])
        return HttpResponseRedirect(reverse("admin:content_page_draft", args=[draft.pk]))

    @staticmethod
    def may_ever(user, step: str) -> bool:
        """Whether the user's role has this step at all: a step outside it is forbidden."""
        needed = {
            "submit": "content.change_page",
            "discard": "content.change_page",
            "approve": "content.approve_clinical_page",
            "send-back": "content.approve_clinical_page",
            "publish": "content.publish_information_page",
            "emergency": "content.emergency_publish_page",
        }[step]
        return user.has_perm(needed)
