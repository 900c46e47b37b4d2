"""The metrics of petitions (see minfu.metrics.registry for the contract). Each source is
one GROUP BY query over the local (Asia/Taipei) days of the moment measured; the slices are
organisation, unit and channel (petitions have no service type).

- voice.received: petitions received (every one registered, merged, transferred and not
  handled ones included), by day of receipt.
- voice.on_time_reply_rate: replies sent on or before the due date among replied petitions,
  by the day of the (latest) reply.
- voice.reply_satisfaction: ratings of 4 or 5 among answered ratings, by day of answer."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.metrics.registry import Direction, Fact, Kind, Metric
from minfu.metrics.sources import daily, facts, organisation_and_unit
from minfu.voice.models import Petition, Rating


def _slices(prefix: str = "") -> dict[str, str]:
    return organisation_and_unit(prefix, channel=f"{prefix}channel")


def received(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return facts(daily(Petition.objects.all(), "received_at", start, end, slices=_slices(),
                       n=Count("id")))


def on_time_reply_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = daily(Petition.objects.filter(on_time__isnull=False), "replied_at", start, end,
                 slices=_slices(), n=Count("id", filter=Q(on_time=True)), d=Count("id"))
    return facts(rows)


def reply_satisfaction(start: dt.date, end: dt.date) -> Iterable[Fact]:
    rows = daily(Rating.objects.filter(satisfied__isnull=False), "answered_at", start, end,
                 slices=_slices("petition__"), n=Count("id", filter=Q(satisfied=True)),
                 d=Count("id"))
    return facts(rows)


PETITIONS_UNIT = pgettext_lazy("unit of measure", "petitions")

METRICS = [
    Metric(code="voice.received", name=_("Petitions received"),
           description=_("Suggestions, complaints, petitions, compliments and questions "
                         "received, on the day of receipt, by channel; every registered "
                         "case counts, including those merged, transferred or not handled."),
           kind=Kind.COUNT, unit=PETITIONS_UNIT, direction=Direction.HIGHER_IS_BETTER,
           source=received),
    Metric(code="voice.on_time_reply_rate", name=_("Petitions replied on time"),
           description=_("Share of replied petitions whose reply was approved and sent on or "
                         "before the due date (handling limit plus any extension), on the "
                         "day of the reply."),
           kind=Kind.RATIO, unit="%", direction=Direction.HIGHER_IS_BETTER,
           source=on_time_reply_rate),
    Metric(code="voice.reply_satisfaction", name=_("Satisfaction with replies"),
           description=_("Share of answered reply ratings that are 4 or 5 on the 1 to 5 "
                         "scale, on the day the petitioner answered."),
           kind=Kind.RATIO, unit="%", direction=Direction.HIGHER_IS_BETTER,
           source=reply_satisfaction),
]
