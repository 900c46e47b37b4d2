"""ROC (Minguo) dates: year = AD year - 1911. Stored dates are ISO; these convert at the
edges. Pure functions (Django is used only for lazy translation of error messages).

Reading rules, in order (see docs/dates-and-identifiers.md):
- full-width digits and punctuation count as their ASCII forms; surrounding spaces are
  ignored; an optional 民國 or 中華民國 prefix marks the year as ROC whatever its length;
- year/month/day separated by one kind of separator (/ . -) or written 年 月 日;
- a year of 1 to 3 digits is ROC, a year of 4 digits is AD (2025-03-05 is ISO);
- digits only: 7 digits are ROC YYYMMDD (1140305), 6 digits are ROC YYMMDD from the old
  two-digit-year files (990305), 8 digits are AD YYYYMMDD (20250305).
Formatters add the 民國 prefix only when the ROC year has four digits (AD 2911 and later),
so that every formatted date reads back as the same day.
"""

import datetime as dt
import enum
import re
import unicodedata

from django.utils.translation import gettext_lazy as _

ROC_OFFSET = 1911
ROC_PREFIX = "民國"
FIRST_ROC_DATE = dt.date(ROC_OFFSET + 1, 1, 1)
MAX_ROC_YEAR = dt.MAXYEAR - ROC_OFFSET

UNREADABLE_MESSAGE = _("Enter the date as year/month/day, for example 114/03/05 or 1140305.")


class RocDateError(ValueError):
    """Text that is not a date, or names a day that does not exist. `message` is lazy so
    that it is translated into the language of whoever reads it; `code` is stable."""

    def __init__(self, message, *, code: str, params: dict | None = None):
        self.message = message
        self.code = code
        self.params = params or {}
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class RocStyle(enum.Enum):
    LONG = "long"  # 114年3月5日
    PREFIXED = "prefixed"  # 民國114年3月5日
    SLASH = "slash"  # 114/03/05
    COMPACT = "compact"  # 1140305


def roc_year(day: dt.date) -> int:
    return day.year - ROC_OFFSET


def _checked_roc_year(day: dt.date) -> int:
    year = roc_year(day)
    if year < 1:
        raise RocDateError(_("Dates before 1912 have no ROC year."), code="before_roc")
    return year


def _ambiguity_prefix(year: int) -> str:
    # A bare four-digit year reads as AD, so ROC 1000+ must say it is ROC.
    return ROC_PREFIX if year >= 1000 else ""


def _roc_year(day: dt.date, digits: int = 1) -> str:
    """The ROC year of `day`, with at least `digits` digits and the prefix it needs."""
    year = _checked_roc_year(day)
    return f"{_ambiguity_prefix(year)}{year:0{digits}d}"


def format_roc_month(day: dt.date) -> str:
    """114年3月 (captions of month views and reporting periods)"""
    return f"{_roc_year(day)}年{day.month}月"


def format_roc_long(day: dt.date) -> str:
    """114年3月5日"""
    return f"{_roc_year(day)}年{day.month}月{day.day}日"


def format_roc_prefixed(day: dt.date) -> str:
    """民國114年3月5日 (as written in official documents)"""
    return f"{ROC_PREFIX}{_checked_roc_year(day)}年{day.month}月{day.day}日"


def format_roc_slash(day: dt.date) -> str:
    """114/03/05 (forms and tables)"""
    return f"{_roc_year(day, 3)}/{day.month:02d}/{day.day:02d}"


def format_roc_compact(day: dt.date) -> str:
    """1140305 (data and file names)"""
    return f"{_roc_year(day, 3)}{day.month:02d}{day.day:02d}"


def format_roc_datetime(moment: dt.datetime) -> str:
    """114/03/05 14:30. Formats the wall-clock time it is given: convert aware datetimes to
    local time first (the template filter does)."""
    return f"{format_roc_slash(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


_FORMATTERS = {
    RocStyle.LONG: format_roc_long,
    RocStyle.PREFIXED: format_roc_prefixed,
    RocStyle.SLASH: format_roc_slash,
    RocStyle.COMPACT: format_roc_compact,
}


def format_roc(day: dt.date, style: RocStyle = RocStyle.SLASH) -> str:
    return _FORMATTERS[style](day)


_PREFIX = re.compile(r"^(?:中華)?民國\s*", re.ASCII)
_WRITTEN = re.compile(r"^(\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日號]?$", re.ASCII)
_SEPARATED = re.compile(r"^(\d{1,4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})$", re.ASCII)
_DIGITS_ONLY = re.compile(r"^\d{6,8}$", re.ASCII)


def from_roc(year: int, month: int, day: int) -> dt.date:
    """The AD date of ROC year/month/day, refusing days that do not exist."""
    if year < 1:
        raise RocDateError(_("The ROC year must be 1 or later."), code="invalid_year")
    if year > MAX_ROC_YEAR:
        raise RocDateError(_("The year is out of range."), code="year_out_of_range")
    return _make_date(year + ROC_OFFSET, month, day)


def _make_date(ad_year: int, month: int, day: int) -> dt.date:
    if not dt.MINYEAR <= ad_year <= dt.MAXYEAR:
        raise RocDateError(_("The year is out of range."), code="year_out_of_range")
    if not 1 <= month <= 12:
        raise RocDateError(
            _("There is no month %(month)s: the month must be 1 to 12."),
            code="invalid_month", params={"month": month},
        )
    try:
        return dt.date(ad_year, month, day)
    except ValueError:
        raise RocDateError(
            _("This date does not exist: month %(month)s has no day %(day)s in that year."),
            code="invalid_day", params={"month": month, "day": day},
        ) from None


def _split_digits(digits: str, explicit_roc: bool) -> tuple[str, str, str, bool]:
    """Year, month and day of a 6-8 digit date, and whether the year is ROC: eight digits
    without 民國 are AD YYYYMMDD, anything shorter or prefixed is ROC."""
    is_roc = explicit_roc or len(digits) < 8
    return digits[:-4], digits[-4:-2], digits[-2:], is_roc


def parse_date(text: str) -> dt.date:
    """Read a date typed in any of the ROC or ISO forms above."""
    if not isinstance(text, str):
        raise RocDateError(UNREADABLE_MESSAGE, code="invalid")
    cleaned = unicodedata.normalize("NFKC", text).strip()
    prefix = _PREFIX.match(cleaned)
    explicit_roc = prefix is not None
    if prefix:
        cleaned = cleaned[prefix.end():]

    if match := _WRITTEN.match(cleaned) or _SEPARATED.match(cleaned):
        year, month, day = match.group(1), match.groups()[-2], match.groups()[-1]
        is_roc = explicit_roc or len(year) < 4
    elif _DIGITS_ONLY.match(cleaned):
        year, month, day, is_roc = _split_digits(cleaned, explicit_roc)
    else:
        raise RocDateError(UNREADABLE_MESSAGE, code="invalid")

    if is_roc:
        return from_roc(int(year), int(month), int(day))
    return _make_date(int(year), int(month), int(day))
