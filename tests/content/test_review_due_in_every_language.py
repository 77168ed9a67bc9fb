"""
The review-due filters look at every language's version of a page, not only English: a page
is listed under exactly one of "Overdue", "Due within 30 days" and "Not due yet", the one
its most urgent version calls for.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from content.models import Page
from tests.content.conftest import page_list_rows
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES]
FILTERS = ("overdue", "soon", "later")


def page_due(title: str, language: str, days: int) -> Page:
    """A page whose `language` version is due for review in `days` days, the rest in a year."""
    today = timezone.localdate()
    dates = {}
    for code in LANGUAGES:
        due = today + timedelta(days=days if code == language else 365)
        dates[build_localized_fieldname("last_reviewed", code)] = min(today, due) - timedelta(
            days=1
        )
        dates[build_localized_fieldname("next_review_due", code)] = due
    return PageFactory(title=title, **dates)


def listed_under(client, title: str) -> list[str]:
    """The review-due filters whose list shows the page called `title`."""
    return [name for name in FILTERS if title in page_list_rows(client, f"review={name}")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (-30, "overdue"),
        (-1, "overdue"),
        (0, "soon"),  # due today is not overdue yet
        (5, "soon"),
        (30, "soon"),
        (31, "later"),
    ],
)
def test_a_page_due_in_one_language_is_listed_under_that_filter_alone(
    superuser_client, language, days, expected
):
    page_due("The page", language, days)
    assert listed_under(superuser_client, "The page") == [expected]


def test_a_page_due_later_in_every_language_is_listed_as_not_due(superuser_client):
    page_due("Later page", LANGUAGES[0], days=200)
    assert listed_under(superuser_client, "Later page") == ["later"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_without_a_review_filter_shows_every_page(superuser_client, language):
    for days in (-3, 5, 200):
        page_due(f"Due in {days} days", language, days)
    assert set(page_list_rows(superuser_client)) == {
        "Due in -3 days",
        "Due in 5 days",
        "Due in 200 days",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_queryset_methods_split_the_pages_the_same_way(language):
    """The review reminders (content/signoff.py) ask the same methods as the filter."""
    today = timezone.localdate()
    late, soon, later = (page_due(f"{days}", language, days) for days in (-3, 5, 200))
    pages = Page.objects.all()
    assert list(pages.review_overdue(today)) == [late]
    assert list(pages.review_due_within(30, today)) == [soon]
    assert list(pages.review_not_due_within(30, today)) == [later]
