"""Key indicators against their targets: the traffic light. Pure."""

from __future__ import annotations

from decimal import Decimal
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
