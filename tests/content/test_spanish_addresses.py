"""
Every patient-facing address has a Spanish counterpart under /es/, English stays where it
was, the header links to the same page in the other language, and each page tells browsers,
screen readers and search engines which language it is in and where its other version is.
"""

import re
from http import HTTPStatus

import pytest
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from tests.content.conftest import SHIPPED_SLUGS, node_of_type
from tests.factories import AppointmentRequestFactory

pytestmark = pytest.mark.usefixtures("shipped_site")


def english_path(slug: str) -> str:
    return "/" if slug == "home" else f"/{slug}/"


def spanish_path(slug: str) -> str:
    return "/es/" if slug == "home" else f"/es/{slug}/"


PATIENT_PAGES = [(english_path(slug), spanish_path(slug)) for slug in SHIPPED_SLUGS] + [
    ("/request-appointment/", "/es/request-appointment/")
]


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def header_language_link(html: str) -> dict:
    tag = re.search(r'<a class="header-language"[^>]*>([^<]*)</a>', html, re.S)
    assert tag, "the header has no language link"
    attributes = dict(re.findall(r'(href|hreflang|lang)="([^"]*)"', tag.group(0)))
    return {**attributes, "text": tag.group(1)}


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def language_patterns():
    """The URL patterns inside i18n_patterns: every address that exists in each language."""
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            for included in entry.url_patterns:
                for pattern in included.url_patterns:
                    yield f"{included.namespace}:{pattern.name}", pattern


def test_every_patient_facing_url_name_has_a_spanish_address():
    names = []
    for name, pattern in language_patterns():
        arguments = ["sample-value"] * len(pattern.pattern.regex.groupindex)
        with translation.override("es"):
            path = reverse(name, args=arguments)
            assert path.startswith("/es/"), name
            assert resolve(path).func is pattern.callback
        with translation.override("en"):
            assert not reverse(name, args=arguments).startswith("/es/")
        names.append(name)
    assert {
        "content:home",
        "content:page",
        "appointments:request",
        "appointments:confirmation",
    } <= set(names)


@pytest.mark.parametrize(("english", "spanish"), PATIENT_PAGES)
def test_each_page_answers_in_spanish_at_its_spanish_address(client, english, spanish):
    response = client.get(spanish)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Language"] == "es"
    assert html_lang(response.content.decode()) == "es"


@pytest.mark.parametrize(("english", "spanish"), PATIENT_PAGES)
def test_english_stays_at_todays_addresses(client, english, spanish):
    response = client.get(english)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Language"] == "en"
    assert html_lang(response.content.decode()) == "en"


@pytest.mark.parametrize(("english", "spanish"), PATIENT_PAGES)
def test_the_language_link_leads_to_the_same_page_in_the_other_language(client, english, spanish):
    from_english = header_language_link(client.get(english).content.decode())
    assert from_english == {"href": spanish, "hreflang": "es", "lang": "es", "text": "Español"}
    from_spanish = header_language_link(client.get(spanish).content.decode())
    assert from_spanish == {"href": english, "hreflang": "en", "lang": "en", "text": "English"}


def test_the_confirmation_page_links_to_itself_in_the_other_language(client):
    request = AppointmentRequestFactory(confirmation_token="an-unguessable-token")
    html = client.get("/es/request-appointment/confirmation/an-unguessable-token/").content
    link = header_language_link(html.decode())
    assert link["href"] == f"/request-appointment/confirmation/{request.confirmation_token}/"


@pytest.mark.parametrize(("english", "spanish"), PATIENT_PAGES)
def test_both_versions_name_each_other_and_english_as_the_default(
    client, settings, english, spanish
):
    settings.SITE_URL = "https://clinic.example.org"
    expected = {
        "en": "https://clinic.example.org" + english,
        "es": "https://clinic.example.org" + spanish,
        "x-default": "https://clinic.example.org" + english,
    }
    assert alternates(client.get(english).content.decode()) == expected
    assert alternates(client.get(spanish).content.decode()) == expected


def test_a_spanish_page_has_its_own_canonical_address_and_spanish_locale(client, settings):
    settings.SITE_URL = "https://clinic.example.org"
    html = client.get("/es/crps/").content.decode()
    assert '<link rel="canonical" href="https://clinic.example.org/es/crps/">' in html
    assert '<meta property="og:locale" content="es_US">' in html
    assert '<meta property="og:locale:alternate" content="en_US">' in html


def test_the_sitemap_entries_name_each_language_version_and_the_default(client, settings):
    settings.SITE_URL = "https://clinic.example.org"
    xml = client.get("/sitemap.xml").content.decode()
    entry = re.search(r"<url><loc>https://clinic.example.org/es/crps/</loc>.*?</url>", xml).group(0)
    links = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry))
    assert links == {
        "en": "https://clinic.example.org/crps/",
        "es": "https://clinic.example.org/es/crps/",
        "x-default": "https://clinic.example.org/crps/",
    }


def test_the_address_alone_decides_the_language(client):
    # A browser set to Spanish still gets English at the English address: the choice is the
    # patient's, through the language link, and shared caches need not vary by browser.
    response = client.get("/crps/", headers={"accept-language": "es-US,es;q=0.9"})
    assert response["Content-Language"] == "en"
    assert html_lang(response.content.decode()) == "en"
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Accept-Language" not in client.get("/es/crps/").get("Vary", "")


def test_the_staff_admin_stays_in_english_for_a_spanish_browser(superuser_client):
    response = superuser_client.get("/admin/", headers={"accept-language": "es"})
    assert response.status_code == HTTPStatus.OK
    assert '<html lang="en"' in response.content.decode()


def test_a_missing_spanish_page_gets_the_spanish_not_found_page(client):
    response = client.get("/es/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert html_lang(html) == "es"
    assert "<h1>No encontramos la página</h1>" in html
    assert 'href="/es/request-appointment/"' in html


def test_site_files_exist_once_for_the_whole_site(client):
    assert client.get("/robots.txt").status_code == HTTPStatus.OK
    assert client.get("/sitemap.xml").status_code == HTTPStatus.OK
    assert client.get("/es/robots.txt").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/es/sitemap.xml").status_code == HTTPStatus.NOT_FOUND


def test_a_spanish_page_describes_itself_in_spanish_to_search_engines(client, settings):
    settings.SITE_URL = "https://clinic.example.org"
    html = client.get("/es/crps/").content.decode()
    web_page = node_of_type(html, "MedicalWebPage")
    assert web_page["inLanguage"] == "es-US"
    assert web_page["url"] == "https://clinic.example.org/es/crps/"
    assert web_page["about"]["name"] == "Síndrome de dolor regional complejo (SDRC)"
    assert web_page["lastReviewed"] == "2026-12-02"
    crumbs = node_of_type(html, "BreadcrumbList")["itemListElement"]
    assert [(crumb["name"], crumb["item"]) for crumb in crumbs] == [
        ("Inicio", "https://clinic.example.org/es/"),
        ("Síndrome de dolor regional complejo (SDRC)", "https://clinic.example.org/es/crps/"),
    ]
    treatments = node_of_type(client.get("/es/treatments/").content.decode(), "MedicalWebPage")
    assert treatments["about"]["name"] == "Síndrome de dolor regional complejo"
    assert treatments["about"]["alternateName"] == "SDRC"
