"""
The pages we ship with the site: Markdown files with a small TOML front matter, in
content/site_content/ (English) and content/site_content/<language>/ (the same page in
another language: its title, menu label, summary, text and review dates; the rest is the
English page's). `manage.py load_site_content` puts them in the database once; from then on
staff own them in the admin. Loading again never changes a page that exists, except to add
a language version the page has none of yet (a site that had English pages before it had
Spanish ones gets the shipped Spanish text), and never one staff have started.

The sources pages cite are records too (content/site_content/bibliography.toml, one table
per source, named by its key); a page's front matter lists the keys it cites. A source is
created once and then left to staff; a page that cites nothing yet gets its shipped list.
"""

import dataclasses
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from content.models import DEFAULT_LANGUAGE, OTHER_LANGUAGES, Page, PageKind, Reference
from content.translation import PageTranslationOptions

CONTENT_DIR = Path(__file__).resolve().parent / "site_content"
BIBLIOGRAPHY_FILE = CONTENT_DIR / "bibliography.toml"
FRONT_MATTER_FENCE = "+++"


class ShippedContentError(ValueError):
    pass


@dataclass(frozen=True)
class ShippedPage:
    title: str
    slug: str
    kind: PageKind
    summary: str
    body: str
    last_reviewed: date
    next_review_due: date
    nav_label: str = ""
    nav_order: int = 100
    citations: tuple[str, ...] = ()
    show_contact_details: bool = False
    published: bool = True


@dataclass(frozen=True)
class ShippedTranslation:
    """One page's version in another language; shipped versions are complete and reviewed."""

    slug: str
    language: str
    title: str
    summary: str
    body: str
    last_reviewed: date
    next_review_due: date
    nav_label: str = ""


def language_columns(version: "ShippedPage | ShippedTranslation", language: str) -> dict:
    """The page's columns that a shipped version fills: title_es, summary_es and so on."""
    given = {item.name for item in dataclasses.fields(version)}
    return {
        build_localized_fieldname(name, language): getattr(version, name)
        for name in PageTranslationOptions.fields
        if name in given
    }


def read_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, fence, rest = text.partition(FRONT_MATTER_FENCE + "\n")
    front_matter, fence_end, body = rest.partition("\n" + FRONT_MATTER_FENCE + "\n")
    if not fence or not fence_end or _:
        raise ShippedContentError(f"{path.name}: expected TOML front matter between +++ lines")
    try:
        return tomllib.loads(front_matter), body.strip() + "\n"
    except tomllib.TOMLDecodeError as error:
        raise ShippedContentError(f"{path.name}: {error}") from error


def parse_shipped_page(path: Path) -> ShippedPage:
    meta, body = read_front_matter(path)
    try:
        return ShippedPage(
            **{
                **meta,
                "kind": PageKind(meta["kind"]),
                "citations": tuple(meta.get("citations", ())),
            },
            body=body,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ShippedContentError(f"{path.name}: {error}") from error


def parse_shipped_translation(path: Path, language: str) -> ShippedTranslation:
    meta, body = read_front_matter(path)
    try:
        return ShippedTranslation(**meta, language=language, body=body)
    except TypeError as error:
        raise ShippedContentError(f"{language}/{path.name}: {error}") from error


def shipped_pages() -> list[ShippedPage]:
    return [parse_shipped_page(path) for path in sorted(CONTENT_DIR.glob("*.md"))]


def shipped_translations(language: str) -> list[ShippedTranslation]:
    return [
        parse_shipped_translation(path, language)
        for path in sorted((CONTENT_DIR / language).glob("*.md"))
    ]


def shipped_bibliography() -> dict[str, dict]:
    """The shipped sources by key, each as the Reference fields it fills."""
    try:
        return tomllib.loads(BIBLIOGRAPHY_FILE.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ShippedContentError(f"{BIBLIOGRAPHY_FILE.name}: {error}") from error


def load_shipped_references() -> dict[str, Reference]:
    """Create each shipped source that is missing; return every source by key."""
    existing = {reference.key: reference for reference in Reference.objects.all()}
    for key, fields in shipped_bibliography().items():
        if key in existing:
            continue
        reference = Reference(key=key, **fields)
        try:
            # The same checks as the admin's: a DOI's form, an article's DOI or PubMed ID.
            reference.full_clean()
        except ValidationError as error:
            raise ShippedContentError(f"{BIBLIOGRAPHY_FILE.name} [{key}]: {error}") from error
        reference.save()
        existing[key] = reference
    return existing


def has_any_text_in(page: Page, language: str) -> bool:
    return any(page.translated(field, language) for field in PageTranslationOptions.fields)


def new_page(shipped: ShippedPage) -> Page:
    return Page(
        slug=shipped.slug,
        kind=shipped.kind,
        nav_order=shipped.nav_order,
        show_contact_details=shipped.show_contact_details,
        published=shipped.published,
        **language_columns(shipped, DEFAULT_LANGUAGE),
    )


def add_missing_translations(page: Page, translations: dict) -> list[str]:
    """
    Fill in each shipped language version the page has no text in yet, taking it out of
    `translations`; returns the languages added.
    """
    added = []
    for language in OTHER_LANGUAGES:
        version = translations.pop((page.slug, language), None)
        if version is None or has_any_text_in(page, language):
            continue
        for name, value in language_columns(version, language).items():
            setattr(page, name, value)
        added.append(language)
    return added


@transaction.atomic
def load_shipped_pages() -> tuple[list[str], list[str], list[str]]:
    """
    Create each shipped page that is missing, and add each shipped language version that a
    page has no text in yet; leave everything else alone. Returns the pages created, the
    pages left alone, and the language versions added ("es:crps").
    """
    created: list[str] = []
    kept: list[str] = []
    translated: list[str] = []
    translations = {
        (version.slug, version.language): version
        for language in OTHER_LANGUAGES
        for version in shipped_translations(language)
    }
    references = load_shipped_references()
    pages = {page.slug: page for page in Page.objects.prefetch_related("citations")}
    for shipped in shipped_pages():
        unknown_sources = set(shipped.citations) - set(references)
        if unknown_sources:
            raise ShippedContentError(
                f"{shipped.slug}.md cites sources not in {BIBLIOGRAPHY_FILE.name}: "
                + ", ".join(sorted(unknown_sources))
            )
        page = pages.get(shipped.slug) or new_page(shipped)
        (created if page.pk is None else kept).append(shipped.slug)
        added = add_missing_translations(page, translations)
        translated += [f"{language}:{shipped.slug}" for language in added]
        changed = page.pk is None or bool(added)
        cites_nothing = page.pk is None or not page.citations.all()
        if changed:
            # The same checks as the admin's: lengths, and a complete version per language.
            page.full_clean()
            page.save()
        if cites_nothing and shipped.citations:
            page.citations.set([references[key] for key in shipped.citations])
            if not changed:
                page.save()  # clears the cached pages, which list the sources
    if translations:
        unknown = ", ".join(f"{language}/{slug}.md" for slug, language in translations)
        raise ShippedContentError(f"No English page for the shipped translations {unknown}")
    return created, kept, translated
