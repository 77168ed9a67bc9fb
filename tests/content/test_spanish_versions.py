"""
Staff translate pages in the admin. A Spanish version appears on the site only once it is
complete and has its own review dates; until then the Spanish address shows the whole
English page with a notice, never a page half in one language and half in the other.
"""

import re
from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from content.models import Page
from tests.content.test_admin_page_editing import change_form_data, sign_off
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

NOTICE = "Esta página todavía no está disponible en español, así que la mostramos en inglés."


def spanish_version(**changes) -> dict:
    today = timezone.localdate()
    return {
        "title_es": "Preguntas sobre el dolor",
        "nav_label_es": "Preguntas",
        "summary_es": "Respuestas cortas a preguntas comunes.",
        "body_es": "## Un título\n\nUnas palabras claras sobre el dolor.",
        "last_reviewed_es": today,
        "next_review_due_es": today + timedelta(days=365),
        **changes,
    }


@pytest.fixture
def english_only_page():
    return PageFactory(
        slug="faq",
        title="Questions about pain",
        nav_label="Questions",
        summary="Short answers to common questions.",
        body="Plain words about pain.",
    )


def test_a_page_without_a_spanish_version_shows_in_english_with_a_notice(client, english_only_page):
    response = client.get("/es/faq/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert NOTICE in html
    # The English text is marked as English, for screen readers and translation tools.
    assert re.search(r'<div lang="en">\s*<h1>Questions about pain</h1>', html)
    assert "Plain words about pain." in html
    # The page around it stays Spanish: menu, emergency advice, footer.
    assert "Busque ayuda ahora" in html
    assert "Este sitio web no es para emergencias." in html


def test_the_english_page_never_carries_the_notice(client, english_only_page):
    assert NOTICE not in client.get("/faq/").content.decode()


def test_an_english_page_at_a_spanish_address_points_search_engines_to_the_english_one(
    client, settings, english_only_page
):
    settings.SITE_URL = "https://clinic.example.org"
    html = client.get("/es/faq/").content.decode()
    assert '<link rel="canonical" href="https://clinic.example.org/faq/">' in html
    assert 'hreflang="es"' not in html.split("</head>")[0]
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "https://clinic.example.org/faq/" in sitemap
    assert "https://clinic.example.org/es/faq/" not in sitemap


def test_the_spanish_menu_names_an_untranslated_page_in_english_and_says_so(
    client, english_only_page
):
    html = client.get("/es/").content.decode()
    assert '<a href="/es/faq/" lang="en">Questions</a>' in html


def test_a_complete_reviewed_spanish_version_replaces_the_english_one(client):
    PageFactory(slug="faq", title="Questions about pain", **spanish_version())

    html = client.get("/es/faq/").content.decode()

    assert "<h1>Preguntas sobre el dolor</h1>" in html
    assert "Unas palabras claras sobre el dolor." in html
    assert "Questions about pain" not in html
    assert NOTICE not in html
    assert '<a href="/es/faq/" aria-current="page">Preguntas</a>' in html


@pytest.mark.parametrize("missing", ["title_es", "summary_es", "body_es", "nav_label_es"])
def test_a_spanish_version_with_a_part_missing_is_not_shown(client, missing):
    PageFactory(
        slug="faq", title="Questions about pain", nav_label="Questions", **spanish_version()
    )
    Page.objects.filter(slug="faq").update(**{missing: ""})

    html = client.get("/es/faq/").content.decode()

    assert NOTICE in html
    assert "<h1>Questions about pain</h1>" in html
    assert "Preguntas sobre el dolor" not in html.split("<main")[1]


def test_a_translated_page_waits_for_its_review_dates_before_it_shows(client):
    PageFactory(
        slug="faq",
        title="Questions about pain",
        **spanish_version(last_reviewed_es=None, next_review_due_es=None),
    )
    assert NOTICE in client.get("/es/faq/").content.decode()


def test_the_spanish_page_shows_its_own_review_dates_in_spanish(client):
    PageFactory(
        slug="faq",
        last_reviewed=date(2026, 11, 25),
        next_review_due=date(2027, 11, 25),
        **spanish_version(last_reviewed_es=date(2026, 12, 1), next_review_due_es=date(2027, 6, 1)),
    )
    html = client.get("/es/faq/").content.decode()
    assert 'Última revisión: <time datetime="2026-12-01">1 de diciembre de 2026</time>' in html
    assert 'Próxima revisión: <time datetime="2027-06-01">1 de junio de 2027</time>' in html
    english = client.get("/faq/").content.decode()
    assert 'Last reviewed: <time datetime="2026-11-25">November 25, 2026</time>' in english


# --- In the admin ---------------------------------------------------------------------


def test_staff_add_a_spanish_version_in_the_admin_and_it_shows_at_once(
    superuser_client, client, english_only_page
):
    assert NOTICE in client.get("/es/faq/").content.decode()
    today = timezone.localdate()
    response = superuser_client.post(
        reverse("admin:content_page_change", args=[english_only_page.pk]),
        change_form_data(
            english_only_page,
            title_es="Preguntas sobre el dolor",
            nav_label_es="Preguntas",
            summary_es="Respuestas cortas.",
            body_es="Palabras claras.",
            last_reviewed_es=today.isoformat(),
            next_review_due_es=(today + timedelta(days=365)).isoformat(),
        ),
    )
    assert response.status_code == HTTPStatus.FOUND
    assert NOTICE in client.get("/es/faq/").content.decode()  # a draft until signed off
    sign_off(english_only_page)
    html = client.get("/es/faq/").content.decode()
    assert "<h1>Preguntas sobre el dolor</h1>" in html
    assert NOTICE not in html


def test_a_reviewed_spanish_version_without_its_text_is_refused(
    superuser_client, english_only_page
):
    today = timezone.localdate()
    response = superuser_client.post(
        reverse("admin:content_page_change", args=[english_only_page.pk]),
        change_form_data(
            english_only_page,
            title_es="Preguntas sobre el dolor",
            last_reviewed_es=today.isoformat(),
            next_review_due_es=(today + timedelta(days=365)).isoformat(),
        ),
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Enter the summary (Spanish) too" in html
    assert "Enter the body (Spanish) too" in html
    assert "Enter the menu label (Spanish) too" in html
    assert not Page.objects.get(pk=english_only_page.pk).title_es


@pytest.mark.parametrize(
    ("given", "left_out", "message"),
    [
        ("last_reviewed_es", "next_review_due_es", "Enter the next review due (Spanish) too"),
        ("next_review_due_es", "last_reviewed_es", "Give both review dates, or neither."),
    ],
)
def test_one_spanish_review_date_without_the_other_is_refused(
    superuser_client, english_only_page, given, left_out, message
):
    version = spanish_version(**{given: timezone.localdate().isoformat(), left_out: ""})
    response = superuser_client.post(
        reverse("admin:content_page_change", args=[english_only_page.pk]),
        change_form_data(english_only_page, **version),
    )
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Page.objects.get(pk=english_only_page.pk).title_es


def test_a_draft_translation_without_review_dates_can_be_saved(superuser_client, english_only_page):
    response = superuser_client.post(
        reverse("admin:content_page_change", args=[english_only_page.pk]),
        change_form_data(english_only_page, title_es="Borrador"),
    )
    assert response.status_code == HTTPStatus.FOUND
    sign_off(english_only_page)
    assert Page.objects.get(pk=english_only_page.pk).title_es == "Borrador"


def test_a_spanish_version_past_its_review_date_is_flagged(superuser_client):
    long_ago = timezone.localdate() - timedelta(days=400)
    PageFactory(
        title="Stale Spanish",
        **spanish_version(last_reviewed_es=long_ago, next_review_due_es=long_ago),
    )
    html = superuser_client.get(reverse("admin:content_page_changelist")).content.decode()
    assert '<strong class="errornote">Overdue (Spanish)</strong>' in html
    overdue = superuser_client.get(reverse("admin:content_page_changelist") + "?review=overdue")
    assert "Stale Spanish" in overdue.content.decode()


def test_the_history_records_and_restores_the_spanish_text(superuser_client, client):
    page = PageFactory(slug="faq", **spanish_version(body_es="La primera respuesta."))
    superuser_client.post(
        reverse("admin:content_page_change", args=[page.pk]),
        change_form_data(page, body_es="Una respuesta peor."),
    )
    sign_off(page)
    assert "Una respuesta peor." in client.get("/es/faq/").content.decode()

    first = page.history.earliest()
    assert first.body_es == "La primera respuesta."
    restore_url = reverse("admin:content_page_simple_history", args=[page.pk, first.history_id])
    assert "La primera respuesta." in superuser_client.get(restore_url).content.decode()
    superuser_client.post(
        restore_url, change_form_data(Page.objects.get(pk=page.pk), body_es="La primera respuesta.")
    )
    sign_off(page)
    assert "La primera respuesta." in client.get("/es/faq/").content.decode()


def test_a_page_address_is_checked_the_same_whatever_language_is_active():
    with translation.override("es"):
        Page(slug="new-page").clean_slug()
        with pytest.raises(Exception, match="already used"):
            Page(slug="request-appointment").clean_slug()


def test_the_page_form_offers_every_translated_field_in_both_languages(superuser_client):
    from content.translation import PageTranslationOptions

    page = PageFactory()
    html = superuser_client.get(reverse("admin:content_page_change", args=[page.pk])).content
    for field in PageTranslationOptions.fields:
        for code in ("en", "es"):
            assert f'name="{field}_{code}"' in html.decode(), f"{field}_{code}"
