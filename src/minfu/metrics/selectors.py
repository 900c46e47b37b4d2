"""Reads of metrics. Figures come from the rollups (`metric_value`, `metric_series`,
`dashboard`); `metric_value_direct` computes the same figure from the operational rows
through the metric's source, which is what the tests compare the rollups with.

These functions take the organisations to count explicitly; the `*_for(user, ...)`
helpers below decide which ones a user may see (visible scope and metrics.view), and a
dashboard of an organisation or unit outside it is NotFound."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from minfu.core.errors import NotFound, PermissionDenied, ValidationFailed
from minfu.metrics import registry
from minfu.metrics.models import Freshness, MonthRollup, Rollup
from minfu.metrics.periods import Grain, ReportingPeriod
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import can
from minfu.org.selectors import (
    organisation_get_for,
    organisations_where,
    unit_get_for,
    visible_scope,
)

VIEW = "metrics.view"
PERIOD_GRAINS = ("quarter", "month")
DIMENSIONS = {"organisation": "organisation_id", "unit": "unit_id",
              "service_type": "service_type_id", "channel": "channel"}


def metric_get(code: str) -> registry.Metric:
    try:
        return registry.metric(code)
    except KeyError:
        raise NotFound(_("No such metric.")) from None


def metric_list() -> list[registry.Metric]:
    return sorted(registry.metrics().values(), key=lambda metric: metric.code)


# ----- figures from the rollups ---------------------------------------------------------

def _rollups(*, codes: Iterable[str], start: dt.date, end: dt.date,
             organisation_ids: Iterable[int], unit_id: int | None = None,
             service_type_id: int | None = None, channel: str | None = None,
             monthly: bool = False) -> QuerySet:
    """Day rollups of the days start..end, or with `monthly` the month rollups of the
    months whose first day is in start..end (for whole-month periods)."""
    model, day = (MonthRollup, "month") if monthly else (Rollup, "day")
    rows = model.objects.filter(code__in=list(codes), **{f"{day}__gte": start,
                                                         f"{day}__lte": end},
                                organisation_id__in=list(organisation_ids))
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    if service_type_id is not None:
        rows = rows.filter(service_type_id=service_type_id)
    if channel is not None:
        rows = rows.filter(channel=channel)
    return rows.order_by()


def _sums(rows: QuerySet, *group) -> QuerySet:
    return rows.values(*group).annotate(n=Sum("numerator"), d=Sum("denominator"))


def metric_value(*, code: str, start: dt.date, end: dt.date,
                 organisation_ids: Iterable[int], unit_id: int | None = None,
                 service_type_id: int | None = None, channel: str | None = None
                 ) -> float | None:
    """The metric over the days start..end for these organisations (and filters)."""
    metric = metric_get(code)
    totals = _rollups(codes=[code], start=start, end=end, organisation_ids=organisation_ids,
                      unit_id=unit_id, service_type_id=service_type_id, channel=channel
                      ).aggregate(n=Sum("numerator"), d=Sum("denominator"))
    return registry.value_of(metric.kind, totals["n"] or 0, totals["d"] or 0)


def metric_series(*, code: str, start: dt.date, end: dt.date,
                  organisation_ids: Iterable[int], by: str, unit_id: int | None = None,
                  service_type_id: int | None = None, channel: str | None = None
                  ) -> list[tuple[object, float | None]]:
    """(key, value) pairs: by quarter or month (key a ReportingPeriod, every period of
    the range, empty ones too) or by organisation, unit, service type (ids) or channel."""
    metric = metric_get(code)
    rows = _rollups(codes=[code], start=start, end=end, organisation_ids=organisation_ids,
                    unit_id=unit_id, service_type_id=service_type_id, channel=channel)
    if by in PERIOD_GRAINS:
        months = _month_sums(rows)
        periods = _periods_between(start, end, Grain(by))
        return [(period, _value_over(metric.kind, months, code, period)) for period in periods]
    if by not in DIMENSIONS:
        raise ValidationFailed(_("Unknown grouping: %(by)s.") % {"by": by}, code="unknown_by")
    column = DIMENSIONS[by]
    return [(row[column], registry.value_of(metric.kind, row["n"] or 0, row["d"] or 0))
            for row in _sums(rows, column).order_by(column)]


def metric_value_direct(*, code: str, start: dt.date, end: dt.date,
                        organisation_ids: Iterable[int], unit_id: int | None = None,
                        service_type_id: int | None = None, channel: str | None = None
                        ) -> float | None:
    """The same figure as `metric_value`, computed from the operational rows."""
    metric = metric_get(code)
    wanted = set(organisation_ids)
    facts = [fact for fact in metric.source(start, end)
             if fact.organisation_id in wanted
             and (unit_id is None or (fact.unit_id or 0) == unit_id)
             and (service_type_id is None or (fact.service_type_id or 0) == service_type_id)
             and (channel is None or (fact.channel or "") == channel)]
    return registry.aggregate(metric.kind, facts)


def rollups_refreshed_at() -> dt.datetime | None:
    """When the rollups were last refreshed (None before the first refresh)."""
    return Freshness.objects.values_list("refreshed_at", flat=True).first()


def month_sums(*, codes: Iterable[str], start: dt.date, end: dt.date,
               organisation_ids: Iterable[int], by: str | None = None
               ) -> dict[tuple[str, dt.date, object], tuple[float, float]]:
    """{(code, first day of month, key): (numerator, denominator)} from the month rollups
    of the months start..end, in one query; `key` is the value of the dimension `by`
    (channel, unit, ...) or None. Public pages and datasets read raw sums so that they
    can judge the counts behind a ratio (small-number protection)."""
    column = None
    if by is not None:
        if by not in DIMENSIONS:
            raise ValidationFailed(_("Unknown grouping: %(by)s.") % {"by": by},
                                   code="unknown_by")
        column = DIMENSIONS[by]
    rows = _rollups(codes=codes, start=start, end=end, organisation_ids=organisation_ids,
                    monthly=True)
    group = ("code", "month", column) if column else ("code", "month")
    return {(row["code"], row["month"], row[column] if column else None):
            (row["n"] or 0, row["d"] or 0) for row in _sums(rows, *group)}


def _periods_between(start: dt.date, end: dt.date, grain: Grain) -> list[ReportingPeriod]:
    periods = [ReportingPeriod.containing(start, grain)]
    while periods[-1].end < end:
        periods.append(periods[-1].next())
    return periods


MonthSums = dict[tuple[str, dt.date], tuple[float, float]]


def _month_sums(rows: QuerySet) -> MonthSums:
    """{(code, first day of month): (numerator, denominator)} in one query, from day
    rollups or month rollups."""
    sums: MonthSums = {}
    if rows.model is Rollup:
        rows = rows.annotate(month=TruncMonth("day"))
    for row in _sums(rows, "code", "month"):
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        sums[(row["code"], month)] = (row["n"] or 0, row["d"] or 0)
    return sums


def _value_over(kind: registry.Kind, months: MonthSums, code: str,
                period: ReportingPeriod) -> float | None:
    numerator = denominator = 0.0
    for month in period.parts(Grain.MONTH):
        n, d = months.get((code, month.start), (0, 0))
        numerator += n
        denominator += d
    return registry.value_of(kind, numerator, denominator)


# ----- dashboards -----------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """One organisation or unit next to the others on a dashboard."""
    key: int
    label: str
    organisation_ids: frozenset[int]


@dataclass
class Figure:
    metric: registry.Metric
    value: float | None
    previous: float | None
    trend: list[tuple[ReportingPeriod, float | None]]
    compared: list[tuple[Comparison, float | None]] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def improved(self) -> bool | None:
        """Whether the change is for the better (per the metric's direction)."""
        if not self.change:
            return None
        higher = self.metric.direction is registry.Direction.HIGHER_IS_BETTER
        return (self.change > 0) == higher


def dashboard(*, organisation_ids: Iterable[int], period: ReportingPeriod,
              unit_id: int | None = None, trend_count: int = 8,
              compare: Iterable[Comparison] = (), compare_units: bool = False,
              codes: Iterable[str] | None = None) -> list[Figure]:
    """Every metric for the period with the previous period and a trend of `trend_count`
    periods; with `compare`, each comparison's value too (organisations side by side, or
    units when `compare_units`). Two queries whatever the number of metrics."""
    organisation_ids = frozenset(organisation_ids)
    metrics = [metric for metric in metric_list() if codes is None or metric.code in codes]
    codes = [metric.code for metric in metrics]
    trend = period.trailing(max(trend_count, 2))
    months = _month_sums(_rollups(codes=codes, start=trend[0].start, end=period.end,
                                  organisation_ids=organisation_ids, unit_id=unit_id,
                                  monthly=True))
    compare = list(compare)
    compared = _compared_sums(codes, period, organisation_ids, unit_id, compare,
                              compare_units) if compare else {}
    figures = []
    for metric in metrics:
        values = [(one, _value_over(metric.kind, months, metric.code, one)) for one in trend]
        figures.append(Figure(
            metric=metric, value=values[-1][1], previous=values[-2][1], trend=values,
            compared=[(one, registry.value_of(metric.kind, *compared.get(
                (metric.code, one.key), (0, 0)))) for one in compare]))
    return figures


def _compared_sums(codes, period, organisation_ids, unit_id, compare, compare_units):
    column = "unit_id" if compare_units else "organisation_id"
    owner = {}
    for one in compare:
        for organisation_id in ([one.key] if compare_units else one.organisation_ids):
            owner[organisation_id] = one.key
    sums: dict[tuple[str, int], tuple[float, float]] = defaultdict(lambda: (0.0, 0.0))
    rows = _rollups(codes=codes, start=period.start, end=period.end,
                    organisation_ids=organisation_ids, unit_id=unit_id, monthly=True)
    for row in _sums(rows, "code", column):
        key = owner.get(row[column])
        if key is None:
            continue
        n, d = sums[(row["code"], key)]
        sums[(row["code"], key)] = (n + (row["n"] or 0), d + (row["d"] or 0))
    return sums


# ----- what a user may see --------------------------------------------------------------

@dataclass(frozen=True)
class DashboardScope:
    """What a dashboard counts: organisations, optionally one unit, and what it shows
    side by side."""
    level: str  # "unit" | "agency" | "ministry"
    title: str
    organisation: Organisation
    organisation_ids: frozenset[int]
    unit: Unit | None = None
    compare: tuple[Comparison, ...] = ()
    compare_units: bool = False


def _subtree_ids(organisation: Organisation, visible: frozenset[int]) -> frozenset[int]:
    ids = Organisation.objects.filter(path__startswith=organisation.path
                                      ).values_list("id", flat=True)
    return frozenset(ids) & visible


def unit_dashboard_for(user, unit_pk) -> DashboardScope:
    unit = unit_get_for(user, unit_pk)
    if not can(user, VIEW, unit=unit):
        raise PermissionDenied(_("You may not view the metrics of this unit."))
    return DashboardScope("unit", unit.name, unit.organisation,
                          frozenset({unit.organisation_id}), unit=unit)


def agency_dashboard_for(user, organisation_pk) -> DashboardScope:
    """An agency (or any organisation) with its units side by side."""
    organisation = organisation_get_for(user, organisation_pk)
    if not can(user, VIEW, organisation=organisation):
        raise PermissionDenied(_("You may not view the metrics of this organisation."))
    units = Unit.objects.filter(organisation=organisation).order_by("sort_order", "code")
    return DashboardScope(
        "agency", organisation.name, organisation, frozenset({organisation.pk}),
        compare=tuple(Comparison(unit.pk, unit.name, frozenset({organisation.pk}))
                      for unit in units),
        compare_units=True)


def ministry_dashboard_for(user, organisation_pk) -> DashboardScope:
    """A ministry with its agencies (each with the organisations under it) side by side,
    as far as the user may see them."""
    ministry = organisation_get_for(user, organisation_pk)
    if not can(user, VIEW, organisation=ministry):
        raise PermissionDenied(_("You may not view the metrics of this organisation."))
    visible = visible_scope(user).whole_organisation_ids
    everything = _subtree_ids(ministry, visible)
    children = Organisation.objects.filter(parent=ministry, pk__in=everything
                                           ).order_by("sort_order", "code")
    paths = dict(Organisation.objects.filter(pk__in=everything).values_list("id", "path"))
    compare = tuple(
        Comparison(child.pk, child.name,
                   frozenset(pk for pk, path in paths.items() if path.startswith(child.path)))
        for child in children)
    return DashboardScope("ministry", ministry.name, ministry, everything, compare=compare)


def viewable_organisation_ids(user) -> frozenset[int]:
    """Organisations whose whole figures the user may see (API, catalogue links)."""
    return frozenset(organisations_where(user, VIEW).values_list("id", flat=True))


def viewable_organisations(user) -> QuerySet[Organisation]:
    """Organisations whose whole figures the user may see, in tree order."""
    return organisations_where(user, VIEW).order_by("path")


def viewable_unit_ids(user) -> frozenset[int]:
    from minfu.org.selectors import units_where

    return frozenset(units_where(user, VIEW).values_list("id", flat=True))


def viewable_units(user) -> QuerySet[Unit]:
    from minfu.org.selectors import units_where

    return units_where(user, VIEW).order_by("organisation__path", "sort_order", "code")
