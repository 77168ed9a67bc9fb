"""
The shipped pages read at US grade 8 or below (Flesch-Kincaid, as textstat measures it),
and their Spanish versions at 65 or more on the INFLESZ scale ("bastante fácil": fairly
easy), the Szigriszt-Pazos measure as validated for Spanish patient information
(Barrio-Cantalejo et al., An Sist Sanit Navar 2008;31:135-152), and at 70 or more on the
Fernández-Huerta scale, the floor our writing standard (CONTRIBUTING.md) names.

textstat counts syllables with the CMU dictionary, which it downloads from the internet on
first use. Tests never touch the network, so syllables are counted the way textstat did
before: with Pyphen's English hyphenation dictionary, which ships with it.
"""

import re

import pytest
import textstat
import textstat.backend.counts._count_syllables as syllable_counting

from content.rendering import render_markdown
from content.shipped_content import shipped_pages, shipped_translations

GRADE_LIMIT = 8
INFLESZ_FLOOR = 65
FERNANDEZ_HUERTA_FLOOR = 70


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


@pytest.fixture
def spanish_syllables():
    textstat.set_lang("es")
    yield
    textstat.set_lang("en_US")


@pytest.mark.usefixtures("spanish_syllables")
@pytest.mark.parametrize("shipped", shipped_translations("es"), ids=lambda page: page.slug)
def test_spanish_version_reads_as_fairly_easy_or_easier(shipped):
    text = shipped.summary + "\n\n" + plain_text(shipped.body)
    assert textstat.lexicon_count(text) > 40
    assert textstat.szigriszt_pazos(text) >= INFLESZ_FLOOR
    assert textstat.fernandez_huerta(text) >= FERNANDEZ_HUERTA_FLOOR


@pytest.mark.usefixtures("spanish_syllables")
def test_the_spanish_measure_can_fail_on_hard_text():
    hard = (
        "Las intervenciones farmacológicas dirigidas al antagonismo del receptor "
        "N-metil-D-aspartato demuestran una eficacia analgésica heterogénea en investigaciones "
        "controladas y aleatorizadas, lo que exige una consideración terapéutica individualizada."
    )
    assert textstat.szigriszt_pazos(plain_text(hard)) < INFLESZ_FLOOR
    assert textstat.fernandez_huerta(plain_text(hard)) < FERNANDEZ_HUERTA_FLOOR
