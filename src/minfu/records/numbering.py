"""Readable case numbers: `<AGENCY CODE>-<ROC compact date>-<sequence>`, e.g.
`KL-1140305-0017` for the 17th application the agency KL received on 114/03/05.

The sequence has at least four digits (more on a day with more than 9999 cases). Agency
codes may contain hyphens (see minfu.org.services.CODE_PATTERN); the date and sequence
are read from the right, so they never clash. Pure: the sequence itself is allocated in
`services.py`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from minfu.core.roc import ROC_OFFSET

SEQUENCE_WIDTH = 4
_PATTERN = re.compile(r"^(?P<code>[A-Z0-9][A-Z0-9-]*)-(?P<date>\d{7})-(?P<sequence>\d{4,})$")


class CaseNumberError(ValueError):
    """Text that is not a case number."""


@dataclass(frozen=True, order=True)
class CaseNumber:
    agency_code: str
    day: dt.date
    sequence: int

    def __str__(self) -> str:
        return format_case_number(self.agency_code, self.day, self.sequence)


def format_case_number(agency_code: str, day: dt.date, sequence: int) -> str:
    if sequence < 1:
        raise CaseNumberError("the sequence starts at 1")
    roc_year = day.year - ROC_OFFSET
    if not 1 <= roc_year <= 999:
        raise CaseNumberError("case numbers cover ROC years 1 to 999")
    code = agency_code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", code):
        raise CaseNumberError(f"{agency_code!r} is not an agency code")
    return f"{code}-{roc_year:03d}{day.month:02d}{day.day:02d}-{sequence:0{SEQUENCE_WIDTH}d}"


def normalise_case_number(text: str) -> str:
    """What a person typed, as stored: full-width forms folded, spaces dropped, upper case."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(folded.split()).upper().replace("\u2212", "-")


def parse_case_number(text: str) -> CaseNumber:
    match = _PATTERN.match(normalise_case_number(text))
    if match is None:
        raise CaseNumberError(f"{text!r} is not a case number")
    digits = match["date"]
    try:
        day = dt.date(int(digits[:3]) + ROC_OFFSET, int(digits[3:5]), int(digits[5:]))
    except ValueError:
        raise CaseNumberError(f"{text!r} names no real day") from None
    sequence = int(match["sequence"])
    if sequence < 1:
        raise CaseNumberError("the sequence starts at 1")
    return CaseNumber(match["code"], day, sequence)
