"""How an index entry is shown as a result: its title and a snippet with the matches
marked, the label of its source and the path of its page in the current language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import get_language

from minfu.core.models import HTML_LANG
from minfu.search import text
from minfu.search.models import Entry
from minfu.search.sources import sources


@dataclass(frozen=True)
class Hit:
    entry: Entry
    title: SafeString          # escaped, matches in <mark>
    snippet: SafeString        # escaped, matches in <mark>
    source_label: str
    path: str                  # the page in the current language
    snippet_lang: str = ""     # the snippet's `lang` when not the page's

    @property
    def source(self) -> str:
        return self.entry.source

    @property
    def key(self) -> str:
        return self.entry.key


def localised_path(path: str) -> str:
    """English pages live under /en/ (the index keeps the Chinese page's path)."""
    if path.startswith("/") and (get_language() or "").lower().startswith("en"):
        return f"/en{path}"
    return path


def source_label(code: str) -> str:
    source = sources().get(code)
    return str(source.label) if source is not None else code


def hit(entry: Entry, query: text.Query) -> Hit:
    title = entry.title
    if entry.number and entry.number not in title:
        title = f"{entry.number} {title}"
    snippet, language = _snippet(entry, query, title)
    return Hit(entry=entry, title=text.highlight(title, query), snippet=snippet,
               source_label=source_label(entry.source), path=localised_path(entry.path),
               snippet_lang=HTML_LANG.get(language, ""))


def _snippet(entry: Entry, query: text.Query, title: str) -> tuple[SafeString, str]:
    """The snippet of the page language's text, unless the query matches neither it nor
    the title shown but the other language's text or title: then of that one, which shows
    why the entry was found, with that language's code."""
    own, matched = text.matched_snippet(entry.body, query)
    if matched or text.match_spans(title, query):
        return own, ""
    for other, language in ((entry.body_zh, "zh-hant"), (entry.title_zh, "zh-hant"),
                            (entry.body_en, "en"), (entry.title_en, "en")):
        if other not in (entry.body, entry.title):
            cut, matched = text.matched_snippet(other, query)
            if matched:
                return cut, language
    return own, ""


def hits(entries, query: text.Query) -> list[Hit]:
    return [hit(entry, query) for entry in entries]
