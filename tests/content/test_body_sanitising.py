"""Whatever staff type into a page body, no script reaches the public page."""

import pytest

from tests.factories import PageFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

HOSTILE_BODIES = {
    "script element": "Hello <script>alert('owned')</script> world",
    "event handler": '<img src="x" onerror="alert(\'owned\')"> and <p onclick="alert(2)">text</p>',
    "javascript link in Markdown": "[click me](javascript:alert('owned'))",
    "javascript link in HTML": '<a href="JaVaScRiPt:alert(1)">click me</a>',
    "iframe and style": '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
    "inline style attribute": '<p style="position:fixed">cover</p>',
    "attributes on a heading": '## Heading {onclick="alert(1)" style="display:none"}',
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_hostile_markup_in_a_body_never_reaches_the_page(client, body):
    PageFactory(slug="hostile", body=body)

    html = client.get("/hostile/").content.decode().lower()

    assert "alert(" not in html
    assert "<script>" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert "<style" not in html
    assert "style=" not in html


def test_a_reference_is_shown_as_text_whatever_it_holds(client):
    page = PageFactory(slug="hostile")
    page.citations.add(ReferenceFactory(title="<script>alert(1)</script>", authors="<b>A</b>"))

    html = client.get("/hostile/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<b>A</b>" not in html


def test_ordinary_markdown_still_renders(client):
    PageFactory(
        slug="plain",
        body="## Getting here\n\n- **Parking** is free.\n- [Call us](tel:+15705550123)",
    )

    html = client.get("/plain/").content.decode()

    assert '<h2 id="getting-here">Getting here</h2>' in html
    assert "<li><strong>Parking</strong> is free.</li>" in html
    assert 'href="tel:+15705550123"' in html


def test_the_only_scripts_on_a_page_are_json_ld_data_blocks(client):
    PageFactory(slug="plain")

    html = client.get("/plain/").content.decode()

    assert html.count("<script") == html.count('<script type="application/ld+json">') == 1
