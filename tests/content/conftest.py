import json
import re

import pytest
from django.urls import reverse

from content.models import ClinicProfile
from content.shipped_content import load_shipped_pages

SHIPPED_SLUGS = [
    "home",
    "crps",
    "ketamine-infusions",
    "treatments",
    "faq",
    "about",
    "contact",
    "privacy",
    "accessibility",
]


@pytest.fixture
def shipped_site(db):
    """The site as `make run` sets it up: the clinic profile and every shipped page."""
    ClinicProfile.load()
    load_shipped_pages()


def json_ld_blocks(html: str) -> list[dict]:
    """Every JSON-LD block in a page, parsed; a block that is not valid JSON fails here."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def json_ld_nodes(html: str) -> list[dict]:
    return [node for block in json_ld_blocks(html) for node in block.get("@graph", [block])]


def node_of_type(html: str, schema_type: str) -> dict:
    matches = [node for node in json_ld_nodes(html) if node.get("@type") == schema_type]
    assert matches, f"no {schema_type} in the page's JSON-LD"
    return matches[0]


def page_list_rows(client, query: str = "") -> dict[str, dict[str, str]]:
    """
    The admin page list's result rows as staff read them, for `?query`: each page's English
    title, with the text of its cells by column ("spanish_version": "Shown").
    """
    html = client.get(reverse("admin:content_page_changelist") + "?" + query).content.decode()
    if '<table id="result_list">' not in html:
        return {}  # no page matches
    table = html.split('<table id="result_list">', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S):
        cells = {
            column: re.sub(r"<[^>]+>", "", cell).strip()
            for column, cell in re.findall(r'<t[hd] class="field-(\w+)">(.*?)</t[hd]>', row, re.S)
        }
        rows[cells["title_en"]] = cells
    return rows
