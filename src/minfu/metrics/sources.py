"""What the apps' metric sources share (see minfu.metrics.registry for the contract): the
rows of a table grouped by the local day of one of their moments and by the dimensions
of a Fact, and the facts read from those groups. Below the apps: it imports none.

A source names its slices as Fact dimensions and the field that gives each, counts its
numerator as `n` and, for a ratio or a mean, its denominator as `d`:

    rows = daily(Petition.objects.all(), "received_at", start, end,
                 slices=organisation_and_unit(), n=Count("id"))
    return facts(rows)
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from django.db import models
from django.db.models import F, QuerySet
from django.db.models.functions import TruncDate

from minfu.core.localtime import TAIPEI, local_bounds
from minfu.metrics.registry import Fact


def organisation_and_unit(prefix: str = "", **more: str) -> dict[str, str]:
    """The usual slices: the organisation and unit of the row, or of the record it belongs
    to through `prefix` (e.g. "case__"), and `more` dimensions by their field."""
    return {"organisation_id": f"{prefix}organisation_id", "unit_id": f"{prefix}unit_id",
            **more}


def slice_annotations(slices: Mapping[str, str]) -> dict[str, F]:
    """The annotations that carry `slices` on each row (`metric_<dimension>`), as `daily`
    groups by them and `facts` reads them."""
    return {f"metric_{dimension}": F(field) for dimension, field in slices.items()}


def daily(rows: QuerySet, moment: str, start: dt.date, end: dt.date, *,
          slices: Mapping[str, str], **aggregates) -> QuerySet:
    """`rows` whose `moment` falls in the days start..end (inclusive; the local day of a
    date-time, a date as it is), grouped by that day and by `slices`, with `aggregates`."""
    if _holds_dates(rows.model, moment):
        rows = rows.filter(**{f"{moment}__gte": start, f"{moment}__lte": end})
        day = F(moment)
    else:
        low, high = local_bounds(start, end)
        rows = rows.filter(**{f"{moment}__gte": low, f"{moment}__lt": high})
        day = TruncDate(moment, tzinfo=TAIPEI)
    named = slice_annotations(slices)
    return (rows.annotate(metric_day=day, **named).values("metric_day", *named)
            .annotate(**aggregates).order_by())


def facts(rows: Iterable[dict], *, channel: str = "") -> Iterator[Fact]:
    """A Fact for each group of `daily`: the dimensions not sliced are empty (the channel
    is `channel`), the denominator 0 where none was counted."""
    for row in rows:
        yield Fact(day=row["metric_day"], organisation_id=row["metric_organisation_id"],
                   unit_id=row.get("metric_unit_id"),
                   service_type_id=row.get("metric_service_type_id"),
                   channel=row.get("metric_channel", channel),
                   numerator=float(row["n"] or 0), denominator=float(row.get("d") or 0))


def _holds_dates(model: type[models.Model], path: str) -> bool:
    field = None
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model
    return not isinstance(field, models.DateTimeField)
