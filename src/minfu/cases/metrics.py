"""The metrics of applications (see minfu.metrics.registry for the contract).

Each `source` is one GROUP BY query over the day range: the day is the local (Asia/Taipei)
date of the moment the metric is about (receipt, closure, notice), and the rows are
limited by that moment between local midnights, so the query can use an index on it.

"Closed" means the state closed, i.e. decided and then closed: withdrawn and transferred
applications also get a `closed_at`, but no decision within a period to measure."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.cases.models import Case, CaseState, DeficiencyNotice
from minfu.catalog.models import Channel
from minfu.core.localtime import TAIPEI, local_bounds
from minfu.metrics.registry import Direction, Fact, Kind, Metric

PERCENT = "%"
CASES_UNIT = pgettext_lazy("unit of measure", "applications")
DAYS_UNIT = _("working days")


def _grouped(rows: QuerySet, moment: str, start: dt.date, end: dt.date, *,
             case_prefix: str = "", **aggregates) -> QuerySet:
    """`rows` in the days start..end of `moment`, grouped by day and the four dimensions
    of their application (reached through `case_prefix`, e.g. "case__")."""
    low, high = local_bounds(start, end)
    p = case_prefix
    return (rows.filter(**{f"{moment}__gte": low, f"{moment}__lt": high})
            .annotate(metric_day=TruncDate(moment, tzinfo=TAIPEI),
                      metric_organisation=F(f"{p}organisation_id"),
                      metric_unit=F(f"{p}unit_id"),
                      metric_service_type=F(f"{p}service_type_version__service_type_id"),
                      metric_channel=F(f"{p}channel"))
            .values("metric_day", "metric_organisation", "metric_unit",
                    "metric_service_type", "metric_channel")
            .annotate(**aggregates)
            .order_by())


def _facts(rows: QuerySet, numerator: str, denominator: str | None = None) -> Iterable[Fact]:
    for row in rows:
        yield Fact(day=row["metric_day"], organisation_id=row["metric_organisation"],
                   unit_id=row["metric_unit"], service_type_id=row["metric_service_type"],
                   channel=row["metric_channel"], numerator=float(row[numerator] or 0),
                   denominator=float(row[denominator] or 0) if denominator else 0)


def first_receipt() -> dt.date | None:
    """The day of the first application: nothing any metric here counts is earlier."""
    first = Case.objects.order_by("received_at").values_list("received_at", flat=True).first()
    return first.astimezone(TAIPEI).date() if first else None


def _closed() -> QuerySet:
    return Case.objects.filter(state=CaseState.CLOSED)


def received(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _facts(_grouped(Case.objects.all(), "received_at", start, end, n=Count("id")), "n")


def closed(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _facts(_grouped(_closed(), "closed_at", start, end, n=Count("id")), "n")


def on_time_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = _grouped(_closed().filter(legal_on_time__isnull=False), "closed_at", start, end,
                    n=Count("id", filter=Q(legal_on_time=True)), d=Count("id"))
    return _facts(rows, "n", "d")


def norm_on_time_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = _grouped(_closed().filter(norm_on_time__isnull=False), "closed_at", start, end,
                    n=Count("id", filter=Q(norm_on_time=True)), d=Count("id"))
    return _facts(rows, "n", "d")


def overdue_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = _grouped(_closed().filter(legal_on_time__isnull=False), "closed_at", start, end,
                    n=Count("id", filter=Q(legal_on_time=False)), d=Count("id"))
    return _facts(rows, "n", "d")


def mean_days_to_close(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = _grouped(_closed().filter(working_days_used__isnull=False), "closed_at", start,
                    end, n=Sum("working_days_used"), d=Count("id"))
    return _facts(rows, "n", "d")


def deficiency_notice_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    noticed = Exists(DeficiencyNotice.objects.filter(case=OuterRef("pk")))
    rows = _grouped(_closed().annotate(noticed=noticed), "closed_at", start, end,
                    n=Count("id", filter=Q(noticed=True)), d=Count("id"))
    return _facts(rows, "n", "d")


def repeat_notice_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = _grouped(DeficiencyNotice.objects.all(), "issued_at", start, end,
                    case_prefix="case__", n=Count("id", filter=Q(sequence__gte=2)),
                    d=Count("id"))
    return _facts(rows, "n", "d")


def online_share(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = _grouped(Case.objects.all(), "received_at", start, end,
                    n=Count("id", filter=Q(channel=Channel.ONLINE)), d=Count("id"))
    return _facts(rows, "n", "d")


METRICS = [
    Metric(code="cases.received", name=_("Applications received"),
           description=_("Applications received, on the day of receipt (online or at the "
                         "counter), whatever their state since."),
           kind=Kind.COUNT, unit=CASES_UNIT, direction=Direction.HIGHER_IS_BETTER,
           source=received, earliest=first_receipt),
    Metric(code="cases.closed", name=_("Applications closed"),
           description=_("Applications decided and closed, on the day of closure. "
                         "Withdrawn and transferred applications are not counted."),
           kind=Kind.COUNT, unit=CASES_UNIT, direction=Direction.HIGHER_IS_BETTER,
           source=closed, earliest=first_receipt),
    Metric(code="cases.on_time_rate", name=_("On-time rate"),
           description=_("Share of the applications closed on the day that were decided "
                         "within the legal period (pauses and the extension included)."),
           kind=Kind.RATIO, unit=PERCENT, direction=Direction.HIGHER_IS_BETTER,
           source=on_time_rate, earliest=first_receipt),
    Metric(code="cases.norm_on_time_rate", name=_("On-time rate against the service norm"),
           description=_("Share of the applications closed on the day, among those whose "
                         "service has a norm, that were decided within the agency's own "
                         "service norm (faster than the legal period)."),
           kind=Kind.RATIO, unit=PERCENT, direction=Direction.HIGHER_IS_BETTER,
           source=norm_on_time_rate, earliest=first_receipt),
    Metric(code="cases.overdue_rate", name=_("Overdue rate"),
           description=_("Share of the applications closed on the day that were decided "
                         "after the legal due date."),
           kind=Kind.RATIO, unit=PERCENT, direction=Direction.LOWER_IS_BETTER,
           source=overdue_rate, earliest=first_receipt),
    Metric(code="cases.mean_days_to_close", name=_("Mean working days to decide"),
           description=_("Average working days used from receipt to decision (pauses not "
                         "counted) of the applications closed on the day."),
           kind=Kind.MEAN, unit=DAYS_UNIT, direction=Direction.LOWER_IS_BETTER,
           source=mean_days_to_close, earliest=first_receipt),
    Metric(code="cases.deficiency_notice_rate", name=_("Deficiency-notice rate"),
           description=_("Share of the applications closed on the day that received at "
                         "least one deficiency notice."),
           kind=Kind.RATIO, unit=PERCENT, direction=Direction.LOWER_IS_BETTER,
           source=deficiency_notice_rate, earliest=first_receipt),
    Metric(code="cases.repeat_notice_rate", name=_("Repeat-notice rate"),
           description=_("Share of the deficiency notices issued on the day that were a "
                         "second or later notice on the same application, by the unit of "
                         "the application (the one-time notice should be enough)."),
           kind=Kind.RATIO, unit=PERCENT, direction=Direction.LOWER_IS_BETTER,
           source=repeat_notice_rate, earliest=first_receipt),
    Metric(code="cases.online_share", name=_("Online share"),
           description=_("Share of the applications received on the day that were "
                         "submitted online."),
           kind=Kind.RATIO, unit=PERCENT, direction=Direction.HIGHER_IS_BETTER,
           source=online_share, earliest=first_receipt),
]
