"""
Sources are records that pages cite: one list for every language's version of a page,
shown in one citation style with DOI and PubMed links, and named in the page's JSON-LD.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import escape

from content.models import DOI_PATTERN, Page, Reference
from content.shipped_content import shipped_bibliography, shipped_pages, shipped_translations
from tests.content.conftest import node_of_type
from tests.factories import PageFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

# A figure is a number with what it counts: "74 in 100", "12 weeks", "3 times", "76%".
FIGURE = re.compile(
    r"\b\d[\d,.]*\s*(?:%|percent|por ciento|in (?:every )?\d|of \d|de cada|de \d|times|veces"
    r"|hours?|horas?|days?|días?|weeks?|semanas?|months?|meses|years?|años)\b",
    re.I,
)


def test_every_shipped_journal_article_has_a_doi_or_a_pubmed_id():
    for key, source in shipped_bibliography().items():
        if source["kind"] == "article":
            assert source.get("doi") or source.get("pmid"), key


def test_every_shipped_doi_has_the_doi_syntax():
    dois = [source["doi"] for source in shipped_bibliography().values() if source.get("doi")]
    assert dois
    for doi in dois:
        assert re.fullmatch(DOI_PATTERN, doi), doi


@pytest.mark.parametrize(
    "text", [*shipped_pages(), *shipped_translations("es")], ids=lambda page: page.slug
)
def test_every_health_page_that_states_a_figure_cites_a_record(text):
    english = next(page for page in shipped_pages() if page.slug == text.slug)
    if not english.kind.is_education:
        return
    figures = FIGURE.findall(text.body)
    if figures:
        assert english.citations, f"{text.slug} states {figures[:3]} but cites no source"
        assert set(english.citations) <= set(shipped_bibliography())


def test_every_shipped_source_is_cited_by_a_shipped_page_and_every_citation_exists():
    sources = set(shipped_bibliography())
    cited = {key for page in shipped_pages() for key in page.citations}
    assert cited <= sources, f"pages cite sources not in bibliography.toml: {cited - sources}"
    assert sources <= cited, f"sources no shipped page cites: {sources - cited}"


def test_a_figure_is_recognised_in_both_languages():
    assert FIGURE.findall("74 in 100 were at high risk, for up to 12 weeks")
    assert FIGURE.findall("74 de cada 100 tenían un riesgo alto, hasta por 12 semanas")
    assert not FIGURE.findall("Call 911, or call or text 988.")


def test_an_article_without_a_doi_or_pubmed_id_is_refused():
    reference = ReferenceFactory.build(doi="", pmid="")
    with pytest.raises(ValidationError, match="DOI or its PubMed ID"):
        reference.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        reference.save()


@pytest.mark.parametrize(
    "doi", ["doi:10.1007/s40264-021-01120-9", "https://doi.org/10.1007/x", "10.10/x", "10.1007/"]
)
def test_a_doi_without_the_doi_syntax_is_refused(doi):
    with pytest.raises(ValidationError, match="A DOI looks like"):
        ReferenceFactory.build(doi=doi).full_clean()


def test_a_page_lists_its_sources_in_one_style_with_doi_and_pubmed_links(client, shipped_site):
    html = client.get("/ketamine-infusions/").content.decode()
    references = html[html.index('id="references-heading"') :]
    assert (
        "Cotter S, Wong J, Gada N, et al.\n    Repeated or continuous medically supervised "
        "ketamine administration associated with hepatobiliary adverse events: a "
        "retrospective case series."
    ) in references
    assert "<cite>Drug Saf</cite>. 2021;44(12):1365-1374." in references
    assert (
        'href="https://doi.org/10.1007/s40264-021-01120-9">doi:10.1007/s40264-021-01120-9'
        in references
    )
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/34699023/">PMID: 34699023' in references
    assert "Published October 10, 2023." in references
    # A Cochrane review has an issue but no volume; a journal without pages ends at its volume.
    assert "<cite>Cochrane Database Syst Rev</cite>. 2013;(4):CD009416." in references
    assert "<cite>Pain Physician</cite>. 2010;13." in references


def test_the_spanish_version_cites_the_same_records_as_the_english_one(client, shipped_site):
    for page in Page.objects.filter(citations__isnull=False).distinct():
        english = client.get(page.get_absolute_url()).content.decode()
        spanish = client.get(f"/es/{page.slug}/").content.decode()
        # As the HTML writes them: the Budapest criteria paper's title has quotation marks.
        cited = [escape(reference.title) for reference in page.citations.all()]
        assert cited
        for title in cited:
            assert title in english, (page.slug, title)
            assert title in spanish, (page.slug, title)
        assert cited_links(english) == cited_links(spanish)
        # Listed as published, in English, on the Spanish page too.
        assert '<ol class="reference-list" lang="en">' in spanish


def cited_links(html: str) -> list[str]:
    return re.findall(r'class="reference-link" href="([^"]+)"', html)


def test_the_page_names_its_sources_in_its_structured_data(client, shipped_site):
    web_page = node_of_type(client.get("/crps/").content.decode(), "MedicalWebPage")
    crps = next(page for page in shipped_pages() if page.slug == "crps")
    assert len(web_page["citation"]) == len(crps.citations)
    assert {
        "@type": "ScholarlyArticle",
        "name": "Risk factors for suicidal ideation among patients with complex regional "
        "pain syndrome",
        "author": "Lee DH, et al.",
        "datePublished": "2014",
        "url": "https://doi.org/10.4306/pi.2014.11.1.32",
        "isPartOf": {"@type": "Periodical", "name": "Psychiatry Investig"},
        "identifier": [
            {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.4306/pi.2014.11.1.32"}
        ],
    } in web_page["citation"]
    # A title with quotation marks reads whole in the JSON-LD.
    assert (
        'Validation of proposed diagnostic criteria (the "Budapest Criteria") for Complex '
        "Regional Pain Syndrome"
    ) in [source["name"] for source in web_page["citation"]]


def test_a_correction_to_a_source_reaches_every_page_that_cites_it_at_once(client):
    source = ReferenceFactory(title="A title with a typo")
    for slug in ("crps", "faq"):
        PageFactory(slug=slug).citations.add(source)
    for url in ("/crps/", "/faq/"):
        assert "A title with a typo" in client.get(url).content.decode()

    source.title = "The corrected title"
    source.save()

    for url in ("/crps/", "/faq/", "/es/crps/"):
        html = client.get(url).content.decode()
        assert "The corrected title" in html
        assert "typo" not in html


def test_loading_gives_a_page_that_cites_nothing_its_shipped_sources_and_no_more(shipped_site):
    from content.shipped_content import load_shipped_pages

    crps = Page.objects.get(slug="crps")
    crps.citations.clear()
    faq = Page.objects.get(slug="faq")
    chosen = ReferenceFactory()
    faq.citations.set([chosen])
    Reference.objects.filter(key="lee-2014").update(title="Edited by staff")

    load_shipped_pages()

    shipped_crps = next(page for page in shipped_pages() if page.slug == "crps")
    assert sorted(reference.key for reference in crps.citations.all()) == sorted(
        shipped_crps.citations
    )
    assert "lee-2014" in shipped_crps.citations
    assert list(faq.citations.all()) == [chosen]
    assert Reference.objects.get(key="lee-2014").title == "Edited by staff"


def test_staff_list_sources_with_the_pages_citing_them_and_fix_them_in_the_admin(
    superuser_client, shipped_site
):
    from django.urls import reverse

    listing = superuser_client.get(reverse("admin:content_reference_changelist")).content.decode()
    assert "Risk factors for suicidal ideation" in listing
    assert "Cited by pages" in listing

    source = Reference.objects.get(key="cotter-2021")
    url = reverse("admin:content_reference_change", args=[source.pk])
    form = {
        "key": source.key,
        "kind": "article",
        "authors": source.authors,
        "title": source.title,
        "container": source.container,
        "year": source.year,
        "doi": "",
        "pmid": "",
    }
    refused = superuser_client.post(url, form).content.decode()
    assert "A journal article needs its DOI or its PubMed ID." in refused
    assert Reference.objects.get(key="cotter-2021").doi == "10.1007/s40264-021-01120-9"
