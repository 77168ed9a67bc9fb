"""
Markdown from the admin, turned into HTML that is safe to show on the public site.

Every heading gets an id, so other pages can link to a section. A heading may name its own
id (`## Who should not have ketamine {#who-should-not-have-ketamine}`): the shipped pages
do, with the same id in every language, so a link such as /es/ketamine-infusions/#risks
reaches the same section in Spanish. Headings without one get an id made from their text.

Staff write Markdown; Markdown lets raw HTML through, so the result is cleaned with nh3
against an explicit allow-list. Anything not listed (scripts, event handlers, styles,
iframes, javascript: links) is dropped, whoever typed it.
"""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "abbr": {"title"},
    "th": {"scope"},
    "td": set(),
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto", "tel"}


def render_markdown(text: str) -> str:
    html = markdown.markdown(
        text, extensions=["sane_lists", "tables", "attr_list", "toc"], output_format="html"
    )
    # The page title is the only level-one heading; a "# Heading" in the body becomes level two.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
