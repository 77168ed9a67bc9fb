"""The header's link to the same page in the other language, and hreflang alternates."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in the language itself: "Español", "English"
    url: str


@register.simple_tag(takes_context=True)
def other_languages(context) -> list[LanguageLink]:
    """This page's address in every other language (the same page, not the home page)."""
    path = context["request"].path
    current = translation.get_language()
    return [
        LanguageLink(code, name, translate_url(path, code))
        for code, name in settings.LANGUAGES
        if code != current
    ]


@register.simple_tag(takes_context=True)
def alternate_links(context, languages=None) -> list[tuple[str, str]]:
    """
    (hreflang, absolute address) for this page in each of `languages` (by default every
    language), plus x-default, the English page, for readers of any other language. None
    for a page in only one language: alternates would point at the page itself.
    """
    path = context["request"].path
    codes = list(languages) if languages is not None else [code for code, _ in settings.LANGUAGES]
    if len(codes) < 2:
        return []
    links = [(code, settings.SITE_URL + translate_url(path, code)) for code in codes]
    return [*links, ("x-default", settings.SITE_URL + translate_url(path, settings.LANGUAGE_CODE))]
