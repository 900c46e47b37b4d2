"""The text rules of the search, with no ORM: how text is normalised, cut into index
tokens, how a query becomes terms, and how matches are highlighted in a snippet.

Normalising (`normalise`) folds what a reader takes for the same text onto one form:
NFKC (full-width ＡＢＣ１２３ and half-width forms, compatibility ideographs), case
folding, and a character-by-character Traditional/variant → Simplified fold through
OpenCC's `t2s` table, so that 臺/台, 裡/裏/里, 峯/峰 and 報關/报关 meet. Folding keeps one
character for one character, so a match in the folded text is a match at the same place
in the text as written (highlighting needs that).

Index tokens (`index_tokens`): every CJK character and every pair of neighbouring CJK
characters (unigrams and bigrams), and every run of letters and digits as a word. A query's
CJK runs of three or more characters are cut into words by jieba (台中停車 → 台, 中, 停車);
a word of one character needs its unigram, of two or more all of its bigrams; a Latin word
matches words it begins (`pass` finds `passport`), a number matches exactly.
Years are written both ways: 112年 (ROC) also gives the token 2023, and 2023 gives 112.
See docs/adr/0011-chinese-search.md."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_CHARS = 100
MAX_TERMS = 10

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{_CJK}]")
# After normalising: a run of CJK characters, or a run of other letters and digits.
_RUN = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")

ROC_OFFSET = 1911
_AD_YEARS = range(1912, 2100)
_ROC_YEARS = range(1, 189)
_YEAR = "年"          # the same after folding
_ROC = "民国"         # 民國 after folding


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _segmenter():
    """jieba's tokenizer with its default dictionary, which is in simplified characters:
    the text it cuts is already folded to them. Loaded on first use (about a second)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def words_of(run: str) -> list[str]:
    """A run of three or more CJK characters of a query cut into words (台中停车 →
    台, 中, 停车), so that each word, not the whole run, must occur in a document; a run
    of one or two characters is one word."""
    if len(run) < 3:
        return [run]
    return [word for word in _segmenter().cut(run, HMM=False) if word.strip()]


class _FoldTable(dict):
    """str.translate table filled on first use: a CJK character maps to its t2s form when
    that is one character, repeated to a fixed point (so folding is idempotent) and kept
    only when NFKC and case folding leave it as it is (so one pass of each suffices)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = char
        if _CJK_CHAR.match(char):
            for _round in range(4):
                converted = _converter().convert(folded)
                if len(converted) != 1 or converted == folded:
                    break
                folded = converted
            if unicodedata.normalize("NFKC", folded).casefold() != folded:
                folded = char
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def _nfkc_casefold(text: str) -> str:
    for _round in range(4):
        changed = unicodedata.normalize("NFKC", text).casefold()
        if changed == text:
            break
        text = changed
    return text


def normalise(text: str) -> str:
    """NFKC, case-folded, variant- and simplified-folded text (see the module's doc)."""
    return _nfkc_casefold(text or "").translate(_FOLD)


def compact(normalised: str) -> str:
    """The normalised text without white space: what an exact phrase is looked up in."""
    return _SPACE.sub("", normalised)


def _year_aliases(normalised: str, match: re.Match) -> list[str]:
    digits = match.group()
    number = int(digits)
    if len(digits) == 4 and number in _AD_YEARS:
        return [str(number - ROC_OFFSET)]
    if len(digits) <= 3 and number in _ROC_YEARS and not digits.startswith("0"):
        after = normalised[match.end():match.end() + 1]
        before = normalised[max(0, match.start() - 2):match.start()]
        if after == _YEAR or before == _ROC:
            return [str(number + ROC_OFFSET)]
    return []


def index_tokens(text: str) -> list[str]:
    """The distinct tokens of a text (normalised here), in order of first appearance."""
    return tokens_of_normalised(normalise(text))


def tokens_of_normalised(normalised: str) -> list[str]:
    tokens: dict[str, None] = {}
    for match in _RUN.finditer(normalised):
        cjk, word = match.groups()
        if cjk:
            tokens.update(dict.fromkeys(cjk))
            tokens.update(dict.fromkeys(map(str.__add__, cjk, cjk[1:])))
        else:
            tokens[word] = None
            if word.isdigit():
                tokens.update(dict.fromkeys(_year_aliases(normalised, match)))
    return list(tokens)


# Ranking tokens: what lets the PostgreSQL search rank a bounded set of candidates
# (selectors.bounded_top). A text that contains a string (a term or the phrase, looked up
# with StrIndex in the normalised, space-free titles and texts) holds every one of
# `needle_tokens(string)` among its `substring_tokens`: the unigrams and bigrams of every
# run, and every suffix of a run of letters and digits (a word inside a word, `pass` in
# `epassport`, is a prefix of a suffix). A word of up to SHORT_WORD characters is its own
# token, looked up exactly: as a prefix, `1` or `e` would expand to thousands of index
# keys. An entry keeps those of its titles marked TITLE_MARK, those of its
# texts missing from its index tokens (across a space, inside a word) marked TEXT_MARK, and
# its index tokens missing from its texts (from a title or the number only) marked
# NOT_IN_TEXT_MARK. No query token starts with a mark, so matching is unchanged.
TITLE_MARK, TEXT_MARK, NOT_IN_TEXT_MARK = "^", "~", "!"
SHORT_WORD = 2


def substring_tokens(compacted: str) -> set[str]:
    """The tokens of a normalised, space-free text (see the comment above)."""
    tokens: set[str] = set()
    for match in _RUN.finditer(compacted):
        run = match.group()
        tokens.update(run)
        tokens.update(map(str.__add__, run, run[1:]))
        if not match.group(1):
            tokens.update(run[i:] for i in range(len(run)))
    return tokens


def needle_tokens(needle: str) -> list[tuple[str, bool]]:
    """(token, prefix) pairs a text's substring_tokens hold when it contains `needle` (a
    normalised string without spaces)."""
    found: dict[tuple[str, bool], None] = {}
    for match in _RUN.finditer(needle):
        cjk, word = match.groups()
        if cjk:
            found.update(dict.fromkeys((token, False) for token in Term(cjk, True).tokens))
        else:
            found[(word, len(word) > SHORT_WORD)] = None
    return list(found)


def ranking_tokens(title_text: str, body_text: str, tokens: list[str]) -> list[str]:
    """The marked ranking tokens of an entry, from its space-free titles and texts and its
    index tokens."""
    plain, in_texts = set(tokens), substring_tokens(body_text)
    return sorted([TITLE_MARK + token for token in substring_tokens(title_text)]
                  + [TEXT_MARK + token for token in in_texts - plain]
                  + [NOT_IN_TEXT_MARK + token for token in plain - in_texts])


@dataclass(frozen=True)
class Term:
    """One run of the query: CJK characters, or a word."""

    text: str            # normalised
    cjk: bool

    @property
    def tokens(self) -> list[str]:
        """The index tokens a document must hold to match this term."""
        if not self.cjk:
            return [self.text]
        if len(self.text) == 1:
            return [self.text]
        return [self.text[i:i + 2] for i in range(len(self.text) - 1)]

    @property
    def prefix(self) -> bool:
        """A Latin word matches the words it begins; numbers and CJK match exactly."""
        return not self.cjk and not self.text.isdigit()


@dataclass(frozen=True)
class Query:
    raw: str             # as typed, trimmed and cut to MAX_QUERY_CHARS
    normalised: str
    terms: tuple[Term, ...]

    @property
    def phrase(self) -> str:
        """The whole query without white space: an exact phrase in a title or body."""
        return compact(self.normalised)

    @property
    def required(self) -> list[tuple[str, bool]]:
        """(token, prefix) pairs a document must all hold."""
        seen: dict[tuple[str, bool], None] = {}
        for term in self.terms:
            for token in term.tokens:
                seen[(token, term.prefix)] = None
        return list(seen)

    def __bool__(self) -> bool:
        return bool(self.terms)


def clean(raw: str) -> str:
    """What the user typed, without control characters, trimmed and cut."""
    text = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in raw or "")
    return _SPACE.sub(" ", text).strip()[:MAX_QUERY_CHARS]


def parse(raw: str) -> Query:
    text = clean(raw)
    normalised = _SPACE.sub(" ", normalise(text)).strip()
    terms: list[Term] = []
    for match in _RUN.finditer(normalised):
        cjk, word = match.groups()
        for part in words_of(cjk) if cjk else [word]:
            term = Term(part, bool(cjk))
            if term not in terms and len(terms) < MAX_TERMS:
                terms.append(term)
    return Query(text, normalised, tuple(terms))


# Highlighting ----------------------------------------------------------------------------

def _aligned(text: str) -> tuple[str, list[int]]:
    """The normalised text character by character, with the index in `text` of each
    normalised character (NFKC may turn one character into several)."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        folded = normalise(char)
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


_LATIN_CHAR = re.compile(f"[^\\W_{_CJK}]")


def _found_as_matched(folded: str, start: int, end: int, term: Term) -> bool:
    """Whether the term stands at folded[start:end] as the index matches it: Chinese
    anywhere, a Latin word where a word begins with it, a number where it stands whole."""
    if term.cjk:
        return True
    if start and _LATIN_CHAR.match(folded[start - 1]):
        return False
    return term.prefix or end == len(folded) or not _LATIN_CHAR.match(folded[end])


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query's terms occur in `text` (as written), merged, in order."""
    if not text or not query:
        return []
    folded, origin = _aligned(text)
    spans: list[tuple[int, int]] = []
    terms = {term.text: term for term in query.terms}.values()
    for term in sorted(terms, key=lambda term: len(term.text), reverse=True):
        start = folded.find(term.text)
        while start != -1:
            end = start + len(term.text)
            if _found_as_matched(folded, start, end, term):
                spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(term.text, end if term.cjk else start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    parts, position = [], 0
    for start, end in spans:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if end <= start or start < position:
            continue
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def highlight(text: str, query: Query) -> SafeString:
    """`text` escaped, with every match of the query's terms in <mark>."""
    return mark_safe(_marked(text, match_spans(text, query)))  # noqa: S308 (escaped above)


def snippet(text: str, query: Query, *, width: int = 120) -> SafeString:
    """About `width` characters of `text` around its first match (or its beginning),
    escaped, matches in <mark>, with an ellipsis where it was cut."""
    return matched_snippet(text, query, width=width)[0]


def matched_snippet(text: str, query: Query, *, width: int = 120) -> tuple[SafeString, bool]:
    """The snippet of `text` and whether the query matches it (found once for both)."""
    text = _SPACE.sub(" ", text or "").strip()
    spans = match_spans(text, query)
    if len(text) <= width:
        return mark_safe(_marked(text, spans)), bool(spans)  # noqa: S308 (escaped in _marked)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = start + width
    inside = [(s, e) for s, e in spans if s >= start and e <= end]
    cut = ("…" if start else "") + _marked(text[start:end], inside, offset=start) + (
        "…" if end < len(text) else "")
    return mark_safe(cut), bool(spans)  # noqa: S308 (escaped in _marked)


# The query log keeps no personal data ------------------------------------------------

_PERSONAL = [
    re.compile(r"[A-Za-z][A-Da-d1289]\d{8}"),                       # national ID, ARC
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),                      # e-mail
    re.compile(r"(\+|\(0|\b0)[\d\s()\-]{6,}\d"),                  # telephone numbers
    re.compile(r"\d[\d\-]{5,}\d"),                                  # 7+ digits: card, IDs
]


def without_personal_data(text: str) -> str:
    """The query as logged: ID numbers, e-mail addresses and digit sequences of seven or
    more digits (telephone numbers, card and account numbers) taken out."""
    text = unicodedata.normalize("NFKC", text or "")
    for pattern in _PERSONAL:
        text = pattern.sub(" ", text)
    return _SPACE.sub(" ", text).strip()
