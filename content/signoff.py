"""
Clinical sign-off: how an edit to a page reaches the public site.

Saving a page that is on the site (or an edit that would put it there) makes a draft
(PageDraft) instead of changing the page; the live page changes only when the draft is
published, and the rules for that are here, in one place:

- a health page (condition, therapy, education) is published by the approval of a
  clinician (the "approve_clinical_page" permission) who saved no version of the draft;
  the approval sets "last reviewed" for each language version the clinician signed off;
- an information page (contact, privacy...) is published by a content editor's own
  approval ("publish_information_page");
- in an emergency a practice manager ("emergency_publish_page") publishes at once; the
  page is then flagged until a clinician has reviewed it.

Every step is a SignoffEvent, and every publication a page history record naming who
approved it. docs/content-editing.md describes the workflow as staff use it.
"""

import datetime
import difflib
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from content.caching import forget_site_pages
from content.models import (
    OPEN_DRAFT_STATES,
    DraftState,
    Page,
    PageDraft,
    PageKind,
    Reference,
    SignoffAction,
    SignoffEvent,
)

TEXT_FIELDS = ("title", "nav_label", "summary", "body")
# The fields a draft must have in a language before that version counts as written.
WRITTEN_FIELDS = ("title", "summary", "body")


class SignoffRefused(Exception):
    """A step the user may not take, or that the draft's state does not allow; says why."""


# --- Drafts --------------------------------------------------------------------------------


def as_stored(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        # Browsers post a textarea's line breaks as CRLF; stored as typed, every line of
        # an untouched text would compare as changed, and its language as reviewed.
        return value.replace("\r\n", "\n")
    return value


def goes_to_draft(page: Page, publish_requested: bool) -> bool:
    """A save changes the page directly only while the page is off the site and stays off."""
    if page.pk is None:
        return publish_requested
    live_published = Page.objects.filter(pk=page.pk, published=True).exists()
    return live_published or publish_requested


def open_draft(page: Page) -> PageDraft | None:
    return page.drafts.filter(state__in=OPEN_DRAFT_STATES).first()


@transaction.atomic
def save_draft(page: Page, values: dict, citations: list[int], by) -> PageDraft:
    """
    Keep `values` (the page form's cleaned data, without citations) as the page's draft.
    An edit to a submitted draft takes it back to editing: what was submitted is no
    longer what would be published.
    """
    stored = {name: as_stored(value) for name, value in values.items()}
    draft = (
        PageDraft.objects.select_for_update().filter(page=page, state__in=OPEN_DRAFT_STATES).first()
    )
    if draft is None:
        draft = PageDraft(page=page)
    draft.fields = stored
    draft.citations = sorted(citations)
    draft.state = DraftState.EDITING
    draft.save()
    record(draft, SignoffAction.SAVED, by)
    return draft


def draft_version(draft: PageDraft) -> Page:
    """The page as it would be once the draft is published; in memory, never saved."""
    page = Page.objects.get(pk=draft.page_id)
    for name, value in draft.fields.items():
        model_field = cast(models.Field, page._meta.get_field(name))
        setattr(page, name, model_field.to_python(value))
    return page


def draft_references(draft: PageDraft) -> list[Reference]:
    return list(Reference.objects.filter(pk__in=draft.citations))


# --- Who may do what -----------------------------------------------------------------------


def needs_clinical_signoff(draft: PageDraft) -> bool:
    """A health page, live or as drafted: changing a page's kind does not dodge the rule."""
    kinds = {draft.page.kind, draft.fields.get("kind", draft.page.kind)}
    return any(PageKind(kind).is_education for kind in kinds)


def authors(draft: PageDraft) -> set[int]:
    return set(draft.events.filter(action=SignoffAction.SAVED).values_list("by_id", flat=True))


def refusal_to_approve(user, draft: PageDraft) -> str | None:
    """Why `user` may not give this draft clinical approval, or None if they may."""
    if not user.has_perm("content.approve_clinical_page"):
        return "Only a member of the Clinician role can approve a health page."
    if user.pk in authors(draft):
        return "You wrote part of this draft, so another clinician must approve it."
    if draft.state not in (DraftState.SUBMITTED, DraftState.EMERGENCY):
        return "Only a submitted draft can be approved."
    return None


def refusal_to_publish(user, draft: PageDraft) -> str | None:
    if needs_clinical_signoff(draft):
        return "A health page is published by a clinician's approval."
    if not user.has_perm("content.publish_information_page"):
        return "Only a content editor can publish this page."
    if not draft.is_open:
        return "This draft is no longer open."
    return None


def refusal_to_submit(user, draft: PageDraft) -> str | None:
    if not user.has_perm("content.change_page"):
        return "Only a content editor can submit a draft."
    if not needs_clinical_signoff(draft):
        return "This page needs no clinical sign-off: publish it yourself."
    if draft.state not in (DraftState.EDITING, DraftState.SENT_BACK):
        return "This draft has already been submitted."
    return None


def refusal_to_send_back(user, draft: PageDraft) -> str | None:
    if not user.has_perm("content.approve_clinical_page"):
        return "Only a member of the Clinician role can send a draft back."
    if draft.state != DraftState.SUBMITTED:
        return "Only a submitted draft can be sent back."
    return None


def refusal_to_publish_in_emergency(user, draft: PageDraft) -> str | None:
    if not user.has_perm("content.emergency_publish_page"):
        return "Only a practice manager can publish in an emergency."
    if not draft.is_open:
        return "This draft is no longer open."
    return None


def field_label(name: str) -> str:
    return str(cast(models.Field, Page._meta.get_field(name)).verbose_name).capitalize()


def refused_if(reason: str | None) -> None:
    if reason:
        raise SignoffRefused(reason)


# --- The steps -----------------------------------------------------------------------------


def record(draft: PageDraft, action: str, by, **details) -> SignoffEvent:
    return SignoffEvent.objects.create(
        page=draft.page, draft=draft, action=action, by=by, **details
    )


def locked(draft: PageDraft) -> PageDraft:
    """The draft re-read under a row lock, so two people cannot take two steps at once."""
    return PageDraft.objects.select_for_update().select_related("page").get(pk=draft.pk)


@transaction.atomic
def submit(draft: PageDraft, by) -> PageDraft:
    draft = locked(draft)
    refused_if(refusal_to_submit(by, draft))
    draft.state = DraftState.SUBMITTED
    draft.save(update_fields=["state", "updated_at"])
    record(draft, SignoffAction.SUBMITTED, by)
    return draft


@transaction.atomic
def send_back(draft: PageDraft, by, comment: str) -> PageDraft:
    draft = locked(draft)
    refused_if(refusal_to_send_back(by, draft))
    if not comment.strip():
        raise SignoffRefused("Say what needs changing, so the editor knows.")
    draft.state = DraftState.SENT_BACK
    draft.save(update_fields=["state", "updated_at"])
    record(draft, SignoffAction.SENT_BACK, by, comment=comment.strip())
    return draft


@transaction.atomic
def approve(draft: PageDraft, by, comment: str = "") -> PageDraft:
    """A clinician's approval: publishes a submitted draft, or signs off an emergency one."""
    draft = locked(draft)
    refused_if(refusal_to_approve(by, draft))
    today = timezone.localdate()
    if draft.state == DraftState.EMERGENCY:
        # Already live: the clinician signs off the page as it is now.
        page = draft.page
        languages = written_languages(page)
        mark_reviewed(page, languages, today)
        history_id = save_page(page, by, f"Clinically reviewed by {by.get_username()}")
        action = SignoffAction.REVIEWED
    else:
        page = draft_version(draft)
        languages = reviewed_languages(draft, page)
        mark_reviewed(page, languages, today)
        history_id = publish_version(page, draft, by, f"Approved by {by.get_username()}")
        action = SignoffAction.APPROVED
        # A clinician has now signed off the whole page, so an earlier emergency publication
        # no longer waits for review.
        page.drafts.filter(state=DraftState.EMERGENCY).update(state=DraftState.PUBLISHED)
    draft.state = DraftState.PUBLISHED
    draft.save(update_fields=["state", "updated_at"])
    record(
        draft,
        action,
        by,
        comment=comment.strip(),
        history_id=history_id,
        reviewed_languages=languages,
    )
    return draft


@transaction.atomic
def publish(draft: PageDraft, by) -> PageDraft:
    """An information page, on the content editor's own approval."""
    draft = locked(draft)
    refused_if(refusal_to_publish(by, draft))
    history_id = publish_version(
        draft_version(draft), draft, by, f"Published by {by.get_username()}"
    )
    draft.state = DraftState.PUBLISHED
    draft.save(update_fields=["state", "updated_at"])
    record(draft, SignoffAction.PUBLISHED, by, history_id=history_id)
    return draft


@transaction.atomic
def publish_in_emergency(draft: PageDraft, by, comment: str) -> PageDraft:
    draft = locked(draft)
    refused_if(refusal_to_publish_in_emergency(by, draft))
    if not comment.strip():
        raise SignoffRefused("Say why this cannot wait for a clinician's approval.")
    history_id = publish_version(
        draft_version(draft), draft, by, f"Emergency publication by {by.get_username()}"
    )
    # A health page stays flagged until a clinician has reviewed it; another kind needs none.
    draft.state = DraftState.EMERGENCY if needs_clinical_signoff(draft) else DraftState.PUBLISHED
    draft.save(update_fields=["state", "updated_at"])
    record(draft, SignoffAction.EMERGENCY, by, comment=comment.strip(), history_id=history_id)
    return draft


@transaction.atomic
def discard(draft: PageDraft, by) -> PageDraft:
    draft = locked(draft)
    if not by.has_perm("content.change_page"):
        raise SignoffRefused("Only a content editor can discard a draft.")
    if not draft.is_open:
        raise SignoffRefused("This draft is no longer open.")
    draft.state = DraftState.DISCARDED
    draft.save(update_fields=["state", "updated_at"])
    record(draft, SignoffAction.DISCARDED, by)
    return draft


def publish_version(page: Page, draft: PageDraft, by, reason: str) -> int:
    # The same checks as the admin form's, on the version about to go live: the live page
    # or another page may have changed since the draft was saved.
    try:
        page.full_clean()
    except ValidationError as error:
        raise SignoffRefused(
            "This draft cannot be published as it is: "
            + " ".join(error.messages)
            + " Edit the draft and save it again."
        ) from error
    history_id = save_page(page, by, reason)
    page.citations.set(draft.citations)
    # The public pages list the sources; the citations changed after the save's clearing.
    forget_site_pages()
    return history_id


def save_page(page: Page, by, reason: str) -> int:
    page._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    page._change_reason = reason  # type: ignore[attr-defined]
    page.save()
    return page.history.latest().history_id  # type: ignore[attr-defined]


# --- Review dates --------------------------------------------------------------------------


def written_languages(page: Page) -> list[str]:
    return [
        code
        for code, _ in settings.LANGUAGES
        if all(page.translated(name, code) for name in WRITTEN_FIELDS)
    ]


def reviewed_languages(draft: PageDraft, drafted: Page) -> list[str]:
    """
    The language versions an approval signs off: those whose text the draft changes; all
    of them when it changes the sources (shared by every language) or no text at all (a
    periodic review that found nothing to change).
    """
    written = written_languages(drafted)
    live = draft.page
    changed = [
        code
        for code in written
        if any(
            not same_text(live.translated(name, code), drafted.translated(name, code))
            for name in TEXT_FIELDS
        )
    ]
    live_sources = set(live.citations.values_list("pk", flat=True))
    if not changed or live_sources != set(draft.citations):
        return written
    return changed


def same_text(before: object, after: object) -> bool:
    """Equal but for the line break the form strips from the end (shipped text ends in one)."""
    return str(before or "").strip() == str(after or "").strip()


def mark_reviewed(page: Page, languages: list[str], today: datetime.date) -> None:
    interval = datetime.timedelta(days=settings.CONTENT_REVIEW_INTERVAL_DAYS)
    for code in languages:
        setattr(page, f"last_reviewed_{code}", today)
        due = page.translated("next_review_due", code)
        if due is None or due <= today:
            setattr(page, f"next_review_due_{code}", today + interval)


def review_due_pages(today: datetime.date | None = None) -> models.QuerySet:
    """Published pages whose review is due within the reminder window, or overdue."""
    today = today or timezone.localdate()
    window = settings.CONTENT_REVIEW_REMINDER_DAYS
    return (
        Page.objects.published()
        .filter(
            models.Q(pk__in=Page.objects.review_overdue(today))
            | models.Q(pk__in=Page.objects.review_due_within(window, today))
        )
        .order_by("title_en")
    )


def pages_awaiting_clinical_review() -> models.QuerySet:
    """Published in an emergency, not yet reviewed by a clinician."""
    return Page.objects.filter(drafts__state=DraftState.EMERGENCY).distinct()


def drafts_awaiting_approval() -> models.QuerySet:
    return PageDraft.objects.filter(state=DraftState.SUBMITTED).select_related("page")


# --- The comparison with the live page -----------------------------------------------------


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    diff_html: SafeString = field(default_factory=lambda: mark_safe(""))


def word_diff(before: str, after: str) -> SafeString:
    """The new text with removed words struck through and added words marked."""
    old, new = before.split(), after.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(format_html("<del>{}</del>", " ".join(old[a1:a2])))
        if b2 > b1:
            parts.append(format_html("<ins>{}</ins>", " ".join(new[b1:b2])))
    return mark_safe(" ".join(parts))  # noqa: S308  # every part escaped by format_html


def body_diff(before: str, after: str) -> SafeString:
    """The Markdown text paragraph by paragraph: changed ones compared word by word."""
    old = [p.strip() for p in before.split("\n\n") if p.strip()]
    new = [p.strip() for p in after.split("\n\n") if p.strip()]
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and a2 - a1 == b2 - b1:
            rows += [word_diff(o, n) for o, n in zip(old[a1:a2], new[b1:b2], strict=True)]
            continue
        rows += [format_html("<del>{}</del>", p) for p in old[a1:a2]]
        rows += [format_html("<ins>{}</ins>", p) for p in new[b1:b2]]
    return format_html_join("\n", '<p class="diff-paragraph">{}</p>', ((row,) for row in rows))


def changes_by_language(draft: PageDraft, drafted: Page) -> dict[str, list[FieldChange]]:
    live = draft.page
    changes: dict[str, list[FieldChange]] = {}
    for code, _ in settings.LANGUAGES:
        found = []
        for name in (*TEXT_FIELDS, "reviewer_name", "reviewer_credentials", "next_review_due"):
            before = str(live.translated(name, code) or "")
            after = str(drafted.translated(name, code) or "")
            if same_text(before, after):
                continue
            label = field_label(name)
            diff = body_diff(before, after) if name == "body" else word_diff(before, after)
            found.append(FieldChange(label, before, after, diff))
        changes[code] = found
    return changes


def shared_changes(draft: PageDraft, drafted: Page) -> list[FieldChange]:
    live = draft.page
    found = []
    for name in ("slug", "kind", "published", "nav_order", "show_contact_details"):
        before, after = getattr(live, name), getattr(drafted, name)
        if before != after:
            label = field_label(name)
            found.append(FieldChange(label, str(before), str(after)))
    return found


def reference_changes(draft: PageDraft) -> tuple[list[Reference], list[Reference]]:
    """The sources the draft adds, and those it no longer cites."""
    live = set(draft.page.citations.values_list("pk", flat=True))
    drafted = set(draft.citations)
    added = list(Reference.objects.filter(pk__in=drafted - live))
    removed = list(Reference.objects.filter(pk__in=live - drafted))
    return added, removed
