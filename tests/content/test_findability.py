"""Search engines find the pages: sitemap, robots.txt, canonical links and Open Graph tags."""

import re
from http import HTTPStatus

import pytest

pytestmark = pytest.mark.usefixtures("shipped_site")


def test_the_sitemap_lists_every_published_page_in_both_languages(client, settings):
    settings.SITE_URL = "https://clinic.example.org"
    response = client.get("/sitemap.xml")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/xml")
    locations = set(re.findall(r"<loc>(.*?)</loc>", response.content.decode()))
    assert "https://clinic.example.org/" in locations
    assert "https://clinic.example.org/crps/" in locations
    assert "https://clinic.example.org/ketamine-infusions/" in locations
    assert "https://clinic.example.org/es/" in locations
    assert "https://clinic.example.org/es/crps/" in locations
    assert len(locations) == 2 * 9


def test_robots_txt_allows_crawling_and_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://clinic.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in response.content.decode()
    assert "Sitemap: https://clinic.example.org/sitemap.xml" in response.content.decode()


def test_a_page_has_an_absolute_canonical_link_and_open_graph_tags(client, settings):
    settings.SITE_URL = "https://clinic.example.org"
    html = client.get("/crps/").content.decode()

    assert '<link rel="canonical" href="https://clinic.example.org/crps/">' in html
    assert '<meta property="og:url" content="https://clinic.example.org/crps/">' in html
    assert '<meta property="og:title" content="Complex regional pain syndrome (CRPS)">' in html
    assert '<meta property="og:description" content="CRPS is a rare kind' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:site_name" content="Amira Integrative Health">' in html


def test_the_home_page_canonical_link_is_the_site_root(client, settings):
    settings.SITE_URL = "https://clinic.example.org"
    html = client.get("/").content.decode()
    assert '<link rel="canonical" href="https://clinic.example.org/">' in html
    assert '<meta property="og:type" content="website">' in html
