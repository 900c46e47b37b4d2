"""Metrics of surveys and ratings (see minfu.metrics.registry). Each source groups the
rows of one day range by (day in Asia/Taipei, organisation, unit, service type,
channel)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.metrics.registry import Direction, Fact, Kind, Metric
from minfu.surveys.logic import SATISFIED_VALUES
from minfu.surveys.models import Answer, QuestionKind, Rating, Response


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return first, after


def _facts(rows: Iterable[tuple], value) -> list[Fact]:
    """rows: (moment, organisation, unit, service type, channel, *rest); `value(rest)`
    gives (numerator, denominator) of one row."""
    sums: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for moment, organisation_id, unit_id, service_type_id, channel, *rest in rows:
        key = (timezone.localtime(moment).date(), organisation_id, unit_id,
               service_type_id, channel or "")
        numerator, denominator = value(rest)
        sums[key][0] += numerator
        sums[key][1] += denominator
    return [Fact(day, organisation_id, unit_id, service_type_id, channel, n, d)
            for (day, organisation_id, unit_id, service_type_id, channel), (n, d)
            in sorted(sums.items(), key=lambda item: tuple(str(part) for part in item[0]))]


_DIMENSIONS = ("organisation_id", "unit_id", "service_type_id", "channel")


def satisfaction_share_facts(start: dt.date, end: dt.date) -> list[Fact]:
    first, after = _bounds(start, end)
    rows = (Answer.objects.filter(
        response__submitted_at__gte=first, response__submitted_at__lt=after,
        question__kind=QuestionKind.LIKERT, question__is_overall=True, number__isnull=False)
        .values_list("response__submitted_at",
                     *[f"response__{name}" for name in _DIMENSIONS], "number"))
    return _facts(rows, lambda rest: (1 if rest[0] in SATISFIED_VALUES else 0, 1))


def realtime_rating_facts(start: dt.date, end: dt.date) -> list[Fact]:
    first, after = _bounds(start, end)
    rows = (Rating.objects.filter(submitted_at__gte=first, submitted_at__lt=after)
            .values_list("submitted_at", *_DIMENSIONS, "score"))
    return _facts(rows, lambda rest: (rest[0], 1))


def response_facts(start: dt.date, end: dt.date) -> list[Fact]:
    first, after = _bounds(start, end)
    rows = (Response.objects.filter(submitted_at__gte=first, submitted_at__lt=after)
            .values_list("submitted_at", *_DIMENSIONS))
    return _facts(rows, lambda rest: (1, 0))


METRICS = [
    Metric(
        code="surveys.satisfaction_share",
        name=_("Satisfaction share"),
        description=_("Answers 4 or 5 over all answers of the 5-point questions flagged as "
                      "overall satisfaction, by the day the response was submitted."),
        kind=Kind.RATIO, unit="%", direction=Direction.HIGHER_IS_BETTER,
        source=satisfaction_share_facts),
    Metric(
        code="surveys.realtime_rating_mean",
        name=_("Mean real-time rating"),
        description=_("Mean of the real-time ratings (1 to 5), by the day they were given."),
        kind=Kind.MEAN, unit=_("points"), direction=Direction.HIGHER_IS_BETTER,
        source=realtime_rating_facts),
    Metric(
        code="surveys.responses",
        name=_("Survey responses"),
        description=_("Survey responses received, by the day they were submitted."),
        kind=Kind.COUNT, unit=_("responses"), direction=Direction.HIGHER_IS_BETTER,
        source=response_facts),
]
