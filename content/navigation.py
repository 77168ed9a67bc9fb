from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import get_language, gettext

from content.site_pages import NavigationItem, cached_site_pages, site_pages


def main_navigation() -> list[NavigationItem]:
    """
    The main menu: the published pages that have a menu label, in menu order. The request
    button sits in the header, outside this menu.
    """
    try:
        return site_pages().navigation
    except DatabaseError:
        return fallback_navigation()


def error_page_navigation() -> list[NavigationItem]:
    """
    The menu for the 500 and 503 pages, which must render whatever failed: the cached
    menu, or one with just the home page, never a database query.
    """
    cached = cached_site_pages()
    return cached.navigation if cached else fallback_navigation()


def fallback_navigation() -> list[NavigationItem]:
    return [NavigationItem(gettext("Home"), reverse("content:home"), get_language())]
