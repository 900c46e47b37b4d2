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
  the answer;
- participation.proposals: proposals received, by the day they came in;
- participation.co_signatures: co-signatures given (and not withdrawn), by the day;
- participation.proposals_answered_on_time: responses published by their due date among
  all responses, by the day of the response;
- participation.session_attendance: people who came among those with a place, by the
  day the session was held.

Proposals, co-signatures and sessions are sliced by unit too."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.core.localtime import TAIPEI, local_bounds
from minfu.metrics.registry import Direction, Fact, Kind, Metric
from minfu.metrics.sources import daily, facts, organisation_and_unit
from minfu.participation.models import Ballot, Comment, Consultation, Poll, Verdict
from minfu.participation.models.proposals import Proposal, ProposalSignature
from minfu.participation.models.sessions import Registration, RegistrationStatus

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
