"""
The shipped pages read at US grade 8 or below (Flesch-Kincaid, as textstat measures it).

textstat counts syllables with the CMU dictionary, which it downloads from the internet on
first use. Tests never touch the network, so syllables are counted the way textstat did
before: with Pyphen's English hyphenation dictionary, which ships with it.
"""

import re

import pytest
import textstat
import textstat.backend.counts._count_syllables as syllable_counting

from content.rendering import render_markdown
from content.shipped_content import shipped_pages

GRADE_LIMIT = 8


@pytest.fixture(autouse=True)
def count_syllables_offline(monkeypatch):
    monkeypatch.setattr(syllable_counting, "get_cmudict", lambda lang: None)


def plain_text(markdown_text: str) -> str:
    """The words a reader reads: Markdown rendered, then every tag and link address dropped."""
    return re.sub(r"<[^>]+>", " ", render_markdown(markdown_text))


@pytest.mark.parametrize("shipped", shipped_pages(), ids=lambda page: page.slug)
def test_shipped_page_reads_at_grade_8_or_below(shipped):
    text = shipped.summary + "\n\n" + plain_text(shipped.body)
    assert textstat.lexicon_count(text) > 40
    assert textstat.flesch_kincaid_grade(text) <= GRADE_LIMIT


def test_the_measure_can_fail_on_hard_text():
    hard = (
        "Pharmacological interventions targeting N-methyl-D-aspartate receptor antagonism "
        "demonstrate heterogeneous analgesic efficacy across randomized controlled investigations "
        "of complex regional pain syndrome, necessitating individualized therapeutic consideration."
    )
    assert textstat.flesch_kincaid_grade(plain_text(hard)) > GRADE_LIMIT
