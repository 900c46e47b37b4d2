"""The deadline engine: arithmetic on the government office calendar. Pure: no ORM, no
Django; `minfu.workcal.selectors.calendar_for` builds a `WorkCalendar` from the database.

Vocabulary
----------
*Covered day*: a day the calendar has data for (one row of the official file). Every other
day, e.g. any day of a year no file was imported for, is a *gap*. Any computation whose span
(from the start day through the result day, both included) touches a gap raises
`CalendarGapError` naming the missing years: the engine never guesses.

*Working day*: a covered day the official file marks 0 (this includes make-up Saturdays,
補行上班) and on which the locality declared no closure. A closure (停止上班), whole-day or
partial, makes the whole day a day off for every unit, hours included: partial closures
are rare, the hour they start varies, and treating the day as lost only ever moves a
deadline later, never earlier, so no applicant loses time by it.

*Pause*: a half-open interval ``[pause_start, pause_end)`` during which the clock stops
(補正, waiting for a ruling). For day units the bounds are dates (a datetime is read as
its local date): the day the pause starts does not count, the day it ends counts again.
For hours the bounds are datetimes (a date is read as local midnight) and office time
inside the interval does not count. The clock resumes where it stopped; it does not
restart. Pauses may overlap and come in any order; an empty pause (end == start) is
ignored; a pause that ends before it starts is a ValueError.

Operations (each O(1) without pauses, O(p log p) with p pauses)
---------------------------------------------------------------
- `add_working_days(start, n)`: the n-th working day after the day of receipt; the day of
  receipt itself never counts (count from the day after receipt). n = 0 gives `start`.
- `add_calendar_days(start, n)`: §48 of the Administrative Procedure Act: the n-th day
  after the day of receipt; when that day is not a working day (Saturday, Sunday, holiday,
  closure) the period ends on the next working day. A paused day is not counted, and the
  end never lands inside a pause.
- `add_office_hours(start, hours)`: office hours (default 08:30-12:30 and 13:30-17:30,
  Asia/Taipei) on working days only; a receipt outside office hours starts at the next
  opening. A period that ends exactly at a closing time ends then (17:30), not at the next
  opening. Results are aware datetimes in the calendar's time zone, to the second.
- `working_days_between(a, b)`: the number of working days d with a < d <= b that are not
  paused; 0 when b <= a. It is the inverse of `add_working_days`:
  ``working_days_between(s, add_working_days(s, n)) == n``. Cases use it for "working
  time used".
- `office_hours_between(a, b)`: office hours from a to b, pauses taken out; 0 when b <= a.
- `due(start, period)`: dispatch on `Period.unit`.

How it is fast
--------------
The constructor lays the covered range out as arrays indexed by day offset (ordinal minus
the first day): prefix sums of working days and of gap days, the offsets of the working
days in order, and the next working day at or after each offset. Every operation is then
a handful of list look-ups; time is mapped to a single "office second" line (working days
before the day times office seconds per day, plus the office seconds elapsed that day), so
hours are the same arithmetic as days. `due_many` runs a batch with the dispatch hoisted
out of the loop for bulk recomputation; `due_each` does the same but gives an item that
cannot be counted its error in its place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import repeat

from minfu.core.localtime import TAIPEI
from minfu.workcal.periods import Period, PeriodUnit

ROC_OFFSET = 1911  # ROC year = AD year - 1911 (as minfu.core.roc, which imports Django)
DEFAULT_OFFICE_HOURS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(8, 30), dt.time(12, 30)),
    (dt.time(13, 30), dt.time(17, 30)),
)

DayLike = dt.date | dt.datetime
Pause = tuple[DayLike, DayLike]


class CalendarGapError(LookupError):
    """A computation needs a day the office calendar has no data for."""

    def __init__(self, years: Iterable[int]):
        self.years = tuple(sorted(set(years)))
        named = ", ".join(f"{year} (ROC {year - ROC_OFFSET})" for year in self.years)
        super().__init__(f"office calendar has no data for {named}")


# What counting a period may raise: a gap in the data, a pause backwards, a date out of range.
COUNTING_ERRORS = (CalendarGapError, ValueError, OverflowError)


def _seconds_of(moment: dt.time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _office_windows(office_hours) -> tuple[tuple[int, int], ...]:
    """Office hours as (open, close) seconds of the day, checked: ordered, not empty."""
    windows = []
    previous_close = 0
    for opens, closes in office_hours:
        start, end = _seconds_of(opens), _seconds_of(closes)
        if not previous_close <= start < end:
            raise ValueError("office hours must be ordered, non-overlapping, non-empty windows")
        windows.append((start, end))
        previous_close = end
    if not windows:
        raise ValueError("office hours need at least one window")
    return tuple(windows)


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint half-open intervals covering the same points; empty ones dropped."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _advance(origin: int, amount: int, holes: list[tuple[int, int]]) -> int:
    """The point T on a counting line such that the length of (origin, T] outside the
    holes is `amount`. Holes are sorted disjoint intervals (a, b]: the points a < x <= b
    do not count. With amount 0 the answer is the origin, even where a hole starts there."""
    if amount == 0:
        return origin
    position, remaining = origin, amount
    for hole_start, hole_end in holes:
        if hole_end <= position:
            continue
        if hole_start > position:
            available = hole_start - position
            if remaining <= available:
                return position + remaining
            remaining -= available
        position = hole_end
    return position + remaining


def _paused_length(origin: int, end: int, holes: list[tuple[int, int]]) -> int:
    """How much of (origin, end] the holes cover."""
    covered = 0
    for hole_start, hole_end in holes:
        low, high = max(hole_start, origin), min(hole_end, end)
        if high > low:
            covered += high - low
    return covered


class WorkCalendar:
    """The office calendar of one locality, indexed for O(1) deadline arithmetic.

    `days` gives every covered day once as (date, is_working); `closures` are the dates the
    locality closed its offices (a closure on a day off or outside the data changes
    nothing). `office_hours` are (opens, closes) local times; `tz` is the calendar's time
    zone, used for datetimes (a naive datetime is read as local time)."""

    def __init__(self, days: Iterable[tuple[dt.date, bool]], closures: Iterable[dt.date] = (),
                 *, office_hours: Sequence[tuple[dt.time, dt.time]] = DEFAULT_OFFICE_HOURS,
                 tz: dt.tzinfo = TAIPEI):
        status: dict[int, bool] = {}
        for day, is_working in days:
            ordinal = day.toordinal()
            if ordinal in status:
                raise ValueError(f"{day} is given twice")
            status[ordinal] = bool(is_working)
        closed = {day.toordinal() for day in closures}
        self.tz = tz
        self._windows = _office_windows(office_hours)
        self._day_seconds = sum(end - start for start, end in self._windows)
        # An empty calendar is allowed: every computation then reports the gap.
        self._base = base = min(status, default=1)
        self._size = size = max(status) - base + 1 if status else 0
        self.first_day = dt.date.fromordinal(base) if status else None
        self.last_day = dt.date.fromordinal(base + size - 1) if status else None

        working = [False] * size
        covered = [False] * size
        for ordinal, is_working in status.items():
            covered[ordinal - base] = True
            working[ordinal - base] = is_working and ordinal not in closed
        self._working = working
        # _prefix[i]: working days before offset i; _gaps[i]: uncovered days before i.
        self._prefix = prefix = [0] * (size + 1)
        self._gaps = gaps = [0] * (size + 1)
        offsets: list[int] = []
        for i in range(size):
            prefix[i + 1] = prefix[i] + working[i]
            gaps[i + 1] = gaps[i] + (not covered[i])
            if working[i]:
                offsets.append(i)
        self._working_offsets = offsets
        self._working_total = len(offsets)
        # _next_working[i]: the first working offset >= i, or `size` when there is none.
        self._next_working = next_working = [size] * (size + 1)
        following = size
        for i in range(size - 1, -1, -1):
            if working[i]:
                following = i
            next_working[i] = following
        self._dates = [dt.date.fromordinal(base + i) for i in range(size)]
        self._midnights = [dt.datetime.combine(day, dt.time(0), tzinfo=tz) for day in self._dates]

    # ----- small helpers -------------------------------------------------------------

    @property
    def covered_years(self) -> tuple[int, ...]:
        """Years of which at least one day is covered."""
        if self.first_day is None:
            return ()
        return tuple(year for year in range(self.first_day.year, self.last_day.year + 1)
                     if self._covered_count(dt.date(year, 1, 1).toordinal(),
                                            dt.date(year, 12, 31).toordinal()))

    def _covered_count(self, first_ordinal: int, last_ordinal: int) -> int:
        low = max(first_ordinal - self._base, 0)
        high = min(last_ordinal - self._base, self._size - 1)
        if high < low:
            return 0
        return (high - low + 1) - (self._gaps[high + 1] - self._gaps[low])

    def _gap(self, first_ordinal: int, last_ordinal: int) -> CalendarGapError:
        """The error for a span [first, last] (ordinals): every year in it with a day the
        calendar does not cover."""
        first_year = dt.date.fromordinal(max(first_ordinal, 1)).year
        last_year = dt.date.fromordinal(min(last_ordinal, dt.date.max.toordinal())).year
        missing = []
        for year in range(first_year, last_year + 1):
            low = max(first_ordinal, dt.date(year, 1, 1).toordinal())
            high = min(last_ordinal, dt.date(year, 12, 31).toordinal())
            if self._covered_count(low, high) < high - low + 1:
                missing.append(year)
        return CalendarGapError(missing)

    def _check_span(self, first: int, last: int) -> None:
        """Raise unless every day from offset `first` through `last` is covered."""
        if first < 0 or last >= self._size:
            raise self._gap(self._base + first, self._base + last)
        if self._gaps[last + 1] != self._gaps[first]:
            raise self._gap(self._base + first, self._base + last)

    def _offset(self, day: DayLike) -> int:
        """Day offset of a date (a datetime counts as its local date), range-checked."""
        if isinstance(day, dt.datetime):
            day = self._local(day).date()
        offset = day.toordinal() - self._base
        if not 0 <= offset < self._size:
            raise self._gap(day.toordinal(), day.toordinal())
        return offset

    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.tz)
        if moment.tzinfo is not self.tz:
            return moment.astimezone(self.tz)
        return moment

    def _day_pauses(self, pauses: Sequence[Pause]) -> list[tuple[int, int]]:
        """Pauses as merged [start, end) day offsets, clipped to the indexed range."""
        intervals = []
        size = self._size
        for pause_start, pause_end in pauses:
            start, end = self._pause_bound(pause_start), self._pause_bound(pause_end)
            if end < start:
                raise ValueError("a pause cannot end before it starts")
            intervals.append((min(max(start, 0), size), min(max(end, 0), size)))
        if len(intervals) == 1:  # the usual case: one deficiency notice
            return intervals if intervals[0][0] < intervals[0][1] else []
        return _merge(intervals)

    def _pause_bound(self, bound: DayLike) -> int:
        if type(bound) is not dt.date and isinstance(bound, dt.datetime):
            bound = self._local(bound).date()
        return bound.toordinal() - self._base

    def is_working_day(self, day: DayLike) -> bool:
        offset = self._offset(day)
        self._check_span(offset, offset)
        return self._working[offset]

    # ----- days ----------------------------------------------------------------------

    def add_working_days(self, start: DayLike, n: int, pauses: Sequence[Pause] = ()) -> dt.date:
        """The n-th working day after `start` (the day of receipt does not count), paused
        days not counted. n = 0 gives the start date itself."""
        if n < 0:
            raise ValueError("n cannot be negative")
        first = self._offset(start)
        prefix = self._prefix
        if n == 0:
            self._check_span(first, first)
            return self._dates[first]
        if pauses:
            holes = [(prefix[a], prefix[b]) for a, b in self._day_pauses(pauses)]
            target = _advance(prefix[first + 1], n, holes)
        else:
            target = prefix[first + 1] + n
        if target > self._working_total:
            raise self._gap(self._base + first, self._base + self._size)
        last = self._working_offsets[target - 1]
        if self._gaps[last + 1] != self._gaps[first]:
            raise self._gap(self._base + first, self._base + last)
        return self._dates[last]

    def add_calendar_days(self, start: DayLike, n: int, pauses: Sequence[Pause] = ()) -> dt.date:
        """§48: the n-th (unpaused) calendar day after `start`; a day off moves the end to
        the next working day that is not paused."""
        if n < 0:
            raise ValueError("n cannot be negative")
        first = self._offset(start)
        day_pauses = self._day_pauses(pauses) if pauses else []
        if day_pauses:
            # Paused days d in [a, b) are the points (a - 1, b - 1] on the counting line.
            end = _advance(first, n, [(a - 1, b - 1) for a, b in day_pauses])
        else:
            end = first + n
        if end >= self._size:
            raise self._gap(self._base + first, self._base + end)
        last = self._next_working[end]
        for pause_start, pause_end in day_pauses:
            if pause_start <= last < pause_end:
                last = self._next_working[pause_end]
        if last >= self._size:
            raise self._gap(self._base + first, self._base + self._size)
        if self._gaps[last + 1] != self._gaps[first]:
            raise self._gap(self._base + first, self._base + last)
        return self._dates[last]

    def working_days_between(self, a: DayLike, b: DayLike, pauses: Sequence[Pause] = ()) -> int:
        """Working days d with a < d <= b that are not paused (0 when b <= a)."""
        first, last = self._offset(a), self._offset(b)
        if last <= first:
            return 0
        self._check_span(first, last)
        prefix = self._prefix
        count = prefix[last + 1] - prefix[first + 1]
        if pauses:
            holes = [(prefix[x], prefix[y]) for x, y in self._day_pauses(pauses)]
            count -= _paused_length(prefix[first + 1], prefix[last + 1], holes)
        return count

    # ----- hours ---------------------------------------------------------------------

    def _position(self, moment: DayLike) -> tuple[int, int]:
        """(day offset, office seconds elapsed since the calendar's first day) of a moment;
        a date stands for its local midnight."""
        if isinstance(moment, dt.datetime):
            moment = self._local(moment)
            clock = moment.hour * 3600 + moment.minute * 60 + moment.second
        else:
            clock = 0
        offset = moment.toordinal() - self._base
        if not 0 <= offset < self._size:
            raise self._gap(moment.toordinal(), moment.toordinal())
        position = self._prefix[offset] * self._day_seconds
        if self._working[offset]:
            for opens, closes in self._windows:
                if clock <= opens:
                    break
                position += (clock if clock < closes else closes) - opens
        return offset, position

    def _moment_at(self, first: int, position: int) -> dt.datetime:
        """The moment at which `position` office seconds have elapsed; a position on a
        day boundary is the closing time of the earlier day."""
        day_seconds = self._day_seconds
        index = (position - 1) // day_seconds
        if index >= self._working_total:
            raise self._gap(self._base + first, self._base + self._size)
        offset = self._working_offsets[index]
        if self._gaps[offset + 1] != self._gaps[first]:
            raise self._gap(self._base + first, self._base + offset)
        remaining = position - index * day_seconds
        for opens, closes in self._windows:
            if remaining <= closes - opens:
                return self._midnights[offset] + dt.timedelta(seconds=opens + remaining)
            remaining -= closes - opens
        raise AssertionError("unreachable: remaining exceeds a day's office time")

    def _clipped_position(self, moment: DayLike) -> int:
        """A pause bound's office-second position; bounds outside the data are clipped
        (a pause there changes nothing the span check would not already refuse)."""
        local = self._local(moment) if isinstance(moment, dt.datetime) else moment
        offset = local.toordinal() - self._base
        if offset < 0:
            return 0
        if offset >= self._size:
            return self._working_total * self._day_seconds
        return self._position(moment)[1]

    def _hour_holes(self, pauses: Sequence[Pause]) -> list[tuple[int, int]]:
        intervals = []
        for pause_start, pause_end in pauses:
            start, end = self._clipped_position(pause_start), self._clipped_position(pause_end)
            if _as_comparable(pause_end, self.tz) < _as_comparable(pause_start, self.tz):
                raise ValueError("a pause cannot end before it starts")
            intervals.append((start, end))
        return _merge(intervals)

    def add_office_hours(self, start: DayLike, hours: float, pauses: Sequence[Pause] = ()
                         ) -> dt.datetime:
        """The moment `hours` of office time after `start`, paused office time not
        counted. 0 hours gives `start` itself (as a local datetime)."""
        seconds = round(hours * 3600)
        if seconds < 0:
            raise ValueError("hours cannot be negative")
        first, origin = self._position(start)
        if seconds == 0:
            self._check_span(first, first)
            if isinstance(start, dt.datetime):
                return self._local(start)
            return self._midnights[first]
        holes = self._hour_holes(pauses) if pauses else []
        return self._moment_at(first, _advance(origin, seconds, holes))

    def office_hours_between(self, a: DayLike, b: DayLike, pauses: Sequence[Pause] = ()
                             ) -> float:
        """Office hours from `a` to `b`, paused office time taken out (0 when b <= a)."""
        first, start = self._position(a)
        last, end = self._position(b)
        if end <= start:
            return 0.0
        self._check_span(first, last)
        seconds = end - start
        if pauses:
            seconds -= _paused_length(start, end, self._hour_holes(pauses))
        return seconds / 3600

    # ----- periods -------------------------------------------------------------------

    def due(self, start: DayLike, period: Period, pauses: Sequence[Pause] = ()) -> DayLike:
        """The end of `period` counted from `start`: a date for day units, an aware
        datetime for hours."""
        unit = period.unit
        if unit == PeriodUnit.WORKING_DAYS:
            return self.add_working_days(start, period.value, pauses)
        if unit == PeriodUnit.CALENDAR_DAYS:
            return self.add_calendar_days(start, period.value, pauses)
        if unit == PeriodUnit.HOURS:
            return self.add_office_hours(start, period.value, pauses)
        raise ValueError(f"unknown period unit {unit!r}")

    def due_many(self, starts: Sequence[DayLike], periods: Sequence[Period],
                 pauses: Sequence[Sequence[Pause]] | None = None) -> list[DayLike]:
        """`due` for many cases at once (bulk recomputation, reports, the benchmark): the
        same results and errors, with the common cases inlined: day units given dates
        (without a pause or with one pause given in dates) and hours given datetimes in
        the calendar's time zone without pauses. Everything else takes `due`."""
        if len(starts) != len(periods) or (pauses is not None and len(pauses) != len(starts)):
            raise ValueError("starts, periods and pauses must have the same length")
        base, size, tz = self._base, self._size, self.tz
        prefix, gaps, dates, working = self._prefix, self._gaps, self._dates, self._working
        offsets, total, next_working = self._working_offsets, self._working_total, self._next_working
        midnights, windows, day_seconds = self._midnights, self._windows, self._day_seconds
        working_days, calendar_days, hours = (PeriodUnit.WORKING_DAYS, PeriodUnit.CALENDAR_DAYS,
                                              PeriodUnit.HOURS)
        date_type, datetime_type, timedelta = dt.date, dt.datetime, dt.timedelta
        due = self.due
        results: list[DayLike] = []
        append = results.append
        for start, period, case_pauses in zip(
                starts, periods, pauses if pauses is not None else repeat(()), strict=False):
            unit, n = period.unit, period.value
            kind = type(start)
            if n <= 0:
                append(due(start, period, case_pauses))
                continue
            if kind is date_type and (unit is working_days or unit is calendar_days):
                first = start.toordinal() - base
                if not 0 <= first < size:
                    append(due(start, period, case_pauses))
                    continue
                hole = None
                if case_pauses:
                    if len(case_pauses) != 1:
                        append(due(start, period, case_pauses))
                        continue
                    pause_start, pause_end = case_pauses[0]
                    if type(pause_start) is not date_type or type(pause_end) is not date_type \
                            or pause_end < pause_start:
                        append(due(start, period, case_pauses))
                        continue
                    low = min(max(pause_start.toordinal() - base, 0), size)
                    high = min(max(pause_end.toordinal() - base, 0), size)
                    if low < high:
                        hole = (low, high)
                if unit is working_days:
                    origin = prefix[first + 1]
                    if hole is None:
                        target = origin + n
                    else:
                        target = _advance(origin, n, [(prefix[hole[0]], prefix[hole[1]])])
                    if target <= total:
                        last = offsets[target - 1]
                        if gaps[last + 1] == gaps[first]:
                            append(dates[last])
                            continue
                else:
                    end = first + n if hole is None else _advance(
                        first, n, [(hole[0] - 1, hole[1] - 1)])
                    if end < size:
                        last = next_working[end]
                        if hole is not None and hole[0] <= last < hole[1]:
                            last = next_working[hole[1]]
                        if last < size and gaps[last + 1] == gaps[first]:
                            append(dates[last])
                            continue
            elif kind is datetime_type and unit is hours and not case_pauses \
                    and start.tzinfo is tz:
                first = start.toordinal() - base
                if 0 <= first < size:
                    position = prefix[first] * day_seconds
                    if working[first]:
                        clock = start.hour * 3600 + start.minute * 60 + start.second
                        for opens, closes in windows:
                            if clock <= opens:
                                break
                            position += (clock if clock < closes else closes) - opens
                    target = position + n * 3600
                    day_index = (target - 1) // day_seconds
                    if day_index < total:
                        last = offsets[day_index]
                        if gaps[last + 1] == gaps[first]:
                            remaining = target - day_index * day_seconds
                            for opens, closes in windows:
                                if remaining <= closes - opens:
                                    break
                                remaining -= closes - opens
                            append(midnights[last] + timedelta(seconds=opens + remaining))
                            continue
            # Anything else, or a gap to report: the general path gives result or error.
            append(due(start, period, case_pauses))
        return results

    def due_each(self, starts: Sequence[DayLike], periods: Sequence[Period],
                 pauses: Sequence[Sequence[Pause]] | None = None
                 ) -> list[DayLike | CalendarGapError | ValueError | OverflowError]:
        """`due_many`, except that an item the calendar cannot count (a gap, a pause that
        ends before it starts) gets its error in its place instead of failing the batch,
        so that one bad record does not stop a recount of thousands."""
        try:
            return self.due_many(starts, periods, pauses)
        except COUNTING_ERRORS:
            pass
        results: list = []
        for start, period, case_pauses in zip(
                starts, periods, pauses if pauses is not None else repeat(()), strict=True):
            try:
                results.append(self.due(start, period, case_pauses))
            except COUNTING_ERRORS as error:
                results.append(error)
        return results


def _as_comparable(moment: DayLike, tz: dt.tzinfo) -> dt.datetime:
    if isinstance(moment, dt.datetime):
        return moment if moment.tzinfo else moment.replace(tzinfo=tz)
    return dt.datetime.combine(moment, dt.time(0), tzinfo=tz)
