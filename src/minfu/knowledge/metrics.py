"""The metrics of the knowledge base (see minfu.metrics.registry for the contract). Each
source is one GROUP BY query over the local (Asia/Taipei) days; slices are organisation,
unit and, for calls, the channel "hotline".

- knowledge.first_contact_answer_rate: hotline calls answered at first contact (with an
  article or without one) among all calls logged, by the day of the call.
- knowledge.article_helpfulness: "yes" among "was this helpful?" votes, by the day of
  the vote.
- knowledge.gaps: calls no article answered (answered without one, or registered as a
  petition), by the day of the call; months add up from days."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.knowledge.models import CallOutcome, HotlineCall, Vote
from minfu.metrics.registry import Direction, Fact, Kind, Metric
from minfu.metrics.sources import daily, facts, organisation_and_unit

HOTLINE = "hotline"


def first_contact_answer_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = daily(HotlineCall.objects.all(), "taken_at", start, end,
                 slices=organisation_and_unit(),
                 n=Count("id", filter=~Q(outcome=CallOutcome.ESCALATED)), d=Count("id"))
    return facts(rows, channel=HOTLINE)


def article_helpfulness(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = daily(Vote.objects.all(), "voted_at", start, end,
                 slices=organisation_and_unit("article__"),
                 n=Count("id", filter=Q(helpful=True)), d=Count("id"))
    return facts(rows)


def gaps(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = daily(HotlineCall.objects.filter(article__isnull=True), "taken_at", start, end,
                 slices=organisation_and_unit(), n=Count("id"))
    return facts(rows, channel=HOTLINE)


METRICS = [
    Metric(code="knowledge.first_contact_answer_rate",
           name=_("Calls answered at first contact"),
           description=_("Share of hotline calls logged in the call-centre console that were "
                         "answered during the call (with a knowledge-base article or "
                         "without one) rather than registered as a petition, on the day of "
                         "the call."),
           kind=Kind.RATIO, unit="%", direction=Direction.HIGHER_IS_BETTER,
           source=first_contact_answer_rate),
    Metric(code="knowledge.article_helpfulness", name=_("Helpfulness of articles"),
           description=_("Share of “yes” among the answers to “was this helpful?” on the "
                         "public articles, on the day of the vote."),
           kind=Kind.RATIO, unit="%", direction=Direction.HIGHER_IS_BETTER,
           source=article_helpfulness),
    Metric(code="knowledge.gaps", name=_("Knowledge-base gaps"),
           description=_("Hotline calls that no article answered (answered without one, or "
                         "registered as a petition), on the day of the call; a month is the "
                         "sum of its days."),
           kind=Kind.COUNT, unit=pgettext_lazy("unit of measure", "calls"),
           direction=Direction.LOWER_IS_BETTER, source=gaps),
]
