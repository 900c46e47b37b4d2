"""The award rules, pure: the judges' mean and spread per criterion, outlier flags, the
final ranking with its tie rule, and the tiers from the number of prizes. No ORM: the
services hand in plain values.

Tie rule (documented in docs/assessment.md): entries are ordered by their final mean
(higher first); on equal means, by the means of the criteria in the order of the
criteria sheet (the first criterion that differs decides); then by the mean of the
previous scored stage; entries still equal share the rank (1, 2, 2, 4) and the tier."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# A judge's score is flagged when it lies further from the median of the judges' scores
# than this share of the criterion's maximum (for the total: of the sheet's maximum).
OUTLIER_SHARE = Decimal("0.2")

# The default stages of a round: (kind, Chinese name, English name).
DEFAULT_STAGES = (
    ("self", "機關自評", "Agency self-evaluation"),
    ("review", "初審（書面審查）", "First review (by document)"),
    ("review", "實地訪查", "Site visit"),
    ("final", "決審", "Final judging"),
)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Spread:
    """The judges' scores of one criterion (or the total): mean, standard deviation
    (population: the judges are all the judges), lowest, highest, and their gap."""

    count: int
    mean: Decimal | None
    deviation: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None

    @property
    def range(self) -> Decimal | None:
        return None if self.count == 0 else self.highest - self.lowest


def spread(values: Sequence[Decimal]) -> Spread:
    """Mean and spread, each rounded half up to 0.01; all None for no scores."""
    if not values:
        return Spread(0, None, None, None, None)
    exact_mean = sum(values, Decimal(0)) / len(values)
    variance = sum(((value - exact_mean) ** 2 for value in values), Decimal(0)) / len(values)
    return Spread(count=len(values), mean=_cents(exact_mean),
                  deviation=_cents(variance.sqrt()) if variance else Decimal("0.00"),
                  lowest=min(values), highest=max(values))


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def outliers(scores: Mapping[Hashable, Decimal], maximum: Decimal) -> set[Hashable]:
    """The judges whose score lies further from the median of all the judges' scores than
    OUTLIER_SHARE of the maximum (with two judges far apart, both). Needs two judges."""
    if len(scores) < 2 or maximum <= 0:
        return set()
    limit = maximum * OUTLIER_SHARE
    middle = median(list(scores.values()))
    return {judge for judge, value in scores.items() if abs(value - middle) > limit}


@dataclass(frozen=True)
class Candidate:
    """An entry as the final ranking sees it."""

    key: Hashable
    mean: Decimal
    criteria: tuple[Decimal, ...] = ()      # criterion means in sheet order
    earlier: Decimal | None = None          # mean of the previous scored stage

    def order_key(self) -> tuple:
        earlier = self.earlier if self.earlier is not None else Decimal("-Infinity")
        return (self.mean, self.criteria, earlier)


def ranking(candidates: Sequence[Candidate]) -> list[tuple[Candidate, int]]:
    """Candidates best first with their rank under the tie rule; equal on every key, they
    share a rank (competition ranking: 1, 2, 2, 4). Stable for equal keys."""
    ordered = sorted(candidates, key=lambda candidate: candidate.order_key(), reverse=True)
    ranked: list[tuple[Candidate, int]] = []
    for position, candidate in enumerate(ordered, start=1):
        if ranked and ranked[-1][0].order_key() == candidate.order_key():
            ranked.append((candidate, ranked[-1][1]))
        else:
            ranked.append((candidate, position))
    return ranked


@dataclass(frozen=True)
class TierRule:
    name: str
    prizes: int
    min_mean: Decimal | None = None


@dataclass
class _Room:
    rule: TierRule
    used: int = field(default=0)


def assign_tiers(ranked: Sequence[tuple[Candidate, int]], tiers: Sequence[TierRule]
                 ) -> dict[Hashable, str]:
    """Each rank, best first, takes the first tier that still has a prize left and whose
    least mean it reaches; entries sharing a rank share the tier (a shared last prize is
    given to each of them). Below every tier, or when the prizes are gone: ""."""
    rooms = [_Room(rule) for rule in tiers]
    result: dict[Hashable, str] = {}
    groups: dict[int, list[Candidate]] = {}
    for candidate, rank in ranked:
        groups.setdefault(rank, []).append(candidate)
    for rank in sorted(groups):
        group = groups[rank]
        chosen = ""
        for room in rooms:
            if room.used >= room.rule.prizes:
                continue
            if room.rule.min_mean is not None and group[0].mean < room.rule.min_mean:
                continue
            room.used += len(group)
            chosen = room.rule.name
            break
        for candidate in group:
            result[candidate.key] = chosen
    return result
