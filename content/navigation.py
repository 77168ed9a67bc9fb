import sys
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import get_language, gettext


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url: str
    # The label's language: English for a page not yet translated into the menu's language.
    language: str = settings.LANGUAGE_CODE


def main_navigation() -> list[NavigationItem]:
    """
    The main menu: the published pages that have a menu label, in menu order. The request
    button sits in the header, outside this menu.

    Error pages show the menu too. While the database is down they must still render, so
    they use the cached menu, or one with just the home page, instead of waiting for the
    database a second time.
    """
    from content.site_pages import cached_site_pages, site_pages

    if isinstance(sys.exception(), DatabaseError):
        cached = cached_site_pages()
        return cached.navigation if cached else fallback_navigation()
    try:
        return site_pages().navigation
    except DatabaseError:
        return fallback_navigation()


def fallback_navigation() -> list[NavigationItem]:
    return [NavigationItem(gettext("Home"), reverse("content:home"), get_language())]
