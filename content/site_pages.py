"""
The published pages and the main menu, as the public site shows them, cached.

All published pages are read in one query, their Markdown rendered once, and the result
kept in Django's cache under one key. Saving or deleting any page deletes that key (at
once, and again after the transaction commits, so that a request running in between
cannot put the old version back). The clinic profile is cached separately, write-through,
in content/profile.py. So a cached page needs no database query at all.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from content.navigation import NavigationItem
from content.page_cache import forget_public_pages
from content.rendering import render_markdown

CACHE_KEY = "content:site-pages:v1"
# A ceiling, not the mechanism: saves clear the cache at once. It bounds how long another
# server process with its own local-memory cache can lag behind (use a shared cache).
CACHE_SECONDS = 10 * 60
HOME_SLUG = "home"


@dataclass(frozen=True)
class RenderedPage:
    slug: str
    title: str
    kind: str
    summary: str
    body_html: str
    references_html: str
    show_contact_details: bool
    last_reviewed: date
    next_review_due: date
    reviewer_name: str
    reviewer_credentials: str
    updated_at: datetime
    nav_label: str = ""

    @property
    def url(self) -> str:
        if self.slug == HOME_SLUG:
            return reverse("content:home")
        return reverse("content:page", args=[self.slug])

    @property
    def is_home(self) -> bool:
        return self.slug == HOME_SLUG

    @property
    def open_graph_type(self) -> str:
        return "website" if self.is_home else "article"

    @property
    def is_education(self) -> bool:
        from content.models import PageKind

        return PageKind(self.kind).is_education


@dataclass(frozen=True)
class SitePages:
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    navigation: list[NavigationItem] = field(default_factory=list)

    def get(self, slug: str) -> RenderedPage | None:
        return self.pages.get(slug)


def cached_site_pages() -> SitePages | None:
    return cache.get(CACHE_KEY)


def site_pages() -> SitePages:
    cached = cached_site_pages()
    if cached is not None:
        return cached
    built = build_site_pages()
    cache.set(CACHE_KEY, built, CACHE_SECONDS)
    return built


def build_site_pages() -> SitePages:
    from content.models import Page

    pages = {}
    navigation = []
    # Ordered by menu position, so the menu comes out in order.
    for page in Page.objects.published().order_by("nav_order", "title"):
        rendered = RenderedPage(
            slug=page.slug,
            title=page.title,
            kind=page.kind,
            summary=page.summary,
            body_html=render_markdown(page.body),
            references_html=render_markdown(page.references),
            show_contact_details=page.show_contact_details,
            last_reviewed=page.last_reviewed,
            next_review_due=page.next_review_due,
            reviewer_name=page.reviewer_name,
            reviewer_credentials=page.reviewer_credentials,
            updated_at=page.updated_at,
            nav_label=page.nav_label,
        )
        pages[page.slug] = rendered
        if page.nav_label:
            navigation.append(NavigationItem(page.nav_label, rendered.url))
    return SitePages(pages=pages, navigation=navigation)


def forget_site_pages() -> None:
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    forget_public_pages()
