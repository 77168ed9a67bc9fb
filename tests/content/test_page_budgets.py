"""
Byte budgets for public pages, checked on what a browser actually downloads: the page and
everything it loads (stylesheets, icon, any image or script), compressed as the server
sends them to a browser that accepts brotli and gzip. 14 KB is what TCP's first round trip
carries (an initial window of 10 segments), so a page within it arrives without waiting on
a second. These do not depend on the machine's speed, unlike timings.
"""

import re
from http import HTTPStatus

import pytest

from tests.content.conftest import SHIPPED_SLUGS

pytestmark = pytest.mark.usefixtures("shipped_site")

BUDGET_BYTES = 14 * 1024
FORM = "/request-appointment/"
ENGLISH_PATHS = [("/" if slug == "home" else f"/{slug}/") for slug in SHIPPED_SLUGS] + [FORM]
PUBLIC_PATHS = ENGLISH_PATHS + ["/es" + path for path in ENGLISH_PATHS]
ACCEPT = {"accept-encoding": "br, gzip"}
# What a browser fetches to show the page: stylesheets, the SVG icon modern browsers pick
# over the .ico fallback, images and scripts.
LOADED = re.compile(
    r'<link rel="(?:stylesheet|icon)" href="([^"]+)"(?! sizes)|<(?:img|script)\b[^>]*\bsrc="([^"]+)"'
)


def transferred_bytes(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def page_and_what_it_loads(client, page, html: str) -> int:
    assert page["Content-Encoding"] in ("br", "gzip")
    loaded = [href or src for href, src in LOADED.findall(html)]
    assert any(url.endswith(".css") for url in loaded), "the page should link its stylesheets"
    total = transferred_bytes(page)
    for url in loaded:
        resource = client.get(url, headers=ACCEPT)
        assert resource.status_code == HTTPStatus.OK, url
        total += transferred_bytes(resource)
    return total


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_with_everything_it_loads_is_at_most_14_kb_compressed(client, path):
    page = client.get(path, headers=ACCEPT)
    assert page.status_code == HTTPStatus.OK
    html = client.get(path).content.decode()  # uncompressed, to read the links
    total = page_and_what_it_loads(client, page, html)
    assert total <= BUDGET_BYTES, f"{path} transfers {total:,} bytes"


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_form_with_its_errors_is_at_most_14_kb_compressed(client, prefix):
    page = client.post(prefix + FORM, {}, headers=ACCEPT)
    assert page.status_code == HTTPStatus.OK
    html = client.post(prefix + FORM, {}).content.decode()
    assert "There is a problem" in html or "Hay un problema" in html
    total = page_and_what_it_loads(client, page, html)
    assert total <= BUDGET_BYTES, f"{prefix}{FORM} with errors transfers {total:,} bytes"


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_has_no_render_blocking_script(client, path):
    html = client.get(path).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'type="application/ld+json"' in tag or "defer" in tag or "async" in tag, tag
