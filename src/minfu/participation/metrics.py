"""The metrics of public participation (see minfu.metrics.registry for the contract),
each by the local (Asia/Taipei) day and the organisation that ran the activity:

- participation.participations: a participant taking part in an activity (a ballot in a
  poll, the first comment in a consultation), on that day;
- participation.activities: consultations and polls opened to the public, on the day
  they open;
- participation.adoption_rate: comments the agency adopted or partly adopted among the
  comments it gave a response, on the day of the answer;
- participation.answer_on_time: comments answered by their answer date
  (services.ANSWER_PERIOD on the office calendar) among the answered ones, on the day of
  the answer."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, F, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from minfu.core.localtime import TAIPEI, local_bounds
from minfu.metrics.registry import Direction, Fact, Kind, Metric
from minfu.metrics.sources import daily, facts
from minfu.participation.models import Ballot, Comment, Consultation, Poll, Verdict

ADOPTED = [Verdict.ADOPTED, Verdict.PARTLY]


def _by_organisation(rows: QuerySet, moment: str, start: dt.date, end: dt.date, *,
                     organisation: str = "organisation_id", **aggregates) -> Iterable[Fact]:
    return facts(daily(rows, moment, start, end, slices={"organisation_id": organisation},
                       **aggregates))


def _summed(facts: Iterable[Fact]) -> list[Fact]:
    """One fact per day and organisation (the rollup keeps one row per slice) from the
    facts of several tables."""
    totals: dict[tuple[dt.date, int], list[float]] = {}
    for fact in facts:
        total = totals.setdefault((fact.day, fact.organisation_id), [0.0, 0.0])
        total[0] += fact.numerator
        total[1] += fact.denominator
    return [Fact(day=day, organisation_id=organisation_id, unit_id=None, service_type_id=None,
                 channel="", numerator=numerator, denominator=denominator)
            for (day, organisation_id), (numerator, denominator) in totals.items()]


def participations(start: dt.date, end: dt.date) -> list[Fact]:
    return _summed(_participations(start, end))


def _participations(start: dt.date, end: dt.date) -> Iterable[Fact]:
    yield from _by_organisation(Ballot.objects.all(), "created_at", start, end,
                                organisation="poll__organisation_id", n=Count("id"))
    # A participant's first comment in a consultation is the day they took part in it.
    low, high = local_bounds(start, end)
    firsts = (Comment.objects
              .values("consultation_id", "participant_id", "consultation__organisation_id")
              .annotate(first=Min("created_at")).filter(first__gte=low, first__lt=high)
              .order_by())
    for row in firsts:
        yield Fact(day=row["first"].astimezone(TAIPEI).date(),
                   organisation_id=row["consultation__organisation_id"], unit_id=None,
                   service_type_id=None, channel="", numerator=1.0)


def activities(start: dt.date, end: dt.date) -> list[Fact]:
    return _summed(fact for model in (Consultation, Poll) for fact in _by_organisation(
        model.objects.filter(published=True), "opens_at", start, end, n=Count("id")))


ANSWERED = Q(parent__isnull=True, answered_at__isnull=False)


def adoption_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _by_organisation(Comment.objects.filter(ANSWERED).exclude(verdict=""),
                            "answered_at", start, end,
                            n=Count("id", filter=Q(verdict__in=ADOPTED)), d=Count("id"))


def answer_on_time(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return _by_organisation(
        Comment.objects.filter(ANSWERED, answer_due_on__isnull=False), "answered_at", start,
        end, n=Count("id", filter=Q(answered_at__date__lte=F("answer_due_on"))),
        d=Count("id"))


METRICS = [
    Metric(code="participation.participations", name=_("Participations"),
           description=_("Participants taking part in an activity: a ballot in a poll, or "
                         "the first comment of a participant in a consultation, on that "
                         "day."),
           kind=Kind.COUNT, unit=_("participations"), direction=Direction.HIGHER_IS_BETTER,
           source=participations),
    Metric(code="participation.activities", name=_("Participation activities"),
           description=_("Consultations and polls opened to the public, on the day they "
                         "open."),
           kind=Kind.COUNT, unit=_("activities"), direction=Direction.HIGHER_IS_BETTER,
           source=activities),
    Metric(code="participation.adoption_rate", name=_("Adoption rate of comments"),
           description=_("Share of comments the agency adopted or partly adopted among the "
                         "comments it gave a response, on the day of the answer."),
           kind=Kind.RATIO, unit="%", direction=Direction.HIGHER_IS_BETTER,
           source=adoption_rate),
    Metric(code="participation.answer_on_time", name=_("Comments answered on time"),
           description=_("Share of comments answered within 10 working days on the office "
                         "calendar among the answered comments, on the day of the answer."),
           kind=Kind.RATIO, unit="%", direction=Direction.HIGHER_IS_BETTER,
           source=answer_on_time),
]
