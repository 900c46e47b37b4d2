"""Periodic statistics of petitions. Pure: the selector passes plain rows, this module
groups them by period (ROC month or quarter) and counts.

Volumes count petitions by their day of receipt. The on-time reply rate counts, by the day
of the first reply, replies sent on or before the due date. Satisfaction counts, by the
day of the answer, ratings of 4 or 5 among all answered ratings."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from minfu.core.roc import ROC_OFFSET
from minfu.voice.rules import rate

MONTH = "month"
QUARTER = "quarter"


@dataclass(frozen=True)
class Received:
    day: dt.date
    kind: str
    channel: str
    category: str
    unit: str


@dataclass(frozen=True)
class Replied:
    day: dt.date
    on_time: bool


@dataclass(frozen=True)
class Rated:
    day: dt.date
    satisfied: bool


def period_key(day: dt.date, by: str) -> int:
    """1..12 for months, 1..4 for quarters."""
    return day.month if by == MONTH else (day.month - 1) // 3 + 1


def _breakdown_period(breakdown: str) -> tuple[str, int]:
    """("q2") -> (QUARTER, 2); ("m5") -> (MONTH, 5)."""
    return (QUARTER if breakdown[0] == "q" else MONTH), int(breakdown[1:])


def breakdown_label(year: int, breakdown: str) -> str:
    """The ROC label of a breakdown period ("q2": 114年第2季, "m5": 114年5月; "" for the
    whole year, which has none)."""
    if not breakdown:
        return ""
    by, key = _breakdown_period(breakdown)
    return dict(period_labels(year, by))[key]


def in_breakdown(day: dt.date, breakdown: str) -> bool:
    """Whether `day` falls in the breakdown period ("" is the whole year)."""
    if not breakdown:
        return True
    by, key = _breakdown_period(breakdown)
    return period_key(day, by) == key


def period_labels(year: int, by: str) -> list[tuple[int, str]]:
    """(key, label) of every period of an AD year: 114年第1季 / 114年3月."""
    roc = year - ROC_OFFSET
    if by == MONTH:
        return [(month, f"{roc}年{month}月") for month in range(1, 13)]
    return [(quarter, f"{roc}年第{quarter}季") for quarter in range(1, 5)]


@dataclass(frozen=True)
class PeriodRow:
    label: str
    received: int
    replied: int
    on_time: int
    on_time_rate: float | None
    rated: int
    satisfied: int
    satisfaction_rate: float | None


@dataclass(frozen=True)
class Statistics:
    rows: list[PeriodRow]
    by_kind: dict[str, int]
    by_channel: dict[str, int]
    by_category: dict[str, int]
    by_unit: dict[str, int]
    breakdown_label: str  # the period the by_* counts cover; "" for the whole year
    total_received: int
    on_time_rate: float | None
    satisfaction_rate: float | None


def statistics(*, year: int, by: str, received: Iterable[Received],
               replied: Iterable[Replied], rated: Iterable[Rated],
               breakdown: str = "") -> Statistics:
    """Counts per period of `year`; the breakdowns by kind, channel, category and unit
    cover the whole year, or only the quarter ("q1".."q4") or month ("m1".."m12")
    `breakdown` names."""
    received = [row for row in received if row.day.year == year]
    replied = [row for row in replied if row.day.year == year]
    rated = [row for row in rated if row.day.year == year]
    volume = Counter(period_key(row.day, by) for row in received)
    replies = Counter(period_key(row.day, by) for row in replied)
    punctual = Counter(period_key(row.day, by) for row in replied if row.on_time)
    ratings = Counter(period_key(row.day, by) for row in rated)
    happy = Counter(period_key(row.day, by) for row in rated if row.satisfied)
    rows = [PeriodRow(label, volume[key], replies[key], punctual[key],
                      rate(punctual[key], replies[key]), ratings[key], happy[key],
                      rate(happy[key], ratings[key]))
            for key, label in period_labels(year, by)]
    broken_down = [row for row in received if in_breakdown(row.day, breakdown)]
    return Statistics(
        rows=rows,
        by_kind=dict(Counter(row.kind for row in broken_down).most_common()),
        by_channel=dict(Counter(row.channel for row in broken_down).most_common()),
        by_category=dict(Counter(row.category for row in broken_down).most_common()),
        by_unit=dict(Counter(row.unit for row in broken_down).most_common()),
        breakdown_label=breakdown_label(year, breakdown),
        total_received=len(received),
        on_time_rate=rate(sum(punctual.values()), len(replied)),
        satisfaction_rate=rate(sum(happy.values()), len(rated)),
    )
