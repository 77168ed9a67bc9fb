"""Staff edit pages in the admin, and the site shows the change at once."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from content.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def change_form_data(page: Page, **changes) -> dict:
    """What the page's change form posts when saved: every language as stored, with changes."""
    data = {
        "slug": page.slug,
        "kind": page.kind,
        "published": "on" if page.published else "",
        "nav_order": page.nav_order,
        "citations": [reference.pk for reference in page.citations.all()],
        "show_contact_details": "",
    }
    for code, _ in settings.LANGUAGES:
        for field in ("title", "nav_label", "summary", "body", "reviewer_name"):
            data[f"{field}_{code}"] = page.translated(field, code) or ""
        data[f"reviewer_credentials_{code}"] = page.translated("reviewer_credentials", code) or ""
        for field in ("last_reviewed", "next_review_due"):
            day = page.translated(field, code)
            data[f"{field}_{code}"] = day.isoformat() if day else ""
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def sign_off(page: Page) -> None:
    """Submit the page's open draft as its author, and approve it as another clinician."""
    from content import signoff
    from content.models import SignoffAction
    from tests.factories import StaffFactory

    draft = signoff.open_draft(page)
    author = draft.events.filter(action=SignoffAction.SAVED).first().by
    signoff.submit(draft, author)
    signoff.approve(draft, StaffFactory(role="Clinician"))


def test_an_edit_in_the_admin_shows_on_the_site_once_signed_off(superuser_client, client):
    page = PageFactory(slug="crps", title="CRPS", body="Old words.")
    assert "Old words." in client.get("/crps/").content.decode()

    response = superuser_client.post(
        reverse("admin:content_page_change", args=[page.pk]),
        change_form_data(page, body_en="New words, just saved."),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert "Old words." in client.get("/crps/").content.decode()
    sign_off(page)
    html = client.get("/crps/").content.decode()
    assert "New words, just saved." in html
    assert "Old words." not in html


def test_the_change_form_previews_the_rendered_body(superuser_client):
    page = PageFactory(body="## Heading for preview\n\n<script>alert(1)</script>")

    html = superuser_client.get(reverse("admin:content_page_change", args=[page.pk])).content
    html = html.decode()

    assert '<h2 id="heading-for-preview">Heading for preview</h2>' in html
    assert "<script>alert(1)</script>" not in html


def test_the_add_form_fills_the_slug_from_the_title(superuser_client):
    html = superuser_client.get(reverse("admin:content_page_add")).content.decode()
    assert (
        "&quot;id&quot;: &quot;#id_slug&quot;, &quot;name&quot;: &quot;slug&quot;, "
        "&quot;dependency_ids&quot;: [&quot;#id_title_en&quot;]"
    ) in html


def test_the_list_flags_pages_overdue_for_review(superuser_client):
    today = timezone.localdate()
    PageFactory(
        title="Overdue page",
        last_reviewed=today - timedelta(days=400),
        next_review_due=today - timedelta(days=35),
    )
    PageFactory(title="Fresh page")

    html = superuser_client.get(reverse("admin:content_page_changelist")).content.decode()

    assert "Overdue for review" in html
    assert html.count('<strong class="errornote">Overdue (English)</strong>') == 1


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("review=overdue", "Overdue page", "Fresh page"),
        ("review=later", "Fresh page", "Overdue page"),
        ("published__exact=0", "Draft page", "Fresh page"),
    ],
)
def test_the_list_filters_by_review_due_and_published(superuser_client, query, shown, hidden):
    today = timezone.localdate()
    PageFactory(
        title="Overdue page",
        last_reviewed=today - timedelta(days=400),
        next_review_due=today - timedelta(days=1),
    )
    PageFactory(title="Fresh page")
    PageFactory(title="Draft page", published=False)

    url = reverse("admin:content_page_changelist") + "?" + query
    html = superuser_client.get(url).content.decode()

    assert shown in html
    assert hidden not in html


def test_a_review_due_before_the_last_review_is_refused(superuser_client):
    page = PageFactory()
    response = superuser_client.post(
        reverse("admin:content_page_change", args=[page.pk]),
        change_form_data(
            page, next_review_due_en=(page.last_reviewed_en - timedelta(days=1)).isoformat()
        ),
    )
    assert response.status_code == HTTPStatus.OK
    assert "The next review must be due on or after the last review." in response.content.decode()


def test_a_slug_taken_by_another_part_of_the_site_is_refused(superuser_client):
    page = PageFactory()
    response = superuser_client.post(
        reverse("admin:content_page_change", args=[page.pk]),
        change_form_data(page, slug="request-appointment"),
    )
    assert response.status_code == HTTPStatus.OK
    assert "/request-appointment/ is already used by another part of the website." in (
        response.content.decode()
    )
