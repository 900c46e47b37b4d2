"""How long the personal data of a closed citizen record is kept: pure rules, no ORM.

A period is a whole number of years counted from the moment the record closed, chosen by
the record's kind and outcome (the state it closed in). The agency's rules
(`RetentionRule` rows) override the defaults below, an outcome's rule overrides the
kind's rule for any outcome (outcome ""). See docs/retention.md for where each default
comes from and where no law fixes one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

ANY_OUTCOME = ""

# (kind, outcome) -> years. docs/retention.md gives the reasons; none is fixed by a law
# for the system's copy of a record, so an agency sets its own from its 檔案保存年限區分表.
DEFAULT_PERIODS: Mapping[tuple[str, str], int] = {
    ("case", ANY_OUTCOME): 10,  # decided applications: as long as a decision can be revisited
    ("case", "withdrawn"): 5,
    ("case", "transferred"): 5,
    ("petition", ANY_OUTCOME): 5,
    ("petition", "not_handled"): 3,
    ("petition", "merged"): 5,
}
# A kind that declares personal data but has no default and no rule.
FALLBACK_YEARS = 10

Periods = Mapping[tuple[str, str], int]


def periods(overrides: Periods) -> dict[tuple[str, str], int]:
    """The defaults with the agency's rules laid over them."""
    return {**DEFAULT_PERIODS, **overrides}


def years_for(kind: str, outcome: str, table: Periods) -> int:
    """The period of a record of `kind` closed in `outcome`."""
    for key in ((kind, outcome), (kind, ANY_OUTCOME)):
        if key in table:
            return table[key]
    return FALLBACK_YEARS


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """`moment` that many calendar years earlier; 29 February becomes the 28th."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def is_due(*, closed_at: dt.datetime | None, years: int, now: dt.datetime) -> bool:
    """Whether a record closed at `closed_at` is past its period at `now`: open records
    (no closing moment) never are."""
    return closed_at is not None and closed_at < years_before(now, years)


def cutoffs(kind: str, outcomes: list[str], table: Periods,
            now: dt.datetime) -> tuple[dict[str, dt.datetime], dt.datetime]:
    """For the query: the closing moment before which a record is due, per outcome that
    has its own period, and for every other outcome."""
    own = {outcome: years_before(now, years_for(kind, outcome, table)) for outcome in outcomes
           if (kind, outcome) in table and outcome != ANY_OUTCOME}
    return own, years_before(now, years_for(kind, ANY_OUTCOME, table))
