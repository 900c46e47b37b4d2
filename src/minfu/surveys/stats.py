"""Pure statistics of the analysis pages (no ORM): the satisfaction share with a Wilson
interval, the mean with a t interval, ROC quarters, and the most frequent terms of
free-text answers (Chinese without an external tokeniser: character bigrams)."""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Z_95 = 1.959963984540054

# Two-sided 95% critical values of Student's t for 1..30 degrees of freedom; beyond 30
# the normal value is within 2% and is used.
_T_95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
         2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
         2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float
    n: int


def t_critical_95(degrees_of_freedom: int) -> float:
    if degrees_of_freedom < 1:
        raise ValueError("needs at least one degree of freedom")
    if degrees_of_freedom <= len(_T_95):
        return _T_95[degrees_of_freedom - 1]
    return Z_95


def wilson_interval(successes: int, n: int, z: float = Z_95) -> Interval | None:
    """The share successes/n with its Wilson score interval (good also near 0 and 1 and
    for small n); None when n is 0."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("successes must be between 0 and n")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # The clamps absorb rounding at p = 0 and p = 1, where a bound equals p exactly.
    return Interval(p, min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half)), n)


def mean_interval(values: Sequence[float]) -> Interval | None:
    """The mean with a 95% t interval; a single value gives a zero-width interval."""
    n = len(values)
    if n == 0:
        return None
    mean = statistics.fmean(values)
    if n == 1:
        return Interval(mean, mean, mean, 1)
    half = t_critical_95(n - 1) * statistics.stdev(values) / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, n)


def satisfaction(values: Iterable[int]) -> tuple[Interval | None, Interval | None]:
    """(share answering 4 or 5, mean) of scale answers."""
    values = [v for v in values if v is not None]
    share = wilson_interval(sum(1 for v in values if v >= 4), len(values))
    return share, mean_interval(values)


# ----- ROC quarters ------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Quarter:
    year: int      # AD year
    number: int    # 1..4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        following = self.next()
        return following.first_day - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    @property
    def label(self) -> str:
        """114年第3季"""
        return f"{self.year - 1911}年第{self.number}季"


def quarters_between(start: dt.date, end: dt.date) -> list[Quarter]:
    quarters, quarter = [], Quarter.of(start)
    while quarter <= Quarter.of(end):
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


# ----- frequent terms -----------------------------------------------------------------------

STOP_WORDS = frozenset({
    # function words and fillers that say nothing about the service
    "的", "了", "是", "我", "你", "他", "們", "在", "有", "和", "與", "也", "都", "很", "就",
    "還", "要", "會", "可", "以", "及", "或", "而", "但", "這", "那", "之", "其", "對", "於",
    "我們", "你們", "他們", "非常", "可以", "沒有", "一個", "這個", "那個", "因為", "所以",
    "但是", "如果", "還是", "就是", "以及", "而且", "覺得", "感覺", "謝謝", "一下", "有點",
    "the", "a", "an", "and", "or", "but", "is", "are", "was", "were", "to", "of", "in",
    "on", "for", "it", "this", "that", "with", "be", "very", "i", "we", "you", "my",
})

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PSZ"


_SINGLE_STOPS = frozenset(word for word in STOP_WORDS if len(word) == 1 and _CJK.match(word))
_MULTI_STOPS = sorted((word for word in STOP_WORDS if len(word) > 1 and _CJK.match(word)),
                      key=len, reverse=True)


def _segments(run: str) -> list[str]:
    """A run of Chinese characters cut at stop words (which are dropped)."""
    for word in _MULTI_STOPS:
        run = run.replace(word, " ")
    return "".join(" " if char in _SINGLE_STOPS else char for char in run).split()


def terms_of(text: str) -> list[str]:
    """The terms of one text: character bigrams of each stretch of Chinese characters
    between stop words and punctuation (a lone character when the stretch has one), and
    lower-case words of Latin text without stop words."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    terms = []
    for run in _CJK.findall(text):
        for segment in _segments(run):
            if len(segment) == 1:
                terms.append(segment)
            else:
                terms.extend(segment[i:i + 2] for i in range(len(segment) - 1))
    cleaned = "".join(" " if _is_punctuation(char) else char for char in text)
    terms.extend(w for w in _LATIN.findall(cleaned) if w not in STOP_WORDS and len(w) > 1)
    return terms


def top_terms(texts: Iterable[str], limit: int = 20) -> list[tuple[str, int]]:
    """The most frequent terms over texts, each counted once per text."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(terms_of(text)))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
