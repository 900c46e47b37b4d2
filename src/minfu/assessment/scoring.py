"""Score-sheet arithmetic, pure: validation of points, totals, result tiers, whether an
improvement plan is required, the mean of several scorers and the ranking of entries.
Points are Decimals so that 0.5-point scores add up exactly."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Tier:
    name: str
    lower_bound: Decimal


@dataclass(frozen=True)
class SheetRules:
    """What a score sheet says: each item's maximum, the tiers, the improvement threshold."""

    max_points: Mapping[int, Decimal]   # item id -> maximum
    tiers: Sequence[Tier] = ()
    improvement_below: Decimal | None = None

    @property
    def max_total(self) -> Decimal:
        return sum(self.max_points.values(), Decimal(0))


@dataclass(frozen=True)
class Result:
    total: Decimal
    tier: str
    improvement_required: bool


def point_errors(rules: SheetRules, points: Mapping[int, Decimal]) -> dict[int, str]:
    """Per item id, why its points are refused: missing, negative, above the maximum or an
    item not on the sheet. Empty when every item of the sheet has valid points."""
    errors: dict[int, str] = {}
    for item_id in points:
        if item_id not in rules.max_points:
            errors[item_id] = str(_("This item is not on the score sheet."))
    for item_id, maximum in rules.max_points.items():
        value = points.get(item_id)
        if value is None:
            errors[item_id] = str(_("Give the points of this item."))
        elif value < 0:
            errors[item_id] = str(_("Points cannot be negative."))
        elif value > maximum:
            errors[item_id] = str(_("At most %(max)s points.") % {"max": maximum})
    return errors


def total(points: Iterable[Decimal]) -> Decimal:
    return sum(points, Decimal(0))


def tier_for(value: Decimal, tiers: Sequence[Tier]) -> str:
    """The highest tier whose lower bound the value reaches; "" below every tier."""
    reached = [tier for tier in tiers if value >= tier.lower_bound]
    return max(reached, key=lambda tier: tier.lower_bound).name if reached else ""


def improvement_required(value: Decimal, improvement_below: Decimal | None) -> bool:
    return improvement_below is not None and value < improvement_below


def result_of(rules: SheetRules, value: Decimal) -> Result:
    return Result(total=value, tier=tier_for(value, rules.tiers),
                  improvement_required=improvement_required(value, rules.improvement_below))


def mean(values: Sequence[Decimal]) -> Decimal:
    """The mean of several scorers' totals, rounded half up to 0.01; zero of none."""
    if not values:
        return Decimal(0)
    return (total(values) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def ranks(totals: Mapping[int, Decimal]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4): equal totals share a rank."""
    ordered = sorted(totals.values(), reverse=True)
    return {key: ordered.index(value) + 1 for key, value in totals.items()}
