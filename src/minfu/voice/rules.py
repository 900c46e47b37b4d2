"""Pure rules of petitions: routing, duplicates, satisfaction, masking of published
replies, and the statistics. No ORM: services and selectors pass plain values."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from minfu.core.masking import mask_email, mask_id, mask_name, mask_phone

# Ratings 4 and 5 count as satisfied (the same share the surveys report).
SATISFIED_FROM = 4
# Text at least this similar (difflib ratio, 0..1) marks a likely duplicate.
SIMILAR_TEXT = 0.6
# Only this many characters are compared: the ratio is quadratic in the worst case.
COMPARED_CHARS = 600


@dataclass(frozen=True)
class Route:
    """A routing rule as plain values."""

    rule_id: int
    unit_id: int
    priority: int
    category_id: int | None
    keywords: tuple[str, ...]


def route(routes: Iterable[Route], *, category_id: int | None, text: str) -> Route | None:
    """The rule that receives a petition: the lowest priority (then the lowest id) among
    those whose category is the petition's or unset and whose keywords are unset or one
    occurs in the text (case-insensitive). A rule with neither condition matches all."""
    folded = normalise_text(text)
    matching = [
        candidate for candidate in routes
        if (candidate.category_id is None or candidate.category_id == category_id)
        and (not candidate.keywords
             or any(normalise_text(word) in folded for word in candidate.keywords if word))
    ]
    return min(matching, key=lambda candidate: (candidate.priority, candidate.rule_id),
               default=None)


def normalise_text(text: str) -> str:
    """Folded for comparison: NFKC, lower case, whitespace and punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(char for char in folded
                   if not unicodedata.category(char).startswith(("Z", "P", "C")))


def folded(text: str) -> str:
    """The part of a text compared for likeness: its first COMPARED_CHARS folded
    characters. Fold each text once when comparing it with many."""
    return normalise_text(text)[:COMPARED_CHARS]


def likeness(left: str, right: str, threshold: float = SIMILAR_TEXT) -> float:
    """How alike two folded texts are (difflib ratio, 0..1) where it reaches `threshold`,
    else 0.0; the cheap upper bounds are tried before the full comparison."""
    if not left or not right:
        return 0.0
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else 0.0


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0..1, on their first COMPARED_CHARS folded characters."""
    return likeness(folded(a), folded(b), threshold=0.0)


@dataclass(frozen=True)
class Person:
    id_number: str = ""
    email: str = ""
    phone: str = ""


def same_person(a: Person, b: Person) -> bool:
    """The same national ID, e-mail address or telephone number (digits only)."""
    if a.id_number and a.id_number.upper() == b.id_number.upper():
        return True
    if a.email and a.email.strip().lower() == b.email.strip().lower():
        return True
    digits_a, digits_b = _digits(a.phone), _digits(b.phone)
    return len(digits_a) >= 6 and digits_a == digits_b


def _digits(text: str) -> str:
    return "".join(char for char in text or "" if char.isdigit())


def is_satisfied(score: int) -> bool:
    if not 1 <= score <= 5:
        raise ValueError("a score is 1 to 5")
    return score >= SATISFIED_FROM


def mask_personal_data(text: str, *, name: str = "", id_number: str = "", email: str = "",
                       phone: str = "") -> str:
    """The text with the petitioner's name, ID, e-mail and telephone masked wherever they
    occur, for publication."""
    for value, masked in ((name, mask_name(name)), (id_number, mask_id(id_number)),
                          (email, mask_email(email)), (phone, mask_phone(phone))):
        value = (value or "").strip()
        if value:
            text = text.replace(value, masked)
    return text


def on_time(replied_on: dt.date, due_on: dt.date) -> bool:
    return replied_on <= due_on


def rate(part: int, whole: int) -> float | None:
    """A percentage rounded to one decimal; None when there is nothing to divide."""
    return round(part / whole * 100, 1) if whole else None


def counts_by(values: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
