"""
No page makes the browser contact another origin: no CDN, web font, analytics or CAPTCHA
(HHS bulletin on online tracking technologies). Plain links to references may point
elsewhere; anything the browser loads, or a form sends to, must be our own.
"""

import re
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.conftest import sign_in_with_second_factor
from tests.security.conftest import follow_invitation
from tests.security.pages import STAFF_PATHS, load_site_content, public_paths

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"src", "href", "action", "srcset", "poster", "data", "formaction"}
# Links a person chooses to follow, or that only name a page (never fetched).
LINK_RELS_NOT_FETCHED = {"canonical", "alternate"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?P<url>[^'")\s]+)""")


class ReferenceCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, url)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name not in URL_ATTRIBUTES or not value:
                continue
            if tag == "a" or (tag == "link" and attributes.get("rel", "") in LINK_RELS_NOT_FETCHED):
                continue
            urls = [part.split()[0] for part in value.split(",")] if name == "srcset" else [value]
            self.references.extend((tag, name, url) for url in urls)


def our_origins() -> set[str]:
    return {"testserver", urlsplit(settings.SITE_URL).netloc}


def foreign_references(html: str, origins: set[str]) -> list[tuple[str, str, str]]:
    collector = ReferenceCollector()
    collector.feed(html)
    return [
        (tag, name, url)
        for tag, name, url in collector.references
        if urlsplit(url.strip()).netloc not in ("", *origins)
        or urlsplit(url.strip()).scheme not in ("", "http", "https")
    ]


def stylesheets(html: str) -> list[str]:
    collector = ReferenceCollector()
    collector.feed(html)
    return [url for tag, _, url in collector.references if url.endswith(".css")]


def assert_page_is_self_contained(client, path):
    response = client.get(path)
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, path
    if "html" not in response.get("Content-Type", ""):
        return
    html = response.text
    assert foreign_references(html, our_origins()) == [], path
    for stylesheet in stylesheets(html):
        assert_stylesheet_is_self_contained(stylesheet)


def assert_stylesheet_is_self_contained(url: str):
    relative = urlsplit(url).path.removeprefix(settings.STATIC_URL)
    # The manifest's hashed name, or the source file when static files are not collected.
    collected = Path(settings.STATIC_ROOT, relative)
    path = collected if collected.exists() else Path(finders.find(relative) or "")
    assert path.is_file(), url
    for match in CSS_URL.finditer(path.read_text(encoding="utf-8")):
        target = match["url"]
        assert target.startswith("data:") or not urlsplit(target).netloc, (url, target)


def test_the_collector_would_notice_a_font_from_a_cdn():
    html = (
        '<link rel="stylesheet" href="https://fonts.example.com/css">'
        '<script src="//cdn.example.net/x.js"></script>'
        '<img src="/static/img/logo.svg"><a href="https://www.nih.gov/">NIH</a>'
        '<form action="https://forms.example.com/submit"></form>'
    )
    found = foreign_references(html, {"testserver"})
    assert [tag for tag, _, _ in found] == ["link", "script", "form"]


def test_public_pages_load_nothing_from_another_origin(client):
    load_site_content()
    for path in public_paths():
        assert_page_is_self_contained(client, path)


def test_staff_pages_load_nothing_from_another_origin(client, staff_member, new_staff_member):
    assert_page_is_self_contained(client, reverse("admin:login"))
    sign_in_with_second_factor(client, staff_member)
    for path in STAFF_PATHS:
        assert_page_is_self_contained(client, path)
    follow_invitation(client, new_staff_member)
    assert_page_is_self_contained(client, reverse("admin:two_factor_setup"))
