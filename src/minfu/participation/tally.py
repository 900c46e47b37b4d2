"""Poll results: counts, shares and their Wilson score intervals. Pure.

The Wilson interval (rather than the normal approximation p ± z·√(p(1-p)/n)) stays inside
[0, 1] and is sensible for small polls and shares near 0 or 1, which online polls have.
For a multiple-choice poll each option's share is of the ballots (the participants), so
shares may add up to more than 1."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the two-sided 95 % normal quantile


@dataclass(frozen=True)
class Row:
    option: str
    count: int
    share: float  # count / ballots (0 when there are none)
    low: float
    high: float


def wilson(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion; (0, 1) when there are no trials."""
    if trials <= 0:
        return 0.0, 1.0
    if not 0 <= successes <= trials:
        raise ValueError("successes must be between 0 and trials")
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    # Rounding must not put the interval beside its share (at 0 or 1 exactly).
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


def tally(counts: list[tuple[str, int]], ballots: int) -> list[Row]:
    """One row per option (in the order given) from its count and the number of
    ballots."""
    rows = []
    for option, count in counts:
        low, high = wilson(count, ballots)
        rows.append(Row(option=option, count=count,
                        share=count / ballots if ballots else 0.0, low=low, high=high))
    return rows
