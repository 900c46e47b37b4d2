"""Readable record numbers: `<AGENCY CODE>-<KIND LETTER><ROC compact date>-<sequence>`.

`KL-1140305-0017` is the 17th application the agency KL received on 114/03/05
(applications came first and have no letter); `KL-P1140305-0007` is its 7th petition of
that day. Each record kind declares its letter (records.kinds). Petitions numbered before
the kernel carry no agency code (`P1140305-0007`); they are still read.

The sequence has at least four digits (more on a day with more than 9999 records). Agency
codes may contain hyphens (see minfu.org.services.CODE_PATTERN); the letter, date and
sequence are read from the right, so they never clash. Pure: the sequence itself is
allocated by `records.services.number_allocate`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from minfu.core.roc import ROC_OFFSET

SEQUENCE_WIDTH = 4
_AGENCY = r"[A-Z0-9][A-Z0-9-]*"
_PATTERN = re.compile(rf"^(?:(?P<code>{_AGENCY})-)?(?P<prefix>[A-Z]?)(?P<date>\d{{7}})"
                      rf"-(?P<sequence>\d{{4,}})$")


class RecordNumberError(ValueError):
    """Text that is not a record number."""


@dataclass(frozen=True, order=True)
class RecordNumber:
    agency_code: str  # "" only in petition numbers from before the kernel
    day: dt.date
    sequence: int
    prefix: str = ""

    def __str__(self) -> str:
        if not self.agency_code:
            return _tail(self.prefix, self.day, self.sequence)
        return format_record_number(self.agency_code, self.day, self.sequence,
                                    prefix=self.prefix)


def format_record_number(agency_code: str, day: dt.date, sequence: int, *,
                         prefix: str = "") -> str:
    code = agency_code.strip().upper()
    if not re.fullmatch(_AGENCY, code):
        raise RecordNumberError(f"{agency_code!r} is not an agency code")
    return f"{code}-{_tail(prefix, day, sequence)}"


def _tail(prefix: str, day: dt.date, sequence: int) -> str:
    if sequence < 1:
        raise RecordNumberError("the sequence starts at 1")
    if not re.fullmatch(r"[A-Z]?", prefix):
        raise RecordNumberError(f"{prefix!r} is not a kind letter")
    roc_year = day.year - ROC_OFFSET
    if not 1 <= roc_year <= 999:
        raise RecordNumberError("record numbers cover ROC years 1 to 999")
    return f"{prefix}{roc_year:03d}{day.month:02d}{day.day:02d}-{sequence:0{SEQUENCE_WIDTH}d}"


def normalise_record_number(text: str) -> str:
    """What a person typed, as stored: full-width forms folded, spaces dropped, upper case."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(folded.split()).upper().replace("\u2212", "-")


def parse_record_number(text: str) -> RecordNumber:
    match = _PATTERN.match(normalise_record_number(text))
    if match is None:
        raise RecordNumberError(f"{text!r} is not a record number")
    code, prefix = match["code"] or "", match["prefix"]
    if not code and not prefix:
        raise RecordNumberError(f"{text!r} names no agency")
    digits = match["date"]
    try:
        day = dt.date(int(digits[:3]) + ROC_OFFSET, int(digits[3:5]), int(digits[5:]))
    except ValueError:
        raise RecordNumberError(f"{text!r} names no real day") from None
    sequence = int(match["sequence"])
    if sequence < 1:
        raise RecordNumberError("the sequence starts at 1")
    return RecordNumber(code, day, sequence, prefix)
