"""Article text: Markdown (CommonMark with tables and strike-through, via markdown-it-py)
rendered to HTML, then cleaned by an allow-list (nh3, the Rust `ammonia` sanitiser): raw
HTML in the source is not rendered, and whatever the renderer produces keeps only the
tags, attributes and link schemes below. Pure: no ORM, no request."""

from __future__ import annotations

import html
import re
from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SPACES = re.compile(r"\s+")


@cache
def _renderer() -> MarkdownIt:
    # Headings start at level 2 on the page: the article's title is the only h1.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}) \
        .enable(["table", "strikethrough"])


def clean(fragment: str) -> str:
    """HTML limited to the allow-list (scripts, styles, event handlers and javascript:
    links go; their text stays as text where it is text)."""
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer",
                     strip_comments=True)


def render(source: str) -> SafeString:
    """Safe HTML for `source` (Markdown), marked safe for templates because it was cleaned.
    A level-1 heading becomes a level-2 one (the page's title is the only h1)."""
    rendered = _renderer().render(source or "")
    rendered = rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return mark_safe(clean(rendered))  # noqa: S308 - cleaned by the allow-list just above


def plain_text(source: str) -> str:
    """The words of `source` without markup, on one line: quotes, snippets, the index."""
    text = nh3.clean(_renderer().render(source or ""), tags=set())
    return _SPACES.sub(" ", html.unescape(text)).strip()
