"""The registry of metric definitions: the contract between the metrics engine and the apps
whose data it measures. No ORM here.

Each app defines its metrics next to its data, in `minfu.<app>.metrics`, as `Metric`
values in a module-level `METRICS` list; `settings.MINFU_METRIC_MODULES` names those
modules (by name: metrics sits below the apps it measures and never imports them).
A metric is additive by day, so the engine can keep it in a rollup table and add days up
for any period:

- `source(start, end)` returns the day facts of the days `start`..`end` (inclusive, dates
  in Asia/Taipei), computed directly from the operational rows: an iterable of `Fact`, at
  most one per (day, organisation, unit, service type, channel);
- the value over any set of facts is `aggregate(facts)`: for `COUNT` the sum of
  numerators; for `RATIO` the sum of numerators over the sum of denominators, times 100
  (a percentage); for `MEAN` the same sum over sum without the 100 (numerator = sum of
  the values, denominator = how many).

The same `source` serves the rollup refresh and the direct computation over the raw rows
that tests (and the benchmark) compare the dashboards with."""

import datetime as dt
import enum
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings


class Kind(enum.StrEnum):
    COUNT = "count"
    RATIO = "ratio"
    MEAN = "mean"


class Direction(enum.StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


@dataclass(frozen=True)
class Fact:
    """One day's contribution of one slice. Empty dimensions are None / ""."""
    day: dt.date
    organisation_id: int
    unit_id: int | None
    service_type_id: int | None
    channel: str
    numerator: float
    denominator: float = 0


@dataclass(frozen=True)
class Metric:
    code: str                 # stable, used in URLs, rollups and plan indicators
    name: object              # gettext_lazy
    description: object       # gettext_lazy: what is counted, from which rows, on which day
    kind: Kind
    unit: object              # gettext_lazy: "%", "件", "working days", "points"
    direction: Direction
    source: Callable[[dt.date, dt.date], Iterable[Fact]]
    # Optional: the first day with data, so that a rebuild starts there; without it the
    # engine rebuilds a fixed number of years back (services.REBUILD_YEARS).
    earliest: Callable[[], dt.date | None] | None = None


def aggregate(kind: Kind, facts: Iterable[Fact]) -> float | None:
    """The value of a metric over facts; None when there is nothing to divide."""
    numerator = denominator = 0.0
    for fact in facts:
        numerator += fact.numerator
        denominator += fact.denominator
    return value_of(kind, numerator, denominator)


def value_of(kind: Kind, numerator: float, denominator: float) -> float | None:
    if kind is Kind.COUNT:
        return numerator
    if not denominator:
        return None
    return numerator / denominator * (100 if kind is Kind.RATIO else 1)


@cache
def metrics() -> dict[str, Metric]:
    """Every registered metric by code, from the definition modules that exist."""
    found: dict[str, Metric] = {}
    for module_name in settings.MINFU_METRIC_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        for metric in module.METRICS:
            if metric.code in found:
                raise ValueError(f"metric {metric.code} is defined twice")
            found[metric.code] = metric
    return found


def metric(code: str) -> Metric:
    """The metric with this code; KeyError for an unknown code."""
    return metrics()[code]
