"""
The sources a page cites, as the page shows them: one citation style (AMA-like: authors,
title, journal, year;volume(issue):pages) with links to the DOI and PubMed, and the same
sources as schema.org data for the page's JSON-LD `citation`.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CitedSource:
    kind: str
    authors: str
    title: str
    container: str
    year: int
    published_on: date | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    accessed_on: date | None = None

    @classmethod
    def of(cls, reference) -> "CitedSource":
        return cls(**{name: getattr(reference, name) for name in cls.__dataclass_fields__})

    @property
    def is_article(self) -> bool:
        return self.kind == "article"

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    @property
    def location(self) -> str:
        """Where in the journal: 2021;44(12):1365-1374, or 2013;(4):CD009416 with no volume."""
        where = str(self.year)
        if self.volume:
            where += f";{self.volume}"
            if self.issue:
                where += f"({self.issue})"
        elif self.issue:
            where += f";({self.issue})"
        if self.pages:
            where += f":{self.pages}"
        return where

    def schema(self) -> dict:
        data: dict[str, object] = {
            "@type": "ScholarlyArticle" if self.is_article else "WebPage",
            "name": self.title,
            "author": self.authors,
            "datePublished": (
                self.published_on.isoformat() if self.published_on else str(self.year)
            ),
            "url": self.doi_url or self.url or self.pubmed_url,
        }
        if self.is_article:
            data["isPartOf"] = {"@type": "Periodical", "name": self.container}
        else:
            data["publisher"] = {"@type": "Organization", "name": self.container}
        identifiers = [
            {"@type": "PropertyValue", "propertyID": name, "value": value}
            for name, value in (("DOI", self.doi), ("PMID", self.pmid))
            if value
        ]
        if identifiers:
            data["identifier"] = identifiers
        return {key: value for key, value in data.items() if value}
