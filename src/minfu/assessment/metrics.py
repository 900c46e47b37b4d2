"""The metrics of assessment (see minfu.metrics.registry for the contract). Each source
groups its rows by day, organisation and unit in one query; service type and channel are
empty. Days are plain dates of the record (finalised, called, opened, closed, due,
decided), courtesy calls by their local (Asia/Taipei) date."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.assessment import workflow
from minfu.assessment.models import (
    CourtesyTest,
    ImprovementItem,
    Inspection,
    InspectionState,
    ItemStatus,
    Proposal,
    ProposalStatus,
)
from minfu.metrics.registry import Direction, Fact, Kind, Metric
from minfu.metrics.sources import daily, facts, organisation_and_unit

POINTS = _("points")
ITEMS = pgettext_lazy("unit of measure", "items")
PERCENT = "%"


def _by_day(rows: QuerySet, moment: str, unit_field: str, start, end, **aggregates):
    return daily(rows, moment, start, end,
                 slices=organisation_and_unit(unit_id=unit_field), **aggregates)


def inspection_score_mean(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = _by_day(Inspection.objects.filter(state=InspectionState.APPROVED), "finalised_on",
                   "unit_id", start, end, n=Sum("total"), d=Count("pk"))
    return facts(rows)


def courtesy_score_mean(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return facts(_by_day(CourtesyTest.objects.all(), "called_at", "unit_id", start, end,
                         n=Sum("total"), d=Count("pk")))


def items_opened(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return facts(_by_day(ImprovementItem.objects.all(), "opened_on", "owner_unit_id",
                         start, end, n=Count("pk")))


def items_closed_on_time(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = _by_day(ImprovementItem.objects.filter(status=ItemStatus.CLOSED), "closed_on",
                   "owner_unit_id", start, end,
                   n=Count("pk", filter=Q(closed_on__lte=F("due_on"))), d=Count("pk"))
    return facts(rows)


def items_overdue_open(start: dt.date, end: dt.date) -> Iterable[Fact]:
    """Items still waiting on their unit whose due day has passed, on their due day."""
    today = timezone.localdate()
    rows = _by_day(ImprovementItem.objects.filter(
        status__in=list(workflow.WAITING_ON_UNIT), due_on__lt=today), "due_on",
        "owner_unit_id", start, end, n=Count("pk"))
    return facts(rows)


def proposal_adoption_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = _by_day(Proposal.objects.exclude(status=ProposalStatus.SUBMITTED), "decided_on",
                   "unit_id", start, end,
                   n=Count("pk", filter=~Q(status=ProposalStatus.NOT_ADOPTED)), d=Count("pk"))
    return facts(rows)


METRICS = [
    Metric("assessment.inspection_score_mean", _("Inspection score (mean)"),
           _("Mean total of the inspections whose report was approved, on that day."),
           Kind.MEAN, POINTS, Direction.HIGHER_IS_BETTER, inspection_score_mean),
    Metric("assessment.courtesy_score_mean", _("Telephone-courtesy score (mean)"),
           _("Mean total of the telephone-courtesy tests, on the day of the call."),
           Kind.MEAN, POINTS, Direction.HIGHER_IS_BETTER, courtesy_score_mean),
    Metric("assessment.items_opened", _("Improvement items opened"),
           _("Improvement items opened, on the day they were opened, by owner unit."),
           Kind.COUNT, ITEMS, Direction.LOWER_IS_BETTER, items_opened),
    Metric("assessment.items_closed_on_time", _("Improvement items closed on time"),
           _("Share of the items closed on a day that were closed by their due day."),
           Kind.RATIO, PERCENT, Direction.HIGHER_IS_BETTER, items_closed_on_time),
    Metric("assessment.items_overdue_open", _("Overdue open improvement items"),
           _("Items still waiting on their unit after their due day, counted on the due "
             "day."), Kind.COUNT, ITEMS, Direction.LOWER_IS_BETTER, items_overdue_open),
    Metric("assessment.proposal_adoption_rate", _("Innovation proposal adoption rate"),
           _("Share of the proposals decided on a day that were adopted."),
           Kind.RATIO, PERCENT, Direction.HIGHER_IS_BETTER, proposal_adoption_rate),
]
