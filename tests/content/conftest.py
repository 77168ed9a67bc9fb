import json
import re

import pytest

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
