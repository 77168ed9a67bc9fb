"""
One list of languages, settings.LANGUAGES, drives the page admin: the form has every
language's fields, and each language besides English has its fieldset, preview, list column
and filter. Spanish's are pinned word for word: staff know them, and bookmark ?spanish=.
"""

import html as html_lib
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from content.models import DEFAULT_LANGUAGE, OTHER_LANGUAGES, ClinicProfile
from tests.content.conftest import page_list_rows
from tests.content.test_spanish_versions import spanish_version
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES]
# What staff write in each language, in the order the language's fieldset shows it.
TRANSLATED_FIELDS = (
    "title",
    "nav_label",
    "summary",
    "body",
    "last_reviewed",
    "next_review_due",
    "reviewer_name",
    "reviewer_credentials",
)
SPANISH_DESCRIPTION = (
    "The Spanish version is shown at /es/... once it has a title, summary, text, review "
    "dates and, for a page in the menu, a menu label. Until then, Spanish readers see the "
    "English page with a note saying it is not available in Spanish yet. Fill in the review "
    "dates last: they are what put the Spanish version on the site."
)


def complete_version(code: str, **changes) -> dict:
    """What puts a page's version in `code` on the site: its text and its review dates."""
    today = timezone.localdate()
    return {
        f"title_{code}": f"Title in {code}",
        f"nav_label_{code}": f"Menu in {code}",
        f"summary_{code}": f"Summary in {code}.",
        f"body_{code}": f"Text in {code}.",
        f"last_reviewed_{code}": today,
        f"next_review_due_{code}": today + timedelta(days=365),
        **changes,
    }


def fieldsets(html: str) -> dict[str | None, dict]:
    """A change form's fieldsets by heading (None for none): description and field rows."""
    found = {}
    for block in html.split('<fieldset class="module aligned')[1:]:
        heading = re.search(r'class="fieldset-heading">(.*?)</h2>', block)
        description = re.search(r'<div class="description">(.*?)</div>', block, re.S)
        found[heading and html_lib.unescape(heading[1])] = {
            "description": description and html_lib.unescape(description[1]),
            "rows": re.findall(r'class="form-row field-(\w+)', block.split("</fieldset>")[0]),
        }
    return found


def page_form(client, page=None):
    url = (
        reverse("admin:content_page_change", args=[page.pk])
        if page
        else reverse("admin:content_page_add")
    )
    return client.get(url)


# --- The form ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_form_has_every_field_in_every_language(superuser_client, language):
    form = page_form(superuser_client).context["adminform"].form
    for field in TRANSLATED_FIELDS:
        assert f"{field}_{language}" in form.fields
    # The same boxes in every language: a one-line title, a short summary, a long text.
    assert form.fields[f"title_{language}"].widget.attrs["class"] == "vLargeTextField"
    assert form.fields[f"summary_{language}"].widget.attrs["rows"] == 3
    assert form.fields[f"body_{language}"].widget.attrs["rows"] == 30


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_fieldset_with_its_fields_and_a_preview(superuser_client, language):
    page = PageFactory(**complete_version(language, **{f"body_{language}": "## Hello there"}))
    html = page_form(superuser_client, page).content.decode()

    preview = "preview" if language == DEFAULT_LANGUAGE else f"preview_{language}"
    rows = [f"{field}_{language}" for field in TRANSLATED_FIELDS]
    rows.insert(rows.index(f"body_{language}") + 1, preview)
    assert [fieldset["rows"] for fieldset in fieldsets(html).values()].count(rows) == 1
    assert f'<div class="content-preview" lang="{language}"><h2 id="hello-there">' in html


def test_the_fieldsets_keep_their_names_and_the_spanish_description(superuser_client):
    found = fieldsets(page_form(superuser_client).content.decode())
    assert list(found) == [None, "English", "Spanish (Español)", "Both languages"]
    assert found["Spanish (Español)"]["description"] == SPANISH_DESCRIPTION


def test_the_previews_are_labelled_by_language(superuser_client):
    html = page_form(superuser_client, PageFactory(**spanish_version())).content.decode()
    assert "<label>Preview of the English text, as visitors see it:</label>" in html
    assert "<label>Preview of the Spanish text, as visitors see it:</label>" in html


def test_the_clinic_profile_shows_each_ketamine_fact_in_every_language(superuser_client):
    profile = ClinicProfile.load()
    url = reverse("admin:content_clinicprofile_change", args=[profile.pk])
    found = fieldsets(superuser_client.get(url).content.decode())
    assert found["Ketamine infusions"]["rows"] == [
        "price_range_en",
        "price_range_es",
        "after_hours_en",
        "after_hours_es",
    ]


# --- The page list -------------------------------------------------------------------------


def test_the_spanish_version_column_and_filter(superuser_client):
    PageFactory(title="Translated page", **spanish_version())
    PageFactory(title="Half-translated page", **spanish_version(body_es=""))
    PageFactory(title="English-only page")

    rows = page_list_rows(superuser_client)
    assert {title: row["spanish_version"] for title, row in rows.items()} == {
        "Translated page": "Shown",
        "Half-translated page": "Not yet",
        "English-only page": "Not yet",
    }
    assert set(page_list_rows(superuser_client, "spanish=shown")) == {"Translated page"}
    assert set(page_list_rows(superuser_client, "spanish=missing")) == {
        "Half-translated page",
        "English-only page",
    }


def test_the_spanish_version_column_and_filter_keep_their_labels(superuser_client):
    PageFactory()
    html = superuser_client.get(reverse("admin:content_page_changelist")).content.decode()
    assert re.search(
        r'<th scope="col" class="column-spanish_version">\s*'
        r'<div class="text"><span>Spanish version</span></div>',
        html,
    )
    assert '<details data-filter-title="Spanish version"' in html
    assert '<a href="?spanish=shown">Shown</a>' in html
    assert '<a href="?spanish=missing">Not shown yet (English shown)</a>' in html


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_other_language_has_its_version_filter(superuser_client, language):
    PageFactory(title="Translated page", **complete_version(language))
    PageFactory(title="English-only page")
    word = settings.LANGUAGE_NAMES_FOR_STAFF[language].lower()

    rows = page_list_rows(superuser_client)
    assert rows["Translated page"][f"{word}_version"] == "Shown"
    assert rows["English-only page"][f"{word}_version"] == "Not yet"
    assert set(page_list_rows(superuser_client, f"{word}=shown")) == {"Translated page"}
    assert set(page_list_rows(superuser_client, f"{word}=missing")) == {"English-only page"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("field", ["title", "body"])
def test_the_search_finds_a_title_or_text_in_every_language(superuser_client, language, field):
    PageFactory(slug="found", **complete_version(language, **{f"{field}_{language}": "Zyx"}))
    PageFactory(slug="other")
    rows = page_list_rows(superuser_client, "q=zyx").values()
    assert [row["view_on_site_link"] for row in rows] == ["/found/"]
