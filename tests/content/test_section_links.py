"""
Headings have ids, the same in every language, so a link can land on a section: every
internal link with a fragment reaches an element on its target page, and no page shows
two headings with the same text (a reader moving by headings could not tell them apart).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from content.rendering import render_markdown
from content.shipped_content import shipped_pages, shipped_translations
from tests.content.conftest import SHIPPED_SLUGS

pytestmark = pytest.mark.usefixtures("shipped_site")

ADDRESSES = [
    ("" if slug == "home" else f"{slug}/", language)
    for slug in SHIPPED_SLUGS
    for language in ("en", "es")
]


def address(path: str, language: str) -> str:
    return ("/es/" if language == "es" else "/") + path


class PageOutline(HTMLParser):
    """The ids, headings and links of one page, as a reader's tools see them."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in self.HEADINGS:
            self._heading = []

    def handle_endtag(self, tag):
        if tag in self.HEADINGS and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def outline(client, url: str) -> PageOutline:
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = PageOutline()
    parsed.feed(response.content.decode())
    return parsed


@pytest.mark.parametrize(("path", "language"), ADDRESSES)
def test_every_internal_link_with_a_fragment_reaches_an_element_on_its_page(client, path, language):
    url = address(path, language)
    page = outline(client, url)
    fragment_links = [link for link in page.links if "#" in link and not urlsplit(link).netloc]
    for link in fragment_links:
        target, fragment = urlsplit(link).path or url, urlsplit(link).fragment
        target_ids = page.ids if target == url else outline(client, target).ids
        assert fragment in target_ids, f"{url} links to {link}, which has no id {fragment!r}"


def test_the_faq_links_to_the_sections_it_names(client):
    english = outline(client, "/faq/").links
    spanish = outline(client, "/es/faq/").links
    assert "/ketamine-infusions/#who-should-not-have-ketamine" in english
    assert "/es/ketamine-infusions/#who-should-not-have-ketamine" in spanish


@pytest.mark.parametrize(("path", "language"), ADDRESSES)
def test_no_page_shows_two_headings_with_the_same_text(client, path, language):
    headings = outline(client, address(path, language)).headings
    repeated = {heading for heading in headings if headings.count(heading) > 1}
    assert not repeated, f"{address(path, language)} repeats the headings {repeated}"


def heading_ids(markdown_text: str) -> list[str]:
    return re.findall(r'<h[2-4] id="([^"]+)"', render_markdown(markdown_text))


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        (page, next(version for version in shipped_translations("es") if version.slug == page.slug))
        for page in shipped_pages()
    ],
    ids=lambda page: page.slug,
)
def test_every_section_has_the_same_id_in_both_languages(english, spanish):
    assert heading_ids(english.body) == heading_ids(spanish.body)
    # Named in the file, not made from the heading's words, which differ by language.
    assert len(re.findall(r"^#{2,4} .+ \{#[a-z0-9-]+\}$", english.body, re.M)) == len(
        heading_ids(english.body)
    )
