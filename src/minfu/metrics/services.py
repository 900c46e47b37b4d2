"""Writes of metrics: the rollups are derived data, refreshed from the metric sources.

- `rollups_refresh(start=, end=)` recomputes the days start..end (delete + insert in one
  transaction, so readers see the old or the new figures, never half; running it twice
  gives the same rows);
- `metrics_touch(day=)` is what a write calls inside its transaction: after the commit
  it marks the day dirty (one tiny INSERT; nothing if the transaction rolls back); the
  citizen records (applications, petitions) reach it through `minfu.records.hooks`,
  whose listener `record_changed_listener` metrics registers in `apps.py`;
- `rollups_refresh_dirty()` / `rollups_refresh_recent()` are the incremental refresh run
  on a schedule (tasks.py, `manage.py refresh_metrics`);
- `rollups_rebuild()` starts over from the first day with data."""

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.core import audit
from minfu.core.errors import PermissionDenied, ValidationFailed
from minfu.metrics import actions, registry
from minfu.metrics.models import DirtyDay, Freshness, MonthRollup, Rollup
from minfu.org.permissions import can
from minfu.records.hooks import RecordChange

logger = logging.getLogger(__name__)

REBUILD = "metrics.rebuild"
REBUILD_YEARS = 3  # how far back a rebuild goes for metrics that do not say
BATCH_SIZE = 2000


@dataclass(frozen=True)
class RefreshResult:
    days: int
    rows: int


def _selected(codes: Iterable[str] | None) -> list[registry.Metric]:
    every = registry.metrics()
    if codes is None:
        return list(every.values())
    unknown = sorted(set(codes) - set(every))
    if unknown:
        raise ValidationFailed(_("Unknown metric: %(codes)s.") % {"codes": ", ".join(unknown)},
                               code="unknown_metric")
    return [every[code] for code in codes]


def _rollup_of(code: str, fact: registry.Fact) -> Rollup:
    return Rollup(code=code, day=fact.day, organisation_id=fact.organisation_id,
                  unit_id=fact.unit_id or 0, service_type_id=fact.service_type_id or 0,
                  channel=fact.channel or "", numerator=fact.numerator,
                  denominator=fact.denominator)


def _check_range(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise ValidationFailed(_("The first day must not be after the last day."),
                               code="bad_range")


def rollups_refresh(*, start: dt.date, end: dt.date,
                    codes: Iterable[str] | None = None) -> RefreshResult:
    """Recompute the rollups of the days start..end (inclusive) of the metrics `codes`
    (all by default), in one transaction. Idempotent."""
    _check_range(start, end)
    metrics = _selected(codes)
    rows = 0
    with transaction.atomic():
        for metric in metrics:
            Rollup.objects.filter(code=metric.code, day__gte=start, day__lte=end).delete()
            created = Rollup.objects.bulk_create(
                (_rollup_of(metric.code, fact) for fact in metric.source(start, end)),
                batch_size=BATCH_SIZE)
            rows += len(created)
        _months_refresh(start, end, [metric.code for metric in metrics])
    return RefreshResult(days=(end - start).days + 1, rows=rows)


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months = [start.replace(day=1)]
    while True:
        following = (months[-1] + dt.timedelta(days=32)).replace(day=1)
        if following > end:
            return months
        months.append(following)


def _months_refresh(start: dt.date, end: dt.date, codes: list[str]) -> None:
    """Recompute the month rollups of the months start..end touch from the day rollups
    (one GROUP BY over at most a few months of days)."""
    months = month_starts(start, end)
    first, last = months[0], (months[-1] + dt.timedelta(days=32)).replace(day=1)
    MonthRollup.objects.filter(code__in=codes, month__in=months).delete()
    sums = (Rollup.objects.filter(code__in=codes, day__gte=first, day__lt=last)
            .annotate(first_day=TruncMonth("day"))
            .values("code", "first_day", "organisation_id", "unit_id", "service_type_id",
                    "channel")
            .annotate(n=Sum("numerator"), d=Sum("denominator")).order_by())
    # INSERT ... SELECT: the sums never travel through Python.
    select_sql, params = sums.query.sql_with_params()
    table = MonthRollup._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (code, month, organisation_id, unit_id, "
                       f"service_type_id, channel, numerator, denominator) {select_sql}",
                       params)


def metrics_touch(*, day: dt.date | None = None, days: Iterable[dt.date] = ()) -> None:
    """Mark `day` (and `days`) for the next incremental refresh, once the current
    transaction commits. Cheap enough for every write of every app."""
    marked = sorted({*days, *([day] if day else [])})
    if not marked:
        return

    def mark():
        DirtyDay.objects.bulk_create([DirtyDay(day=one) for one in marked],
                                     ignore_conflicts=True)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # No worker and no beat (`make run`): refresh now, so the dashboards are live.
            rollups_refresh_dirty()

    transaction.on_commit(mark)


def record_changed_listener(change: RecordChange) -> None:
    """A citizen record changed (minfu.records.hooks): its day's figures are out of date."""
    metrics_touch(day=change.day)


def contiguous_ranges(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted runs of consecutive days: [d1, d2, d3, d7] -> [(d1, d3), (d7, d7)]."""
    ranges: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if ranges and day == ranges[-1][1] + dt.timedelta(days=1):
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def rollups_refresh_days(*, days: Iterable[dt.date],
                         codes: Iterable[str] | None = None) -> RefreshResult:
    """Refresh exactly these days (a query per metric per run of consecutive days)."""
    total_days = total_rows = 0
    with transaction.atomic():
        for start, end in contiguous_ranges(days):
            result = rollups_refresh(start=start, end=end, codes=codes)
            total_days += result.days
            total_rows += result.rows
    return RefreshResult(days=total_days, rows=total_rows)


def rollups_refresh_dirty(*, also: Sequence[dt.date] = ()) -> RefreshResult:
    """Refresh the days marked dirty (and `also`), unmarking them in the same transaction:
    a day marked again meanwhile gets a new mark and is refreshed next time."""
    with transaction.atomic():
        marks = list(DirtyDay.objects.select_for_update().order_by("day"))
        DirtyDay.objects.filter(pk__in=[mark.pk for mark in marks]).delete()
        result = rollups_refresh_days(days=[*(mark.day for mark in marks), *also])
        _mark_fresh()
        return result


def _mark_fresh() -> None:
    """Every change before now is in the rollups (inside the refresh's transaction)."""
    Freshness.objects.update_or_create(pk=1, defaults={"refreshed_at": timezone.now()})


def rollups_refresh_recent(*, today: dt.date | None = None) -> RefreshResult:
    """The scheduled refresh: yesterday, today and every dirty day."""
    today = today or timezone.localdate()
    result = rollups_refresh_dirty(also=[today - dt.timedelta(days=1), today])
    logger.info("metrics: refreshed %s days, %s rollup rows", result.days, result.rows)
    return result


def first_day_of(metric: registry.Metric, today: dt.date) -> dt.date:
    """The metric's first day with data, or REBUILD_YEARS back for a metric that does not
    say (or has no data yet)."""
    first = metric.earliest() if metric.earliest else None
    return first or today.replace(year=today.year - REBUILD_YEARS, month=1, day=1)


def rollups_rebuild(*, actor=None, start: dt.date | None = None, end: dt.date | None = None,
                    codes: Iterable[str] | None = None) -> RefreshResult:
    """Recompute every rollup from each metric's first day with data (or `start`) to
    today (or `end`), a month at a time (memory stays flat), dropping anything outside.
    `actor` (a person asking from the admin) needs metrics.rebuild; the scheduler passes
    none. `codes` limits the rebuild to some metrics (the benchmark rebuilds those of
    applications only)."""
    if actor is not None and not can(actor, REBUILD):
        raise PermissionDenied(_("You may not rebuild the metrics."))
    end = end or timezone.localdate()
    metrics = _selected(codes)
    every = [metric.code for metric in metrics] == list(registry.metrics())
    total_days = total_rows = 0
    with transaction.atomic():
        if every:
            Rollup.objects.exclude(code__in=list(registry.metrics())).delete()
            MonthRollup.objects.exclude(code__in=list(registry.metrics())).delete()
            DirtyDay.objects.filter(day__lte=end).delete()
        for metric in metrics:
            first = start or first_day_of(metric, end)
            _check_range(first, end)
            result = _rebuild_one(metric.code, first, end)
            total_days = max(total_days, result.days)
            total_rows += result.rows
        _mark_fresh()
        if actor is not None:
            audit.record(actor=actor, action=actions.METRICS_REBUILT, obj=actor,
                         after={"start": start.isoformat() if start else None,
                                "end": end.isoformat(), "rows": total_rows})
    return RefreshResult(days=total_days, rows=total_rows)


def _rebuild_one(code: str, start: dt.date, end: dt.date) -> RefreshResult:
    Rollup.objects.filter(code=code).exclude(day__gte=start, day__lte=end).delete()
    MonthRollup.objects.filter(code=code).exclude(month__gte=start.replace(day=1),
                                                  month__lte=end).delete()
    days = rows = 0
    for month in month_starts(start, end):
        month_end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        result = rollups_refresh(start=max(month, start), end=min(month_end, end),
                                 codes=[code])
        days += result.days
        rows += result.rows
    return RefreshResult(days=days, rows=rows)
