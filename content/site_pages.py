"""
The published pages and the main menu, as the public site shows them in each language,
cached.

For each language, all published pages are read in one query, their Markdown rendered
once, and the result kept in Django's cache under one key. A page whose version in that
language is not complete and reviewed is shown whole in English instead, flagged so the
template can say so. Saving or deleting any page forgets every language's copy
(content/caching.py). The clinic's details are cached separately, written through when
they change (content/profile.py). So a cached page needs no database query at all.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation

from content.bibliography import CitedSource
from content.caching import SITE_PAGES_SECONDS, site_pages_key
from content.models import HOME_SLUG, Page, PageKind, SignoffAction, SignoffEvent
from content.rendering import render_markdown


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url: str
    # The label's language: English for a page not yet translated into the menu's language.
    language: str = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class RenderedPage:
    slug: str
    # The language of the text below, and the one the visitor asked for; they differ when
    # a page has no reviewed version in the visitor's language yet.
    language: str
    requested_language: str
    # Every language this page has a reviewed version in (for hreflang and the sitemap).
    ready_languages: tuple[str, ...]
    title: str
    kind: str
    summary: str
    body_html: str
    # The sources the page cites, the same for every language's version.
    references: tuple[CitedSource, ...]
    show_contact_details: bool
    last_reviewed: date
    next_review_due: date
    reviewer_name: str
    reviewer_credentials: str
    clinician_signed_off: bool
    updated_at: datetime
    nav_label: str = ""

    @property
    def url(self) -> str:
        """The page's address in the language being shown to the visitor now."""
        if self.slug == HOME_SLUG:
            return reverse("content:home")
        return reverse("content:page", args=[self.slug])

    def url_in(self, language: str) -> str:
        with translation.override(language):
            return self.url

    @property
    def is_fallback(self) -> bool:
        """Shown in English because the requested language's version is not ready."""
        return self.language != self.requested_language

    @property
    def is_home(self) -> bool:
        return self.slug == HOME_SLUG

    @property
    def open_graph_type(self) -> str:
        return "website" if self.is_home else "article"

    @property
    def is_therapy(self) -> bool:
        """About a treatment the clinic gives: the page shows its price and after-hours help."""
        return self.kind == PageKind.THERAPY

    @property
    def is_education(self) -> bool:
        return PageKind(self.kind).is_education

    @property
    def is_review_overdue_past_grace(self) -> bool:
        """Past its review date by more than the grace period: patients are told so."""
        grace = timedelta(days=settings.CONTENT_REVIEW_GRACE_DAYS)
        return self.next_review_due + grace < timezone.localdate()


@dataclass(frozen=True)
class SitePages:
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    navigation: list[NavigationItem] = field(default_factory=list)

    def get(self, slug: str) -> RenderedPage | None:
        return self.pages.get(slug)


def cached_site_pages(language: str | None = None) -> SitePages | None:
    return cache.get(site_pages_key(language or translation.get_language()))


def site_pages(language: str | None = None) -> SitePages:
    """The site in `language`, by default the one the current request is in."""
    language = language or translation.get_language()
    cached = cached_site_pages(language)
    if cached is not None:
        return cached
    built = build_site_pages(language)
    # The timeout is a ceiling, not the mechanism: changes forget the copy at once.
    cache.set(site_pages_key(language), built, SITE_PAGES_SECONDS)
    return built


def build_site_pages(language: str) -> SitePages:
    clinical_signoffs = Prefetch(
        "signoff_events",
        queryset=SignoffEvent.objects.filter(
            action__in=[SignoffAction.APPROVED, SignoffAction.REVIEWED]
        ),
        to_attr="clinical_signoffs",
    )

    pages = {}
    navigation = []
    # Addresses are built in the language being built, whatever the current request's is.
    with translation.override(language):
        # Ordered by menu position, so the menu comes out in order.
        pages_in_order = Page.objects.published().order_by("nav_order", "title_en")
        for page in pages_in_order.prefetch_related("citations", clinical_signoffs):
            rendered = render_page_version(page, language)
            pages[page.slug] = rendered
            if rendered.nav_label:
                navigation.append(
                    NavigationItem(rendered.nav_label, rendered.url, rendered.language)
                )
    return SitePages(pages=pages, navigation=navigation)


def render_page_version(page: Page, language: str) -> RenderedPage:
    """The page in `language` if that version is ready, otherwise the whole English page."""
    shown = language if page.is_ready_in(language) else settings.LANGUAGE_CODE

    def text(field_name: str) -> str:
        return page.translated(field_name, shown) or ""

    return RenderedPage(
        slug=page.slug,
        language=shown,
        requested_language=language,
        ready_languages=tuple(page.ready_languages()),
        title=text("title"),
        kind=page.kind,
        summary=text("summary"),
        body_html=render_markdown(text("body")),
        references=tuple(CitedSource.of(reference) for reference in page.citations.all()),
        show_contact_details=page.show_contact_details,
        last_reviewed=page.translated("last_reviewed", shown),
        next_review_due=page.translated("next_review_due", shown),
        reviewer_name=text("reviewer_name"),
        reviewer_credentials=text("reviewer_credentials"),
        # Only a sign-off recorded through content/signoff.py lets the page say a clinician
        # here reviewed it: shipped text and a draft's preview say "Last reviewed".
        clinician_signed_off=any(
            shown in event.reviewed_languages for event in getattr(page, "clinical_signoffs", ())
        ),
        updated_at=page.updated_at,
        nav_label=text("nav_label"),
    )
