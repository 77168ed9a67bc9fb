"""
The published pages and the main menu, as the public site shows them in each language,
cached.

For each language, all published pages are read in one query, their Markdown rendered
once, and the result kept in Django's cache under one key. A page whose version in that
language is not complete and reviewed is shown whole in English instead, flagged so the
template can say so. Saving or deleting any page deletes every language's key (at once,
and again after the transaction commits, so that a request running in between cannot put
the old version back). The clinic profile is cached separately, write-through, in
content/profile.py. So a cached page needs no database query at all.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from content.bibliography import CitedSource
from content.navigation import NavigationItem
from content.page_cache import forget_public_pages
from content.rendering import render_markdown

CACHE_KEY = "content:site-pages:v3:{language}"
# A ceiling, not the mechanism: saves clear the cache at once. It bounds how long another
# server process with its own local-memory cache can lag behind (use a shared cache).
CACHE_SECONDS = 10 * 60
HOME_SLUG = "home"


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
        from content.models import PageKind

        return self.kind == PageKind.THERAPY

    @property
    def is_education(self) -> bool:
        from content.models import PageKind

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
    return cache.get(CACHE_KEY.format(language=language or translation.get_language()))


def site_pages(language: str | None = None) -> SitePages:
    """The site in `language`, by default the one the current request is in."""
    language = language or translation.get_language()
    cached = cached_site_pages(language)
    if cached is not None:
        return cached
    built = build_site_pages(language)
    cache.set(CACHE_KEY.format(language=language), built, CACHE_SECONDS)
    return built


def build_site_pages(language: str) -> SitePages:
    from content.models import Page

    pages = {}
    navigation = []
    # Addresses are built in the language being built, whatever the current request's is.
    with translation.override(language):
        # Ordered by menu position, so the menu comes out in order.
        pages_in_order = Page.objects.published().order_by("nav_order", "title_en")
        for page in pages_in_order.prefetch_related("citations"):
            rendered = render_page_version(page, language)
            pages[page.slug] = rendered
            if rendered.nav_label:
                navigation.append(
                    NavigationItem(rendered.nav_label, rendered.url, rendered.language)
                )
    return SitePages(pages=pages, navigation=navigation)


def render_page_version(page, language: str) -> RenderedPage:
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
        updated_at=page.updated_at,
        nav_label=text("nav_label"),
    )


def forget_site_pages() -> None:
    keys = [CACHE_KEY.format(language=code) for code, _ in settings.LANGUAGES]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
    forget_public_pages()
