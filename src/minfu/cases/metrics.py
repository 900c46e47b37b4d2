"""The metrics of applications (see minfu.metrics.registry for the contract).

Each `source` is one GROUP BY query over the day range: the day is the local (Asia/Taipei)
date of the moment the metric is about (receipt, closure, notice), and the rows are
limited by that moment between local midnights, so the query can use an index on it.

"Closed" means the state closed, i.e. decided and then closed: withdrawn and transferred
applications also get a `closed_at`, but no decision within a period to measure."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.cases.models import Case, CaseState, DeficiencyNotice, FetchedDocumentCheck
from minfu.catalog.models import Channel
from minfu.core.localtime import TAIPEI
from minfu.metrics.registry import Direction, Fact, Kind, Metric
from minfu.metrics.sources import daily, facts, organisation_and_unit

PERCENT = "%"
CASES_UNIT = pgettext_lazy("unit of measure", "applications")
DAYS_UNIT = _("working days")


def _slices(case_prefix: str = "") -> dict[str, str]:
    """The four dimensions of the application (reached through `case_prefix`, "case__")."""
    p = case_prefix
    return organisation_and_unit(p, service_type_id=f"{p}service_type_version__service_type_id",
                                 channel=f"{p}channel")


def _count(rows: QuerySet, moment: str, start: dt.date, end: dt.date,
           case_prefix: str = "") -> Iterable[Fact]:
    """Per day of `moment`, how many `rows`."""
    return facts(daily(rows, moment, start, end, slices=_slices(case_prefix), n=Count("id")))


def _share(rows: QuerySet, moment: str, start: dt.date, end: dt.date, counted: Q,
           case_prefix: str = "") -> Iterable[Fact]:
    """Per day of `moment`, the share of `rows` that are `counted`."""
    return facts(daily(rows, moment, start, end, slices=_slices(case_prefix),
                       n=Count("id", filter=counted), d=Count("id")))


def first_receipt() -> dt.date | None:
    """The day of the first application: nothing any metric here counts is earlier."""
    first = Case.objects.order_by("received_at").values_list("received_at", flat=True).first()
    return first.astimezone(TAIPEI).date() if first else None


def _closed() -> QuerySet:
    return Case.objects.filter(state=CaseState.CLOSED)


def received(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _count(Case.objects.all(), "received_at", start, end)


def closed(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _count(_closed(), "closed_at", start, end)


def on_time_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _share(_closed().filter(legal_on_time__isnull=False), "closed_at", start, end,
                  Q(legal_on_time=True))


def norm_on_time_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _share(_closed().filter(norm_on_time__isnull=False), "closed_at", start, end,
                  Q(norm_on_time=True))


def overdue_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _share(_closed().filter(legal_on_time__isnull=False), "closed_at", start, end,
                  Q(legal_on_time=False))


def mean_days_to_close(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return facts(daily(_closed().filter(working_days_used__isnull=False), "closed_at", start,
                       end, slices=_slices(), n=Sum("working_days_used"), d=Count("id")))


def deficiency_notice_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    noticed = Exists(DeficiencyNotice.objects.filter(case=OuterRef("pk")))
    return _share(_closed().annotate(noticed=noticed), "closed_at", start, end,
                  Q(noticed=True))


def repeat_notice_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _share(DeficiencyNotice.objects.all(), "issued_at", start, end,
                  Q(sequence__gte=2), case_prefix="case__")


def online_share(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _share(Case.objects.all(), "received_at", start, end, Q(channel=Channel.ONLINE))

UNITS = {Kind.COUNT: CASES_UNIT, Kind.RATIO: PERCENT, Kind.MEAN: DAYS_UNIT}


def _metric(source, kind: Kind, direction: Direction, name, description) -> Metric:
    """An application metric: code `cases.<name of its source>`, in the unit of its kind,
    counted from the first receipt on."""
    return Metric(code=f"cases.{source.__name__}", name=name, description=description,
                  kind=kind, unit=UNITS[kind], direction=direction, source=source,
                  earliest=first_receipt)


METRICS = [
    _metric(received, Kind.COUNT, Direction.HIGHER_IS_BETTER, _("Applications received"),
            _("Applications received, on the day of receipt (online or at the "
              "counter), whatever their state since.")),
    _metric(closed, Kind.COUNT, Direction.HIGHER_IS_BETTER, _("Applications closed"),
            _("Applications decided and closed, on the day of closure. "
              "Withdrawn and transferred applications are not counted.")),
    _metric(on_time_rate, Kind.RATIO, Direction.HIGHER_IS_BETTER, _("On-time rate"),
            _("Share of the applications closed on the day that were decided "
              "within the legal period (pauses and the extension included).")),
    _metric(norm_on_time_rate, Kind.RATIO, Direction.HIGHER_IS_BETTER,
            _("On-time rate against the service norm"),
            _("Share of the applications closed on the day, among those whose "
              "service has a norm, that were decided within the agency's own "
              "service norm (faster than the legal period).")),
    _metric(overdue_rate, Kind.RATIO, Direction.LOWER_IS_BETTER, _("Overdue rate"),
            _("Share of the applications closed on the day that were decided "
              "after the legal due date.")),
    _metric(mean_days_to_close, Kind.MEAN, Direction.LOWER_IS_BETTER,
            _("Mean working days to decide"),
            _("Average working days used from receipt to decision (pauses not "
              "counted) of the applications closed on the day.")),
    _metric(deficiency_notice_rate, Kind.RATIO, Direction.LOWER_IS_BETTER,
            _("Deficiency-notice rate"),
            _("Share of the applications closed on the day that received at "
              "least one deficiency notice.")),
    _metric(repeat_notice_rate, Kind.RATIO, Direction.LOWER_IS_BETTER, _("Repeat-notice rate"),
            _("Share of the deficiency notices issued on the day that were a "
              "second or later notice on the same application, by the unit of "
              "the application (the one-time notice should be enough).")),
    _metric(online_share, Kind.RATIO, Direction.HIGHER_IS_BETTER, _("Online share"),
            _("Share of the applications received on the day that were "
              "submitted online.")),
]


def documents_fetched(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _count(FetchedDocumentCheck.objects.all(), "recorded_at", start, end, "case__")


METRICS.append(Metric(
    code="cases.documents_fetched", name=_("Documents citizens did not have to bring"),
    description=_("Documents the agency obtained itself (免附: electronic transcript, "
                  "cross-agency query or its own records) for the applications, on the day "
                  "the officer recorded the check, per service."),
    kind=Kind.COUNT, unit=pgettext_lazy("unit of measure", "documents"),
    direction=Direction.HIGHER_IS_BETTER, source=documents_fetched, earliest=first_receipt))
