"""
The pages we ship with the site: Markdown files with a small TOML front matter, in
content/site_content/. `manage.py load_site_content` puts them in the database once; from
then on staff own them in the admin, and loading again never changes a page that exists.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from content.models import Page, PageKind

CONTENT_DIR = Path(__file__).resolve().parent / "site_content"
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
    references: tuple[str, ...] = ()
    show_contact_details: bool = False
    published: bool = True

    @property
    def references_markdown(self) -> str:
        return "\n".join(f"- {reference}" for reference in self.references)


def parse_shipped_page(path: Path) -> ShippedPage:
    text = path.read_text(encoding="utf-8")
    _, fence, rest = text.partition(FRONT_MATTER_FENCE + "\n")
    front_matter, fence_end, body = rest.partition("\n" + FRONT_MATTER_FENCE + "\n")
    if not fence or not fence_end or _:
        raise ShippedContentError(f"{path.name}: expected TOML front matter between +++ lines")
    try:
        meta = tomllib.loads(front_matter)
        return ShippedPage(
            **{
                **meta,
                "kind": PageKind(meta["kind"]),
                "references": tuple(meta.get("references", ())),
            },
            body=body.strip() + "\n",
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise ShippedContentError(f"{path.name}: {error}") from error


def shipped_pages() -> list[ShippedPage]:
    return [parse_shipped_page(path) for path in sorted(CONTENT_DIR.glob("*.md"))]


@transaction.atomic
def load_shipped_pages() -> tuple[list[str], list[str]]:
    """Create each shipped page that is missing; leave every existing page alone."""
    created, kept = [], []
    existing = set(Page.objects.values_list("slug", flat=True))
    for shipped in shipped_pages():
        if shipped.slug in existing:
            kept.append(shipped.slug)
            continue
        Page.objects.create(
            title=shipped.title,
            slug=shipped.slug,
            kind=shipped.kind,
            nav_label=shipped.nav_label,
            nav_order=shipped.nav_order,
            summary=shipped.summary,
            body=shipped.body,
            references=shipped.references_markdown,
            show_contact_details=shipped.show_contact_details,
            published=shipped.published,
            last_reviewed=shipped.last_reviewed,
            next_review_due=shipped.next_review_due,
        )
        created.append(shipped.slug)
    return created, kept
