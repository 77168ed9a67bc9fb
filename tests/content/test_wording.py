"""
Words the clinical-content review (issue 15) corrected stay corrected: the FDA is named in
full before its initials, no British or loaded words, and Spanish readers are told how to
text the crisis line in Spanish (the word AYUDA; "press 2" is for calls only).
"""

import re

import pytest

from content.shipped_content import shipped_pages, shipped_translations
from tests.content.conftest import SHIPPED_SLUGS

SPELLED_OUT = (
    "U.S. Food and Drug Administration (FDA)",
    "Administración de Alimentos y Medicamentos de los Estados Unidos (FDA)",
)
EVERY_TEXT = [*shipped_pages(), *shipped_translations("es")]


@pytest.mark.parametrize("shipped", EVERY_TEXT, ids=lambda page: page.slug)
def test_a_page_that_names_the_fda_spells_it_out_the_first_time(shipped):
    text = shipped.summary + "\n" + shipped.body
    if "FDA" not in text:
        return
    first = text.index("FDA")
    assert any(
        text.find(name) != -1 and text.find(name) + len(name) - 4 == first for name in SPELLED_OUT
    ), shipped.slug


@pytest.mark.parametrize("shipped", shipped_pages(), ids=lambda page: page.slug)
def test_english_pages_use_us_words(shipped):
    assert not re.search(r"\b(dummy|drip)\b", shipped.body, re.I)


@pytest.mark.parametrize("shipped", shipped_translations("es"), ids=lambda page: page.slug)
def test_spanish_pages_use_the_us_terms_the_review_chose(shipped):
    text = shipped.summary + "\n" + shipped.body
    for avoided in ("fuera de indicación", " raro", " rara ", "ciclo", "medicina"):
        assert avoided not in text, avoided


@pytest.mark.usefixtures("shipped_site")
@pytest.mark.parametrize("slug", SHIPPED_SLUGS)
def test_every_spanish_mention_of_texting_988_says_to_text_ayuda(client, slug):
    html = client.get("/es/" if slug == "home" else f"/es/{slug}/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    sentences = re.split(r"(?<=[.!?])\s", text)
    texting = [
        sentence for sentence in sentences if "mensaje de texto" in sentence and "988" in sentence
    ]
    assert texting, "the page does not say how to reach the 988 Lifeline"
    for sentence in texting:
        assert "AYUDA" in sentence, sentence
