"""The review-due filters look at every language's version of a page, not only English."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES]


def page_due(title: str, language: str, days: int):
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


def listed(client, query: str) -> str:
    return client.get(reverse("admin:content_page_changelist") + "?" + query).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_overdue_in_one_language_is_overdue_and_not_listed_as_not_due(
    superuser_client, language
):
    page_due("Late page", language, days=-3)
    assert "Late page" in listed(superuser_client, "review=overdue")
    assert "Late page" not in listed(superuser_client, "review=later")
    assert "Late page" not in listed(superuser_client, "review=soon")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_due_soon_in_one_language_is_due_soon_and_not_listed_as_not_due(
    superuser_client, language
):
    page_due("Soon page", language, days=5)
    assert "Soon page" in listed(superuser_client, "review=soon")
    assert "Soon page" not in listed(superuser_client, "review=later")
    assert "Soon page" not in listed(superuser_client, "review=overdue")


def test_a_page_due_later_in_every_language_is_listed_as_not_due(superuser_client):
    page_due("Later page", LANGUAGES[0], days=200)
    assert "Later page" in listed(superuser_client, "review=later")
