"""The metrics of co-signed proposals and co-design sessions (see minfu.metrics.registry
for the contract); listed in MINFU_METRIC_MODULES so that plan KPIs can use them. Each
source is one GROUP BY over local (Asia/Taipei) days, sliced by organisation and unit.

- participation.proposals: proposals received, by the day they came in.
- participation.co_signatures: co-signatures given (and not withdrawn), by the day.
- participation.proposals_answered_on_time: responses published by their due date among
  all responses, by the day of the response.
- participation.session_attendance: people who came among those with a place, by the
  day the session was held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.core.localtime import TAIPEI
from minfu.metrics.registry import Direction, Fact, Kind, Metric
from minfu.metrics.sources import daily, facts, organisation_and_unit
from minfu.participation.models.proposals import Proposal, ProposalSignature
from minfu.participation.models.sessions import Registration, RegistrationStatus


def proposals(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return facts(daily(Proposal.objects.all(), "submitted_at", start, end,
                       slices=organisation_and_unit(), n=Count("id")))


def co_signatures(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = daily(ProposalSignature.objects.filter(withdrawn_at__isnull=True), "signed_at",
                 start, end, slices=organisation_and_unit("proposal__"), n=Count("id"))
    return facts(rows)


def proposals_answered_on_time(start: dt.date, end: dt.date) -> Iterable[Fact]:
    # On time: the local day of the response is no later than the due date.
    rows = daily(Proposal.objects.filter(responded_at__isnull=False), "responded_at",
                 start, end, slices=organisation_and_unit(),
                 n=Count("id", filter=Q(response_due_on__gte=TruncDate(
                     "responded_at", tzinfo=TAIPEI))), d=Count("id"))
    return facts(rows)


def session_attendance(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = daily(Registration.objects.filter(status=RegistrationStatus.CONFIRMED,
                                             session__held_at__isnull=False),
                 "session__held_at", start, end, slices=organisation_and_unit("session__"),
                 n=Count("id", filter=Q(attended=True)), d=Count("id"))
    return facts(rows)


METRICS = [
    Metric(code="participation.proposals", name=_("Proposals received"),
           description=_("Proposals citizens sent to the agency, on the day they came in."),
           kind=Kind.COUNT, unit=pgettext_lazy("unit of measure", "proposals"),
           direction=Direction.HIGHER_IS_BETTER, source=proposals),
    Metric(code="participation.co_signatures", name=_("Co-signatures"),
           description=_("Co-signatures given to proposals and not withdrawn, on the day "
                         "they were given."),
           kind=Kind.COUNT, unit=pgettext_lazy("unit of measure", "co-signatures"),
           direction=Direction.HIGHER_IS_BETTER, source=co_signatures),
    Metric(code="participation.proposals_answered_on_time",
           name=_("Proposals answered on time"),
           description=_("Share of responses to proposals that reached their threshold "
                         "published by the due date on the office calendar, on the day of "
                         "the response."),
           kind=Kind.RATIO, unit="%", direction=Direction.HIGHER_IS_BETTER,
           source=proposals_answered_on_time),
    Metric(code="participation.session_attendance", name=_("Session attendance"),
           description=_("Share of people with a place at a co-design session who came, on "
                         "the day the session was held."),
           kind=Kind.RATIO, unit="%", direction=Direction.HIGHER_IS_BETTER,
           source=session_attendance),
]
