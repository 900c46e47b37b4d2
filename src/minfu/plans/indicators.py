"""Key indicators against their targets: the traffic light, and the scores their weights
roll up to. Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Light(StrEnum):
    MET = "met"
    NEAR = "near"
    MISSED = "missed"
    UNKNOWN = "unknown"   # no actual value or no target yet


class Direction(StrEnum):
    """Same values as minfu.metrics.registry.Direction."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


def traffic_light(*, actual, target, direction: str, tolerance=0) -> Light:
    """MET when the actual reaches the target in the good direction; NEAR when it falls
    short by no more than `tolerance` (in the indicator's own unit); MISSED otherwise."""
    if actual is None or target is None:
        return Light.UNKNOWN
    actual, target = Decimal(str(actual)), Decimal(str(target))
    tolerance = abs(Decimal(str(tolerance or 0)))
    shortfall = target - actual if direction == Direction.HIGHER_IS_BETTER else actual - target
    if shortfall <= 0:
        return Light.MET
    if shortfall <= tolerance:
        return Light.NEAR
    return Light.MISSED


# Weights and node scores ----------------------------------------------------------------

LIGHT_ACHIEVEMENT = {Light.MET: Decimal(1), Light.NEAR: Decimal("0.5"),
                     Light.MISSED: Decimal(0)}


def achievement(*, actual, target, direction: str, light: Light) -> Decimal | None:
    """How much of the target is reached, 0 to 1: the share of a numeric target reached
    in the good direction, else by the light (a text target as the coordinator judged
    it: met 1, near 0.5, missed 0); None while unknown."""
    if actual is not None and target is not None:
        actual, target = Decimal(str(actual)), Decimal(str(target))
        if direction == Direction.LOWER_IS_BETTER:
            actual, target = target, actual   # the share of the allowance kept
        if target <= 0:
            return Decimal(1) if actual >= target else Decimal(0)
        return max(Decimal(0), min(Decimal(1), actual / target))
    return LIGHT_ACHIEVEMENT.get(light)


@dataclass(frozen=True)
class Score:
    """A node's score: the weighted mean achievement (0-100) of the indicators in its
    subtree that have a value, and the weight of all of them (e.g. 配分)."""

    percent: Decimal | None
    weight: Decimal


def node_scores(parents: dict[int, int | None],
                weighted: dict[int, list[tuple[Decimal, Decimal | None]]]) -> dict[int, Score]:
    """Scores of every node: `parents` maps each node to its parent (None at the top),
    `weighted` each node to its indicators' (weight, achievement). A node's score rolls
    up its own indicators and those of every node below it."""
    totals: dict[int, list[Decimal]] = {node: [Decimal(0), Decimal(0), Decimal(0)]
                                        for node in parents}
    for node, items in weighted.items():
        ancestor = node
        while ancestor is not None and ancestor in totals:
            for weight, reached in items:
                total = totals[ancestor]
                total[2] += weight
                if reached is not None:
                    total[0] += weight * reached
                    total[1] += weight
            ancestor = parents[ancestor]
    return {node: Score(None if known == 0 else (reached * 100 / known).quantize(Decimal("0.1")),
                        weight)
            for node, (reached, known, weight) in totals.items()}


_TARGET = re.compile(r"^([+-]?\d[\d,]*(?:\.\d+)?)\s*(\D{0,4})$")


def read_target(written) -> tuple[Decimal | None, str, str]:
    """(number, its unit, words) of a target as written: "95%" -> (95, "%", ""), "12件"
    -> (12, "件", ""), "完成系統上線" -> (None, "", "完成系統上線")."""
    text = unicodedata.normalize("NFKC", str(written if written is not None else "")).strip()
    match = _TARGET.match(text)
    if match is None:
        return None, "", str(written if written is not None else "").strip()
    try:
        return Decimal(match.group(1).replace(",", "")), match.group(2).strip(), ""
    except InvalidOperation:
        return None, "", text
