"""Deadlines of plan actions: the phrases agencies write, what they mean, and the days
they fall due. Pure: no ORM.

An action's deadline is written as the agency writes it and printed that way
(`Deadline.wording`); Minfu also reads what it means, to remind and to flag what is
late. The kinds (DOMAIN.md):

- a date: 114年6月30日, 114/6/30, 2025-06-30, 一一四年六月三十日前, 6月30日前 (of the
  plan year);
- a month: 114年12月, 114年12月底前, 114年底前, 114年第2季, 114年上半年 (due by the last
  day of that month);
- a range: 114年3月1日至6月30日, 114/3/1-114/6/30, 3月至6月 (due by its last day);
- recurring: 每月, 每月10日前, 每季, 每3個月, 每三個月, 每半年, 每年, 每年辦理,
  每年3月底前 (due at each such day of the year);
- standing: 經常性辦理 (done continuously), 隨時辦理 or 不定時 (when needed), 即日起
  (from now on): never past due;
- text: anything else is kept as written, with a warning, and has no due day.

Digits may be full-width or Chinese numerals; years are ROC (1 to 3 digits, or after
民國) or AD (4 digits). A phrase without a year belongs to the plan's year, which the
caller passes.

A month and a recurring deadline end on the last calendar day of a period: a plan's
deadline is a calendar date, not a processing period in working days, so no office
calendar applies."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from minfu.core import roc

ROC_OFFSET = 1911


class DeadlineKind(StrEnum):
    DATE = "date"
    MONTH = "month"
    RANGE = "range"
    RECURRING = "recurring"
    STANDING = "standing"
    TEXT = "text"          # wording Minfu cannot read: kept, printed, never due


class Recurrence(StrEnum):
    """The usual recurring deadlines, by name."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class Standing(StrEnum):
    REGULAR = "regular"        # 經常性辦理
    AS_NEEDED = "as_needed"    # 隨時辦理, 不定時
    FROM_NOW = "from_now"      # 即日起


RECURRENCE_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3,
                     Recurrence.HALF_YEARLY: 6, Recurrence.YEARLY: 12}
RECURRENCE_LABELS = {1: "每月", 3: "每季", 6: "每半年", 12: "每年"}
STANDING_LABELS = {Standing.REGULAR: "經常性辦理", Standing.AS_NEEDED: "隨時辦理",
                   Standing.FROM_NOW: "即日起"}
STANDING_PHRASES = {
    **dict.fromkeys(("經常性辦理", "經常辦理", "經常性", "持續辦理", "賡續辦理", "常態辦理",
                     "持續進行", "經常性業務"), Standing.REGULAR),
    **dict.fromkeys(("隨時辦理", "隨時", "不定時", "不定時辦理", "不定期", "不定期辦理",
                     "視需要辦理", "適時辦理", "依需要辦理"), Standing.AS_NEEDED),
    **dict.fromkeys(("即日起", "即日起辦理", "即日起實施", "即日起執行"), Standing.FROM_NOW),
}


class DeadlineParseError(ValueError):
    """A deadline built from values that do not make one (never raised by `parse`)."""


@dataclass(frozen=True)
class Deadline:
    """What a deadline means, and how it was written. Two deadlines that mean the same
    are equal whatever their wording.

    DATE: `day`; MONTH: `day` is the month's first day; RANGE: `day` to `end`;
    RECURRING: every `every_months` months, ending in month `first_month` first
    (default: `every_months`, so 每季 falls in March, June, September, December) on day
    `month_day` (default: the month's last day); STANDING: `standing`; TEXT: nothing."""

    kind: DeadlineKind
    day: dt.date | None = None
    end: dt.date | None = None
    every_months: int | None = None
    first_month: int | None = None
    month_day: int | None = None
    standing: Standing | None = None
    wording: str = field(default="", compare=False)

    def __post_init__(self):
        object.__setattr__(self, "kind", DeadlineKind(self.kind))
        if self.standing is not None:
            object.__setattr__(self, "standing", Standing(self.standing))
        problem = _invalid(self)
        if problem:
            raise DeadlineParseError(problem)

    @property
    def recurrence(self) -> Recurrence | None:
        """The usual name of a plain recurring deadline (每月, 每季, 每半年, 每年)."""
        if self.kind is not DeadlineKind.RECURRING or self.first_month or self.month_day:
            return None
        return next((name for name, months in RECURRENCE_MONTHS.items()
                     if months == self.every_months), None)

    @property
    def is_read(self) -> bool:
        return self.kind is not DeadlineKind.TEXT


def _invalid(deadline: Deadline) -> str:
    kind = deadline.kind
    if kind in (DeadlineKind.DATE, DeadlineKind.MONTH, DeadlineKind.RANGE) and not deadline.day:
        return f"a {kind} deadline needs its day"
    if kind is DeadlineKind.MONTH and deadline.day.day != 1:
        return "a month deadline is stored as the month's first day"
    if kind is DeadlineKind.RANGE and (deadline.end is None or deadline.end < deadline.day):
        return "a range ends on or after its first day"
    if kind is DeadlineKind.STANDING and deadline.standing is None:
        return "a standing deadline needs its kind"
    if kind is DeadlineKind.RECURRING:
        months, first, day = deadline.every_months, deadline.first_month, deadline.month_day
        if not months or not 1 <= months <= 12:
            return "a recurring deadline comes every 1 to 12 months"
        if first is not None and (months != 12 or not 1 <= first <= 12):
            return "only a yearly deadline names its month"
        if day is not None and (not 1 <= day <= 31 or not (months == 1 or first)):
            return "only a monthly deadline or a yearly one with its month names its day"
    return ""


# Building deadlines ---------------------------------------------------------------------

def on_date(day: dt.date, wording: str = "") -> Deadline:
    return Deadline(DeadlineKind.DATE, day=day, wording=wording)


def in_month(year: int, month: int, wording: str = "") -> Deadline:
    return Deadline(DeadlineKind.MONTH, day=dt.date(year, month, 1), wording=wording)


def between(start: dt.date, end: dt.date, wording: str = "") -> Deadline:
    return Deadline(DeadlineKind.RANGE, day=start, end=end, wording=wording)


def every(months: int, *, month: int | None = None, day: int | None = None,
          wording: str = "") -> Deadline:
    """Every `months` months; a yearly one may name its month (and day), a monthly one
    its day. The defaults are written out of the value, so 每年12月底前 equals 每年."""
    if months == 12 and month == 12 and day is None:
        month = None
    if day is not None and day >= 31:
        day = None
    return Deadline(DeadlineKind.RECURRING, every_months=months, first_month=month,
                    month_day=day, wording=wording)


def recurring(recurrence: Recurrence | str, wording: str = "") -> Deadline:
    return every(RECURRENCE_MONTHS[Recurrence(recurrence)], wording=wording)


def standing(kind: Standing | str = Standing.REGULAR, wording: str = "") -> Deadline:
    return Deadline(DeadlineKind.STANDING, standing=Standing(kind), wording=wording)


def unread(wording: str) -> Deadline:
    return Deadline(DeadlineKind.TEXT, wording=wording)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# Reading phrases ------------------------------------------------------------------------

_NUMERALS = "〇零一二兩三四五六七八九十百"
_DIGIT_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL_RUN = re.compile(f"[{_NUMERALS}]+")
# Words around a deadline that do not change it, taken off the end (repeatedly) and off
# the start of the phrase.
_TRAILING = ("辦理完成", "辦理", "完成", "以前", "為止", "之前", "前", "止", "1次", "至少", "。",
             ".")
_LEADING = ("預計於", "預定於", "預計", "預定", "於", "在")
_RANGE_SEPARATORS = ("起至", "至", "到", "~", "〜", "－")
_YEAR = r"(?:民國)?(\d{1,4})"


def _numerals_to_digits(text: str) -> str:
    """一一四 -> 114, 三十 -> 30, 十二 -> 12, 一百一十四 -> 114, 兩 -> 2."""
    def value(match: re.Match) -> str:
        run = match.group(0)
        if "十" not in run and "百" not in run:
            return "".join(str(_DIGIT_VALUES[c]) for c in run if c in _DIGIT_VALUES)
        total, current = 0, 0
        for char in run:
            if char in ("十", "百"):
                total += (current or 1) * (10 if char == "十" else 100)
                current = 0
            else:
                current = current * 10 + _DIGIT_VALUES[char]
        return str(total + current)

    return _NUMERAL_RUN.sub(value, text)


def normalise(text: str) -> str:
    """The phrase with ASCII digits, no spaces and no words that do not change it."""
    phrase = unicodedata.normalize("NFKC", str(text or ""))
    phrase = re.sub(r"\s+", "", phrase)
    phrase = _numerals_to_digits(phrase)
    changed = True
    while changed and phrase:
        changed = False
        for word in _TRAILING:
            if phrase.endswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[: -len(word)], True
        for word in _LEADING:
            if phrase.startswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[len(word):], True
    return phrase


def _ad_year(written: str) -> int:
    """A written year as AD: 4 digits are AD, fewer are ROC."""
    return int(written) if len(written) == 4 else int(written) + ROC_OFFSET


@dataclass(frozen=True)
class _Span:
    """A day, a month or a year-less day read from part of a phrase: its first and last
    day, and whether the year was written."""

    first: dt.date
    last: dt.date
    has_year: bool
    whole_month: bool


_FULL_DATE = [
    re.compile(rf"^{_YEAR}年(\d{{1,2}})月(\d{{1,2}})[日號]$"),
    re.compile(r"^(?:民國)?(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,2})$"),
]
_COMPACT_DATE = re.compile(r"^(?:民國)?(\d{7,8})$")
_MONTH = [re.compile(rf"^{_YEAR}年(\d{{1,2}})月(?:底|份|末)?$"),
          re.compile(r"^(\d{3,4})[/.\-](\d{1,2})$")]
_YEAR_END = re.compile(rf"^{_YEAR}年(?:度)?(?:底|末|終|內|年底|年度內)?$")
_QUARTER = re.compile(rf"^{_YEAR}年(?:度)?第([1-4])季(?:末|底)?$")
_HALF = re.compile(rf"^{_YEAR}年(?:度)?([上下])半年(?:度)?$")
_DAY_ONLY = [re.compile(r"^(\d{1,2})月(\d{1,2})[日號]$"),
             re.compile(r"^(\d{1,2})/(\d{1,2})$")]
_MONTH_ONLY = re.compile(r"^(\d{1,2})月(?:底|份|末)?$")


def _span(part: str, year: int | None) -> _Span | None:
    """The days one date-like part of a phrase covers; None when it is not one."""
    if any(pattern.match(part) for pattern in _FULL_DATE) or _COMPACT_DATE.match(part):
        day = roc.parse_date(part.replace("號", "日"))
        return _Span(day, day, True, False)
    for pattern in _MONTH:
        if match := pattern.match(part):
            first = dt.date(_ad_year(match.group(1)), int(match.group(2)), 1)
            return _Span(first, month_end(first.year, first.month), True, True)
    if match := _QUARTER.match(part):
        ad, quarter = _ad_year(match.group(1)), int(match.group(2))
        return _Span(dt.date(ad, 3 * quarter - 2, 1), month_end(ad, 3 * quarter), True, True)
    if match := _HALF.match(part):
        ad, first_half = _ad_year(match.group(1)), match.group(2) == "上"
        return _Span(dt.date(ad, 1 if first_half else 7, 1),
                     month_end(ad, 6 if first_half else 12), True, True)
    if match := _YEAR_END.match(part):
        ad = _ad_year(match.group(1))
        return _Span(dt.date(ad, 12, 1), dt.date(ad, 12, 31), True, True)
    if year is None:
        return None
    for pattern in _DAY_ONLY:
        if match := pattern.match(part):
            day = dt.date(year, int(match.group(1)), int(match.group(2)))
            return _Span(day, day, False, False)
    if match := _MONTH_ONLY.match(part):
        first = dt.date(year, int(match.group(1)), 1)
        return _Span(first, month_end(year, first.month), False, True)
    if part in ("年底", "年度內", "年度", "年終", "年度終了", "本年度", "當年度"):
        return _Span(dt.date(year, 12, 1), dt.date(year, 12, 31), False, True)
    return None


def _single(span: _Span, wording: str) -> Deadline:
    if span.whole_month and span.first.month == span.last.month:
        return in_month(span.first.year, span.first.month, wording)
    if span.first == span.last:
        return on_date(span.first, wording)
    return between(span.first, span.last, wording)


_RECURRING = [
    (re.compile(r"^每(?:個)?月(?:(\d{1,2})[日號])?$"), lambda m: every(1, day=_int(m, 1))),
    (re.compile(r"^每(?:1)?季(?:末|底)?$"), lambda m: every(3)),
    (re.compile(r"^每半年(?:度)?$"), lambda m: every(6)),
    (re.compile(r"^每(?:個)?(\d{1,2})個?月$"), lambda m: every(int(m.group(1)))),
    (re.compile(r"^每(?:1)?年(?:度)?$"), lambda m: every(12)),
    (re.compile(r"^每(?:1)?年(?:度)?(\d{1,2})月(?:底|份|末)?$"),
     lambda m: every(12, month=int(m.group(1)))),
    (re.compile(r"^每(?:1)?年(?:度)?(\d{1,2})月(\d{1,2})[日號]$"),
     lambda m: every(12, month=int(m.group(1)), day=int(m.group(2)))),
]


def _int(match: re.Match, group: int) -> int | None:
    value = match.group(group)
    return int(value) if value else None


def _recurring(phrase: str) -> Deadline | None:
    for pattern, build in _RECURRING:
        if match := pattern.match(phrase):
            deadline = build(match)
            if deadline.first_month and deadline.month_day:
                # 每年2月30日 names no day: refuse it as a phrase rather than guess.
                dt.date(2024, deadline.first_month, deadline.month_day)
            return deadline
    return None


def _range(phrase: str, year: int | None) -> Deadline | None:
    """Two date-like parts joined by 至, 到, ~ or -, the second may leave out the year
    (114年3月至6月); 即日起至 X is due by X."""
    for separator in _RANGE_SEPARATORS + ("-",):
        start = 0
        while (index := phrase.find(separator, start)) > 0:
            start = index + 1
            left, right = phrase[:index], phrase[index + len(separator):]
            found = _range_of(left, right, year)
            if found is not None:
                return found
    return None


def _range_of(left: str, right: str, year: int | None) -> Deadline | None:
    if left in ("即日", "即日起", "自即日", "自即日起"):
        end = _span(right, year)
        return None if end is None else _single(end, "")
    left = left.removeprefix("自").removesuffix("起")
    first = _span(left, year)
    if first is None:
        return None
    last = _span(right, first.first.year if first.has_year else year)
    if last is None:
        return None
    if not first.has_year and last.has_year:
        first = _span(left, last.last.year)
    if last.last < first.first:
        return None
    return between(first.first, last.last)


def parse(text: str, *, year: int | None = None) -> Deadline:
    """What the phrase means, keeping its wording. `year` (AD) is the plan's year, which a
    phrase without a year (6月30日前, 3月至6月) belongs to. Never raises: a phrase it cannot
    read comes back as a TEXT deadline (see `warning`)."""
    wording = re.sub(r"\s+", " ", str(text or "")).strip()
    phrase = normalise(wording)
    try:
        found = _read(phrase, year)
    except (ValueError, roc.RocDateError, OverflowError):  # a day that does not exist
        found = None
    if found is None or (found.day or roc.FIRST_ROC_DATE) < roc.FIRST_ROC_DATE:
        return unread(wording)   # nothing read, or a typed year such as 1076年
    return replace(found, wording=wording)


def _read(phrase: str, year: int | None) -> Deadline | None:
    if not phrase:
        return None
    if phrase in _STANDING:
        return standing(_STANDING[phrase])
    if phrase.startswith("每"):
        return _recurring(phrase)
    span = _span(phrase, year)
    if span is not None:
        return _single(span, "")
    return _range(phrase, year)


_STANDING = {normalise(phrase): kind for phrase, kind in STANDING_PHRASES.items()}


# Writing them back ----------------------------------------------------------------------

def _roc_day(day: dt.date) -> str:
    return f"{day.year - ROC_OFFSET}年{day.month}月{day.day}日"


def canonical(deadline: Deadline) -> str:
    """The deadline in Minfu's own words (ROC dates); `parse` reads it back as the same."""
    kind = deadline.kind
    if kind is DeadlineKind.DATE:
        return _roc_day(deadline.day)
    if kind is DeadlineKind.MONTH:
        return f"{deadline.day.year - ROC_OFFSET}年{deadline.day.month}月"
    if kind is DeadlineKind.RANGE:
        return f"{_roc_day(deadline.day)}至{_roc_day(deadline.end)}"
    if kind is DeadlineKind.RECURRING:
        return _recurring_label(deadline)
    if kind is DeadlineKind.STANDING:
        return STANDING_LABELS[Standing(deadline.standing)]
    return deadline.wording


def _recurring_label(deadline: Deadline) -> str:
    months, month, day = deadline.every_months, deadline.first_month, deadline.month_day
    if months == 1 and day:
        return f"每月{day}日前"
    if months == 12 and month:
        return f"每年{month}月{day}日前" if day else f"每年{month}月底前"
    return RECURRENCE_LABELS.get(months, f"每{months}個月")


def label(deadline: Deadline) -> str:
    """The deadline as the plan writes it: its wording, else Minfu's own words."""
    return deadline.wording or canonical(deadline)


def warning(deadline: Deadline, *, year: int | None = None) -> str:
    """Why the deadline will not remind anyone as the writer may expect, or "": a phrase
    that could not be read, or a due day outside the plan's year."""
    if deadline.kind is DeadlineKind.TEXT:
        if not deadline.wording:
            return str(_("No deadline is written; no reminders will be sent."))
        return str(_("“%(phrase)s” is kept as written, but Minfu cannot tell when it is due, "
                     "so no reminders will be sent.") % {"phrase": deadline.wording})
    due = due_date(deadline)
    if year is not None and due is not None and due.year != year:
        return str(_("%(phrase)s falls outside the plan's year.") % {"phrase": label(deadline)})
    return ""


# Due days -------------------------------------------------------------------------------

def occurrences(deadline: Deadline, year: int) -> list[dt.date]:
    """The days the action falls due in `year` (AD), in order: one for a date, month or
    range due that year, each due day of a recurring one, none for the others."""
    kind = deadline.kind
    if kind is DeadlineKind.RECURRING:
        return _recurring_days(deadline, year)
    due = due_date(deadline)
    return [due] if due is not None and due.year == year else []


def _recurring_days(deadline: Deadline, year: int) -> list[dt.date]:
    months = deadline.every_months
    days = []
    for month in range(deadline.first_month or months, 13, months):
        last = calendar.monthrange(year, month)[1]
        days.append(dt.date(year, month, min(deadline.month_day or last, last)))
    return days


def occurrences_between(deadline: Deadline, start: dt.date, end: dt.date) -> list[dt.date]:
    """Due days within start..end (inclusive), e.g. those a reporting period covers."""
    found: list[dt.date] = []
    for year in range(start.year, end.year + 1):
        found.extend(day for day in occurrences(deadline, year) if start <= day <= end)
    return found


def due_date(deadline: Deadline) -> dt.date | None:
    """The one due day of a date, month or range deadline; None for the others."""
    kind = deadline.kind
    if kind is DeadlineKind.DATE:
        return deadline.day
    if kind is DeadlineKind.MONTH:
        return month_end(deadline.day.year, deadline.day.month)
    if kind is DeadlineKind.RANGE:
        return deadline.end
    return None


def is_past(deadline: Deadline, *, today: dt.date, year: int,
            done_occurrences: Iterable[dt.date] = (), done: bool = False) -> bool:
    """Whether the action is past its deadline on `today`: a due day has gone by without
    the action being done (for a recurring one: without that occurrence being done).
    A standing action, or one whose deadline could not be read, is never past due."""
    kind = deadline.kind
    if kind is DeadlineKind.RECURRING:
        finished = set(done_occurrences)
        return any(day < today and day not in finished for day in occurrences(deadline, year))
    due = due_date(deadline)
    return due is not None and not done and due < today


def shift_years(deadline: Deadline, years: int = 1) -> Deadline:
    """The same deadline `years` later (29 February becomes 28 February). The wording
    moves with it when its year can be moved as written (114年 -> 115年), else it is
    written anew."""
    if deadline.day is None:
        return deadline
    shifted = replace(deadline, day=_shift(deadline.day, years),
                      end=_shift(deadline.end, years) if deadline.end else None, wording="")
    for wording in (deadline.wording, _shift_wording(deadline.wording, years)):
        if wording and parse(wording, year=shifted.day.year) == shifted:
            return replace(shifted, wording=wording)
    return replace(shifted, wording=canonical(shifted))


def _shift(day: dt.date, years: int) -> dt.date:
    target = day.year + years
    return day.replace(year=target, day=min(day.day, calendar.monthrange(target, day.month)[1]))


def _shift_wording(wording: str, years: int) -> str:
    """Each written year (ROC before 年 or a separator, AD as four digits) moved on."""
    def move(match: re.Match) -> str:
        return str(int(match.group(0)) + years)

    return re.sub(r"(?<!\d)\d{2,4}(?=\s*(?:年|/|\.|-))", move, wording)
