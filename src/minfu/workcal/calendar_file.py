"""Read the official office calendar file (政府行政機關辦公日曆表, data.gov.tw dataset 14718)
and compare it with what is stored. Pure: no ORM; the service writes what this returns.

The file is read defensively, because the published files vary:

- encoding: UTF-8 with or without a byte-order mark, else cp950 (Big5);
- header `西元日期,星期,是否放假,備註`; the "Google calendar" variant published beside it
  (`Subject,Start Date,...`) is recognised and refused with a pointer to the standard file;
- dates as `YYYYMMDD` (also `YYYY/M/D` and `YYYY-MM-DD`, as older files wrote them);
- the weekday column must match the date; 是否放假 must be 0 (working day) or 2 (day off);
- no date twice, and every day of every year in the file present.

Every problem found is reported at once, so one correction round is enough."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

HEADER = ("西元日期", "星期", "是否放假", "備註")
WEEKDAYS = "一二三四五六日"  # Monday first, as date.weekday() counts
DAY_OFF_VALUES = {"0": False, "2": True}
MAX_LISTED_PROBLEMS = 30

_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SEPARATED_DATE = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$")


@dataclass(frozen=True)
class OfficialDay:
    day: dt.date
    is_day_off: bool
    note: str


@dataclass(frozen=True)
class CalendarFile:
    days: tuple[OfficialDay, ...]
    years: tuple[int, ...]
    encoding: str


@dataclass(frozen=True)
class DayChange:
    """A day whose status or note differs between the stored calendar and a file."""

    day: dt.date
    was_day_off: bool
    is_day_off: bool
    old_note: str
    new_note: str

    @property
    def status_changed(self) -> bool:
        return self.was_day_off != self.is_day_off

    def as_dict(self) -> dict:
        return {"date": self.day.isoformat(), "was_day_off": self.was_day_off,
                "is_day_off": self.is_day_off, "old_note": self.old_note,
                "new_note": self.new_note}


class CalendarFileError(ValueError):
    """The file cannot be imported; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def decode(content: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (with or without BOM) first, then cp950."""
    if content.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", content)]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", content)]
    else:
        candidates = [("utf-8", content), ("cp950", content)]
    for encoding, raw in candidates:
        try:
            return raw.decode(encoding).lstrip("\ufeff"), encoding
        except UnicodeDecodeError:
            continue
    raise CalendarFileError([_("The file is neither UTF-8 nor Big5 (cp950) text.")])


# The longest cell a calendar file may have (its remarks are a line of text).
MAX_CELL = 2000


def parse(content: bytes) -> CalendarFile:
    """The days of an official calendar file, or CalendarFileError with every problem."""
    text, encoding = decode(content)
    try:
        rows = [(number, [cell.strip().lstrip("\ufeff") for cell in row])
                for number, row in enumerate(csv.reader(text.splitlines()), start=1)
                if any(cell.strip() for cell in row)]
    except csv.Error as error:  # e.g. NUL bytes: not a CSV file at all
        raise CalendarFileError([_("The file is not a CSV file (%(reason)s).")
                                 % {"reason": error}]) from error
    # The csv module's own limit on a cell is process-wide and libraries raise it; a
    # calendar's cells are short, so a long one means this is no calendar file.
    longest = max((len(cell) for _number, row in rows for cell in row), default=0)
    if longest > MAX_CELL:
        raise CalendarFileError([_("The file is not a CSV file (%(reason)s).") % {
            "reason": _("a cell of %(count)d characters") % {"count": longest}}])
    if not rows:
        raise CalendarFileError([_("The file is empty.")])
    _check_header(rows[0][1])
    problems: list[str] = []
    days: dict[dt.date, OfficialDay] = {}
    duplicates: list[dt.date] = []
    for number, cells in rows[1:]:
        official = _parse_row(number, cells, problems)
        if official is None:
            continue
        if official.day in days:
            duplicates.append(official.day)
        days[official.day] = official
    if not days and not problems:
        problems.append(_("The file has a header but no days."))
    if duplicates:
        problems.append(_("Dates given more than once: %(dates)s.")
                        % {"dates": ", ".join(sorted({d.isoformat() for d in duplicates}))})
    years = tuple(sorted({day.year for day in days}))
    problems.extend(_missing_days(years, days))
    if problems:
        if len(problems) > MAX_LISTED_PROBLEMS:
            hidden = len(problems) - MAX_LISTED_PROBLEMS
            problems = problems[:MAX_LISTED_PROBLEMS] + [
                _("… and %(count)d more problems.") % {"count": hidden}]
        raise CalendarFileError(problems)
    return CalendarFile(tuple(days[day] for day in sorted(days)), years, encoding)


def _check_header(cells: list[str]) -> None:
    lowered = [cell.lower() for cell in cells]
    if "subject" in lowered and "start date" in lowered:
        raise CalendarFileError([_(
            "This is the Google Calendar variant of the office calendar (header "
            "“Subject, Start Date, …”), which lists only holidays. Import the standard "
            "file instead: its header is 西元日期,星期,是否放假,備註.")])
    trimmed = cells[:4] if len(cells) > 4 and not any(cells[4:]) else cells
    if tuple(trimmed) not in (HEADER, HEADER[:3]):
        raise CalendarFileError([_(
            "The first line must be the header 西元日期,星期,是否放假,備註; this file starts "
            "with: %(header)s") % {"header": ",".join(cells)[:200]}])


def _parse_date(value: str) -> dt.date | None:
    match = _COMPACT_DATE.match(value) or _SEPARATED_DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _weekday_label(value: str) -> str:
    for prefix in ("星期", "週", "周"):
        if value.startswith(prefix):
            value = value[len(prefix):]
    return "日" if value == "天" else value


def _parse_row(number: int, cells: list[str], problems: list[str]) -> OfficialDay | None:
    if len(cells) > 4 and any(cells[4:]):
        problems.append(_("Line %(line)d has more than four columns.") % {"line": number})
        return None
    if len(cells) < 3:
        problems.append(_("Line %(line)d has fewer than three columns.") % {"line": number})
        return None
    raw_date, raw_weekday, raw_day_off = cells[:3]
    note = cells[3] if len(cells) > 3 else ""
    day = _parse_date(raw_date)
    if day is None:
        problems.append(_("Line %(line)d: “%(value)s” is not a date (expected YYYYMMDD).")
                        % {"line": number, "value": raw_date[:20]})
        return None
    if raw_day_off not in DAY_OFF_VALUES:
        problems.append(_("Line %(line)d (%(date)s): 是否放假 must be 0 or 2, not “%(value)s”.")
                        % {"line": number, "date": day.isoformat(), "value": raw_day_off[:20]})
        return None
    expected = WEEKDAYS[day.weekday()]
    if _weekday_label(raw_weekday) != expected:
        problems.append(_("Line %(line)d: %(date)s is a 星期%(expected)s, but the file says "
                          "“%(value)s”.")
                        % {"line": number, "date": day.isoformat(), "expected": expected,
                           "value": raw_weekday[:20]})
        return None
    return OfficialDay(day, DAY_OFF_VALUES[raw_day_off], note)


def _missing_days(years: Iterable[int], days: Mapping[dt.date, OfficialDay]) -> list[str]:
    problems = []
    for year in years:
        day, missing = dt.date(year, 1, 1), []
        while day.year == year:
            if day not in days:
                missing.append(day)
            day += dt.timedelta(days=1)
        if missing:
            problems.append(_("%(year)d: missing %(count)d days: %(days)s.")
                            % {"year": year, "count": len(missing), "days": describe_runs(missing)})
    return problems


def describe_runs(days: list[dt.date]) -> str:
    """Sorted dates as a compact list: consecutive runs become first..last."""
    runs: list[list[dt.date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(run[0].isoformat() if len(run) == 1
                     else f"{run[0].isoformat()}..{run[-1].isoformat()}" for run in runs)


def diff(stored: Mapping[dt.date, tuple[bool, str]],
         incoming: Iterable[OfficialDay]) -> list[DayChange]:
    """Days that `stored` ((is_day_off, note) by date) already has and `incoming` changes.
    Days not stored yet are new, not changes."""
    changes = []
    for official in incoming:
        before = stored.get(official.day)
        if before is None:
            continue
        was_day_off, old_note = before
        if was_day_off != official.is_day_off or old_note != official.note:
            changes.append(DayChange(official.day, was_day_off, official.is_day_off,
                                     old_note, official.note))
    return changes
