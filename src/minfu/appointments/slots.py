"""When a service point receives appointments: its slots, from its weekly hours, its
special days, the office calendar and the closures of its city or county. Pure: no ORM.

The rules, in order, for one day:

1. a special day of the point decides alone: closed, or open with its own hours (a day
   that differs from the office calendar, e.g. a Sunday before a tax deadline);
2. on a working day of the office calendar the point opens with the weekly hours of that
   weekday; a Saturday or Sunday that the calendar makes a working day (補行上班) opens
   with the hours given for make-up days, or else with Monday's;
3. on a day off (weekend, holiday) only the windows marked "also on days off" open
   (Saturday service);
4. a closure of the point's city or county (停止上班) removes every slot it touches: the
   whole day, or the slots overlapping its hours.

A window is cut into slots of the point's length from its opening time; a last piece
shorter than a slot is not offered. A day the office calendar does not cover has no
slots (we would rather offer none than guess)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

MAKEUP_DAY = 7  # models.Weekday.MAKEUP
MONDAY = 0
SATURDAY = 5

Window = tuple[dt.time, dt.time]
# A closure: None for the whole day, else its (from, until) times.
ClosureSpan = Window | None


@dataclass(frozen=True)
class Hours:
    weekday: int  # 0 Monday .. 6 Sunday, 7 make-up working day
    opens: dt.time
    closes: dt.time
    on_days_off: bool = False


@dataclass(frozen=True)
class SpecialHours:
    """A special day: `windows` empty means closed."""

    windows: tuple[Window, ...] = ()


@dataclass(frozen=True, order=True)
class SlotTime:
    day: dt.date
    starts: dt.time
    ends: dt.time


def opening_windows(day: dt.date, *, working: bool, hours: Sequence[Hours],
                    special: SpecialHours | None = None) -> list[Window]:
    """The windows the point is open on `day` before closures (rules 1 to 3)."""
    if special is not None:
        return sorted(special.windows)
    weekday = day.weekday()
    if working and weekday >= SATURDAY:
        makeup = [h for h in hours if h.weekday == MAKEUP_DAY]
        chosen = makeup or [h for h in hours if h.weekday == MONDAY]
    elif working:
        chosen = [h for h in hours if h.weekday == weekday]
    else:
        chosen = [h for h in hours if h.weekday == weekday and h.on_days_off]
    return sorted((h.opens, h.closes) for h in chosen)


def first_overlap(windows: Iterable[Window]) -> tuple[Window, Window] | None:
    """The first two windows of one day that overlap (touching is not overlapping), or
    None: a weekday's opening hours and a special day's hours must not overlap."""
    ordered = sorted(windows)
    return next(((earlier, later) for earlier, later in pairwise(ordered)
                 if later[0] < earlier[1]), None)


def cut(day: dt.date, window: Window, minutes: int) -> list[SlotTime]:
    """The slots of one window: whole slots from its opening time."""
    if minutes <= 0:
        raise ValueError("a slot lasts at least a minute")
    length = dt.timedelta(minutes=minutes)
    start = dt.datetime.combine(day, window[0])
    close = dt.datetime.combine(day, window[1])
    slots = []
    while start + length <= close:
        slots.append(SlotTime(day, start.time(), (start + length).time()))
        start += length
    return slots


def _overlaps(slot: SlotTime, span: Window) -> bool:
    return slot.starts < span[1] and span[0] < slot.ends


def closed_by(slot: SlotTime, spans: Iterable[ClosureSpan]) -> bool:
    """Whether a closure of the slot's day touches it (rule 4)."""
    return any(span is None or _overlaps(slot, span) for span in spans)


def day_slots(day: dt.date, *, working: bool, hours: Sequence[Hours], minutes: int,
              special: SpecialHours | None = None, closures: Sequence[ClosureSpan] = ()
              ) -> list[SlotTime]:
    """Every slot of one day, in time order."""
    slots = [slot for window in opening_windows(day, working=working, hours=hours,
                                                special=special)
             for slot in cut(day, window, minutes)]
    return sorted({slot for slot in slots if not closed_by(slot, closures)})


def slots_between(first: dt.date, last: dt.date, *, is_working: Callable[[dt.date], bool | None],
                  hours: Sequence[Hours], minutes: int,
                  specials: Mapping[dt.date, SpecialHours] | None = None,
                  closures: Mapping[dt.date, Sequence[ClosureSpan]] | None = None
                  ) -> list[SlotTime]:
    """The slots of the days `first`..`last`. `is_working(day)` answers from the office
    calendar; None for a day it does not cover (no slots that day)."""
    specials, closures = specials or {}, closures or {}
    found: list[SlotTime] = []
    day = first
    while day <= last:
        working = is_working(day)
        if working is not None:
            found += day_slots(day, working=working, hours=hours, minutes=minutes,
                               special=specials.get(day), closures=closures.get(day, ()))
        day += dt.timedelta(days=1)
    return found
