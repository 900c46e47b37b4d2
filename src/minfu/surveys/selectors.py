"""Reads of surveys, scoped: a user sees the surveys, waves and responses of the
organisations where a role that may view surveys covers them whole, and the responses,
ratings and follow-ups of the units such a role covers. A ministry evaluator (scope
subtree) sees its agencies, so it can compare peers; an agency user sees only its own.
Another agency's record is NotFound."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.catalog.models import ServiceType
from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.org.models import Organisation, Unit
from minfu.org.selectors import organisations_where, units_where
from minfu.surveys import stats
from minfu.surveys.models import (
    Answer,
    FollowUp,
    Invitation,
    QuestionKind,
    Rating,
    Response,
    Survey,
    SurveyChannel,
    SurveyVersion,
    Wave,
)

VIEW = "surveys.view"
FOLLOW_UP = "surveys.follow_up"


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def _scope(user, action: str) -> tuple[set[int], set[int]]:
    organisation_ids = set(organisations_where(user, action).values_list("pk", flat=True))
    unit_ids = set(units_where(user, action).values_list("pk", flat=True))
    return organisation_ids, unit_ids


def _org_or_unit(user, action: str, unit_field: str = "unit_id",
                 organisation_field: str = "organisation_id") -> Q:
    organisation_ids, unit_ids = _scope(user, action)
    return Q(**{f"{organisation_field}__in": organisation_ids}) | \
        Q(**{f"{unit_field}__in": unit_ids})


# ----- surveys and waves ---------------------------------------------------------------------

def surveys_for(user) -> QuerySet[Survey]:
    """Surveys of the organisations the user sees whole, or where they view a unit."""
    if not _active(user):
        return Survey.objects.none()
    organisation_ids, unit_ids = _scope(user, VIEW)
    through_units = set(Unit.objects.filter(pk__in=unit_ids)
                        .values_list("organisation_id", flat=True))
    return (Survey.objects.filter(organisation_id__in=organisation_ids | through_units)
            .select_related("organisation"))


def survey_get_for(user, pk) -> Survey:
    survey = surveys_for(user).filter(pk=as_id(pk)).first()
    if survey is None:
        raise NotFound(_("No such survey."))
    return survey


def survey_list(user) -> QuerySet[Survey]:
    return surveys_for(user).annotate(
        wave_count=Count("waves", distinct=True),
        version_count=Count("versions", distinct=True)).order_by("organisation__path", "code")


def version_get_for(user, pk) -> SurveyVersion:
    version = (SurveyVersion.objects.select_related("survey__organisation")
               .filter(survey__in=surveys_for(user), pk=as_id(pk)).first())
    if version is None:
        raise NotFound(_("No such survey version."))
    return version


def versions_of(survey: Survey) -> QuerySet[SurveyVersion]:
    return survey.versions.annotate(
        question_count=Count("questions", distinct=True),
        response_count=Count("responses", distinct=True))


def waves_for(user) -> QuerySet[Wave]:
    return (Wave.objects.filter(survey__in=surveys_for(user))
            .select_related("survey__organisation", "survey_version"))


def wave_get_for(user, pk) -> Wave:
    wave = waves_for(user).filter(pk=as_id(pk)).first()
    if wave is None:
        raise NotFound(_("No such survey wave."))
    return wave


def waves_with_progress(queryset: QuerySet[Wave]) -> QuerySet[Wave]:
    return queryset.annotate(
        response_count=Count("responses", distinct=True),
        invitation_count=Count("invitations", distinct=True),
        used_invitation_count=Count("invitations", distinct=True,
                                    filter=Q(invitations__used_at__isnull=False)))


def wave_progress(wave: Wave) -> Wave:
    """The wave again, with its response and invitation counts."""
    return waves_with_progress(Wave.objects.filter(pk=wave.pk).select_related(
        "survey__organisation", "survey_version")).get()


def invitations_of(wave: Wave) -> QuerySet[Invitation]:
    return wave.invitations.select_related("case", "unit")


# ----- responses, ratings, follow-ups --------------------------------------------------------

def responses_for(user) -> QuerySet[Response]:
    if not _active(user):
        return Response.objects.none()
    return Response.objects.filter(_org_or_unit(user, VIEW))


def ratings_for(user) -> QuerySet[Rating]:
    if not _active(user):
        return Rating.objects.none()
    return Rating.objects.filter(_org_or_unit(user, VIEW)).select_related(
        "unit", "service_type")


def follow_ups_for(user, *, status: str = "") -> QuerySet[FollowUp]:
    """The follow-ups the user sees; of one status when `status` is one (else all)."""
    if not _active(user):
        return FollowUp.objects.none()
    follow_ups = (FollowUp.objects.filter(_org_or_unit(user, FOLLOW_UP) | _org_or_unit(user, VIEW))
                  .select_related("organisation", "unit", "rating", "response__wave",
                                  "handled_by"))
    return follow_ups.filter(status=status) if status in FollowUp.Status.values else follow_ups


def kiosk_service_types(units: QuerySet[Unit]) -> QuerySet[ServiceType]:
    """The services a counter tablet of one of `units` may rate."""
    return ServiceType.objects.filter(organisation__in=units.values("organisation"))


# ----- citizens' pages -----------------------------------------------------------------------

def public_wave(pk) -> Wave | None:
    return (Wave.objects.select_related("survey__organisation", "survey_version")
            .filter(pk=as_id(pk)).first())


def current_wave(survey_id: int, day) -> Wave | None:
    """The wave of the survey open on `day` for answers on the website, if any: where a
    closed wave's page sends people."""
    waves = Wave.objects.filter(survey_id=survey_id, starts_on__lte=day, ends_on__gte=day)
    # channels is a JSON list; SQLite cannot search inside one, and a survey has few waves.
    return next((wave for wave in waves.order_by("-starts_on", "-id")
                 if SurveyChannel.WEB in wave.channels), None)


def counter_unit(wave: Wave, unit_id) -> Unit | None:
    """The unit a counter QR code names, if it belongs to the wave's organisation."""
    return Unit.objects.filter(pk=as_id(unit_id),
                               organisation_id=wave.survey.organisation_id).first()


def rating_unit(organisation: Organisation, code: str) -> Unit | None:
    """The active unit of `organisation` with this code (`?unit=` of a rating link)."""
    return Unit.objects.filter(organisation=organisation, code=code, is_active=True).first()


def kiosk_place(unit_id, service_type_id) -> tuple[Unit | None, ServiceType | None]:
    """The active unit and, if named, the service of its organisation a tablet rates."""
    unit = Unit.objects.select_related("organisation").filter(
        pk=as_id(unit_id), is_active=True).first()
    if unit is None or not service_type_id:
        return unit, None
    return unit, ServiceType.objects.filter(pk=as_id(service_type_id),
                                            organisation=unit.organisation_id).first()


def follow_up_get_for(user, pk) -> FollowUp:
    follow_up = follow_ups_for(user).filter(pk=as_id(pk)).first()
    if follow_up is None:
        raise NotFound(_("No such follow-up."))
    return follow_up


# ----- analysis -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnalysisFilter:
    wave_id: int | None = None
    unit_id: int | None = None
    service_type_id: int | None = None
    channel: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class QuestionResult:
    question_key: str
    text: str
    kind: str
    share: stats.Interval | None = None
    mean: stats.Interval | None = None
    counts: dict | None = None
    terms: list | None = None
    texts: list | None = None


def _filtered_answers(user, survey: Survey, query: AnalysisFilter) -> QuerySet[Answer]:
    responses = responses_for(user).filter(wave__survey=survey)
    if query.wave_id:
        responses = responses.filter(wave_id=query.wave_id)
    if query.unit_id:
        responses = responses.filter(unit_id=query.unit_id)
    if query.service_type_id:
        responses = responses.filter(service_type_id=query.service_type_id)
    if query.channel:
        responses = responses.filter(channel=query.channel)
    if query.start:
        responses = responses.filter(submitted_at__date__gte=query.start)
    if query.end:
        responses = responses.filter(submitted_at__date__lte=query.end)
    return Answer.objects.filter(response__in=responses)


def survey_results(user, survey: Survey, query: AnalysisFilter) -> tuple[int, list[QuestionResult]]:
    """(responses counted, one result per question key of the survey's latest versions).
    Answers of every version are pooled by question key."""
    answers = _filtered_answers(user, survey, query)
    response_count = answers.values("response_id").distinct().count()
    questions = {}
    for version in survey.versions.order_by("number").prefetch_related("questions"):
        for question in version.questions.all():
            questions[question.key] = question  # the latest version's wording wins
    by_key: dict[str, list] = defaultdict(list)
    for key, number, choices, text in answers.values_list(
            "question__key", "number", "choices", "text"):
        by_key[key].append((number, choices, text))
    results = []
    for key, question in questions.items():
        rows = by_key.get(key, [])
        result = QuestionResult(question_key=key, text=question.text, kind=question.kind)
        if question.kind == QuestionKind.LIKERT:
            result.share, result.mean = stats.satisfaction(
                [number for number, _c, _t in rows if number is not None])
            result.counts = {value: sum(1 for n, _c, _t in rows if n == value)
                             for value in range(1, 6)}
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            labels = {o["value"]: (o.get("zh") or o["value"]) for o in question.options}
            counts = dict.fromkeys(labels.values(), 0)
            for _n, choices, _t in rows:
                for choice in choices:
                    label = labels.get(choice, choice)
                    counts[label] = counts.get(label, 0) + 1
            result.counts = counts
        else:
            texts = [text for _n, _c, text in rows if text]
            result.terms = stats.top_terms(texts, 15)
            result.texts = texts[:50]
        results.append(result)
    return response_count, results


def _overall_scale_answers(user, organisation_ids=None) -> QuerySet[Answer]:
    answers = Answer.objects.filter(response__in=responses_for(user),
                                    question__kind=QuestionKind.LIKERT,
                                    question__is_overall=True, number__isnull=False)
    if organisation_ids is not None:
        answers = answers.filter(response__organisation_id__in=organisation_ids)
    return answers


def overall_by(user, survey: Survey, dimension: str, query: AnalysisFilter):
    """Overall satisfaction grouped by `quarter`, `unit`, `service_type` or `channel`:
    [(label, share interval, mean interval)]."""
    answers = _filtered_answers(user, survey, query).filter(
        question__kind=QuestionKind.LIKERT, question__is_overall=True, number__isnull=False)
    groups: dict[object, list[int]] = defaultdict(list)
    labels: dict[object, str] = {}
    fields = {"unit": ("response__unit_id", "response__unit__name_zh"),
              "service_type": ("response__service_type_id", "response__service_type__code"),
              "channel": ("response__channel", "response__channel")}
    if dimension == "quarter":
        for number, moment in answers.values_list("number", "response__submitted_at"):
            quarter = stats.Quarter.of(timezone.localtime(moment).date())
            groups[quarter].append(number)
            labels[quarter] = quarter.label
        order = sorted(groups)
    else:
        key_field, label_field = fields[dimension]
        for number, key, label in answers.values_list("number", key_field, label_field):
            groups[key].append(number)
            labels[key] = label or "—"
        order = sorted(groups, key=lambda k: str(labels[k]))
    if dimension == "channel":
        names = dict(SurveyChannel.choices)
        labels = {k: str(names.get(k, k)) for k in labels}
    return [(labels[key], *stats.satisfaction(groups[key])) for key in order]


def peer_comparison(user, *, start: dt.date | None = None, end: dt.date | None = None):
    """Overall satisfaction of every organisation the user sees whole, grouped with its
    peers (same parent and kind): [(group label, [(organisation, share, mean)])].
    An agency user sees one group with only their agency; a ministry evaluator sees its
    agencies side by side."""
    organisation_ids, _units = _scope(user, VIEW)
    organisations = list(Organisation.objects.filter(pk__in=organisation_ids)
                         .select_related("parent"))
    answers = _overall_scale_answers(user, organisation_ids)
    if start:
        answers = answers.filter(response__submitted_at__date__gte=start)
    if end:
        answers = answers.filter(response__submitted_at__date__lte=end)
    values: dict[int, list[int]] = defaultdict(list)
    for organisation_id, number in answers.values_list("response__organisation_id", "number"):
        values[organisation_id].append(number)
    groups: dict[tuple, list] = defaultdict(list)
    for organisation in organisations:
        if organisation.pk not in values:
            continue
        groups[(organisation.parent_id, organisation.kind)].append(
            (organisation, *stats.satisfaction(values[organisation.pk])))
    result = []
    for (_parent_id, kind), rows in groups.items():
        parent = rows[0][0].parent
        label = f"{parent.name if parent else '—'} · {Organisation.Kind(kind).label}"
        result.append((label, sorted(rows, key=lambda row: row[0].code)))
    return sorted(result, key=lambda group: group[0])


def rating_summary(user, *, start: dt.date | None = None, end: dt.date | None = None):
    """Real-time ratings by unit: [(unit, share, mean)]."""
    ratings = ratings_for(user)
    if start:
        ratings = ratings.filter(submitted_at__date__gte=start)
    if end:
        ratings = ratings.filter(submitted_at__date__lte=end)
    groups: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    for unit_id, name, score in ratings.values_list("unit_id", "unit__name_zh", "score"):
        groups[unit_id].append(score)
        names[unit_id] = name
    return [(names[key], *stats.satisfaction(groups[key]))
            for key in sorted(groups, key=lambda k: names[k])]
