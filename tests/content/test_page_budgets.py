"""
Byte budgets for public pages, checked on what a browser actually downloads: the page
and its stylesheets, compressed as the server sends them to a browser that accepts
brotli and gzip. These do not depend on the machine's speed, unlike timings.
"""

import re
from http import HTTPStatus

import pytest

from tests.content.conftest import SHIPPED_SLUGS

pytestmark = pytest.mark.usefixtures("shipped_site")

BUDGET_BYTES = 60 * 1024
ENGLISH_PATHS = [("/" if slug == "home" else f"/{slug}/") for slug in SHIPPED_SLUGS] + [
    "/request-appointment/"
]
PUBLIC_PATHS = ENGLISH_PATHS + ["/es" + path for path in ENGLISH_PATHS]
ACCEPT = {"accept-encoding": "br, gzip"}


def transferred_bytes(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_with_its_css_is_at_most_60_kb_compressed(client, path):
    page = client.get(path, headers=ACCEPT)
    assert page.status_code == HTTPStatus.OK
    assert page["Content-Encoding"] == "gzip"
    html = client.get(path).content.decode()  # uncompressed, to read the links
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets, "the page should link its stylesheets"
    total = transferred_bytes(page)
    for href in stylesheets:
        css = client.get(href, headers=ACCEPT)
        assert css.status_code == HTTPStatus.OK
        assert css["Content-Encoding"] in ("br", "gzip")
        total += transferred_bytes(css)
    assert total <= BUDGET_BYTES, f"{path} transfers {total:,} bytes"


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_has_no_render_blocking_script(client, path):
    html = client.get(path).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'type="application/ld+json"' in tag or "defer" in tag or "async" in tag, tag
