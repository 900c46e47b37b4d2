"""Reads of assessment. Staff reads are scoped through the org selectors: a record of an
organisation or unit the user does not see is NotFound. Public reads (honour roll, award
results) show only what was selected or published."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from minfu.assessment import awards, deadlines, scoring, workflow
from minfu.assessment.models import (
    AwardAssignment,
    AwardCategory,
    AwardEntry,
    AwardRound,
    AwardRoundState,
    AwardStage,
    AwardStageEntry,
    ConflictState,
    CourtesyTest,
    Evidence,
    Finding,
    ImprovementItem,
    Inspection,
    InspectionPublication,
    InspectionState,
    ItemStatus,
    Meeting,
    Nomination,
    Proposal,
    ProposalStatus,
    RecognitionKind,
    ScoreCard,
    ScoreItem,
    ScoreSheet,
    SignoffEntry,
)
from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.core.models import Bilingual
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import can, roles_for
from minfu.org.selectors import in_reach, organisations_where, units_where, visible_scope
from minfu.plans.selectors import plan_indicators, published_plans

VIEW = "assessment.view"
MEETING_INTERVAL_MONTHS = 6


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def _scoped(queryset: QuerySet, user, *, unit_field: str | None = None,
            organisation_field: str = "organisation", action: str = VIEW) -> QuerySet:
    """Rows of the organisations the user sees whole, or of the units they see."""
    return in_reach(queryset, user, action, unit_field=unit_field,
                    organisation_field=organisation_field)


def _get(queryset: QuerySet, pk, message):
    found = queryset.filter(pk=as_id(pk)).first()
    if found is None:
        raise NotFound(message)
    return found


# ----- score sheets -------------------------------------------------------------------------

def sheet_rules(sheet: ScoreSheet) -> scoring.SheetRules:
    items = ScoreItem.objects.filter(section__sheet=sheet).values_list("pk", "max_points")
    return scoring.SheetRules(
        max_points=dict(items),
        tiers=tuple(scoring.Tier(tier.name_zh, tier.lower_bound) for tier in sheet.tiers.all()),
        improvement_below=sheet.improvement_below)


def _ancestor_and_visible_ids(user) -> set[int]:
    """Visible organisations and those above them: a ministry's sheet serves its agencies."""
    visible = visible_scope(user).organisation_ids
    paths = dict(Organisation.objects.values_list("pk", "path"))
    own = [paths[pk] for pk in visible if pk in paths]
    return {pk for pk, path in paths.items() if any(p.startswith(path) for p in own)}


def score_sheets_for(user, *, kind: str | None = None, current_only: bool = False
                     ) -> QuerySet[ScoreSheet]:
    if not _signed_in(user):
        return ScoreSheet.objects.none()
    sheets = ScoreSheet.objects.select_related("organisation")
    if not user.is_superuser:
        sheets = sheets.filter(organisation_id__in=_ancestor_and_visible_ids(user))
    if kind:
        sheets = sheets.filter(kind=kind)
    if current_only:
        sheets = sheets.filter(is_current=True)
    return sheets


def score_sheet_get_for(user, pk) -> ScoreSheet:
    return _get(score_sheets_for(user), pk, _("No such score sheet."))


def sheet_structure(sheet: ScoreSheet):
    """Sections with their items, in order (two queries)."""
    return sheet.sections.prefetch_related("items")


# ----- inspections -------------------------------------------------------------------------

def inspections_for(user) -> QuerySet[Inspection]:
    return _scoped(Inspection.objects.select_related("organisation", "unit", "sheet",
                                                     "convener"), user, unit_field="unit")


def inspection_get_for(user, pk) -> Inspection:
    return _get(inspections_for(user), pk, _("No such inspection."))


def finding_get_for(user, inspection: Inspection, pk) -> Finding:
    return _get(inspection.findings.select_related("owner_unit"), pk, _("No such finding."))


@dataclass(frozen=True)
class ItemMean:
    item: ScoreItem
    mean: Decimal | None
    comments: list[str]


def inspection_item_means(inspection: Inspection) -> list[ItemMean]:
    """Each item's mean over the inspectors, with their comments."""
    values: dict[int, list[Decimal]] = defaultdict(list)
    comments: dict[int, list[str]] = defaultdict(list)
    for card in inspection.cards.prefetch_related("lines"):
        for line in card.lines.all():
            values[line.item_id].append(line.points)
            if line.comment:
                comments[line.item_id].append(line.comment)
    items = ScoreItem.objects.filter(section__sheet=inspection.sheet).select_related("section")
    return [ItemMean(item, scoring.mean(values[item.pk]) if values[item.pk] else None,
                     comments[item.pk]) for item in items]


def is_task_force_member(inspection: Inspection, user) -> bool:
    return user.pk in {inspection.convener_id, inspection.secretary_id} or \
        inspection.members.filter(pk=user.pk).exists()


# ----- inspection sign-off and publication ----------------------------------------------------

AWAITING_ME = "awaiting_me"


def _awaiting(user) -> Q:
    """Reports waiting on `user`: to review (they may, and did not submit it), or to
    approve (they are the designated official; for an inspection without one, they may
    approve and neither submitted nor reviewed it)."""
    if user.is_superuser:
        review_orgs = approve_orgs = Organisation.objects.values("pk")
    else:
        review_orgs = organisations_where(user, "assessment.review_inspection").values("pk")
        approve_orgs = organisations_where(user, "assessment.approve_inspection").values("pk")
    to_review = Q(state=workflow.InspectionState.SUBMITTED, organisation__in=review_orgs) & \
        ~Q(submitted_by=user)
    to_approve = Q(state=workflow.InspectionState.REVIEWED) & (
        Q(approver=user) | (Q(approver__isnull=True, organisation__in=approve_orgs)
                            & ~Q(submitted_by=user) & ~Q(reviewed_by=user)))
    return to_review | to_approve


def inspections_matching(user, *, state: str = "") -> QuerySet[Inspection]:
    """The user's inspections in `state`, or (AWAITING_ME) those whose report waits on
    them; all of them when no state is given."""
    inspections = inspections_for(user)
    if state == AWAITING_ME:
        return inspections.filter(_awaiting(user)) if _signed_in(user) else inspections.none()
    return inspections.filter(state=state) if state else inspections


def awaiting_signoff_count(user) -> int:
    return inspections_matching(user, state=AWAITING_ME).count()


def signoff_history(inspection: Inspection) -> QuerySet[SignoffEntry]:
    return inspection.signoff.select_related("actor")


def holders_of(action: str, organisation: Organisation) -> list:
    """Active staff who may take `action` on `organisation` (their membership's scope
    covers it), in id order: whom to tell that a report waits for review."""
    from django.contrib.auth import get_user_model

    above = [pk for pk, path in Organisation.objects.values_list("pk", "path")
             if organisation.path.startswith(path)]
    people = (get_user_model().objects.filter(
        is_active=True, memberships__role__in=roles_for(action),
        memberships__unit__organisation_id__in=above).distinct().order_by("pk"))
    return [person for person in people if can(person, action, organisation=organisation)]


def approver_candidates(user):
    """Whom a planner may designate to approve a report: staff of the organisations the
    planner sees and of those above them whose role may approve reports (the service
    checks that the choice covers the inspected organisation)."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(
        is_active=True, memberships__role__in=roles_for("assessment.approve_inspection"))
    if not user.is_superuser:
        people = people.filter(
            memberships__unit__organisation_id__in=_ancestor_and_visible_ids(user))
    return people.distinct().order_by("last_name", "first_name", "username")


@dataclass(frozen=True)
class SectionScore:
    title_zh: str
    title_en: str
    points: Decimal
    maximum: Decimal

    title = Bilingual()


def section_scores(inspection: Inspection) -> list[SectionScore]:
    """Each section's points: the sum of its items' means over the inspectors."""
    sections: dict[int, list] = {}
    for row in inspection_item_means(inspection):
        section = row.item.section
        entry = sections.setdefault(section.pk, [section, Decimal(0), Decimal(0)])
        entry[1] += row.mean or Decimal(0)
        entry[2] += row.item.max_points
    ordered = sorted(sections.values(), key=lambda e: (e[0].position, e[0].pk))
    return [SectionScore(section.title_zh, section.title_en, points, maximum)
            for section, points, maximum in ordered]


def publication_of(inspection: Inspection) -> InspectionPublication | None:
    return InspectionPublication.objects.filter(inspection=inspection).first()


def published_inspection_results(*, organisation: int | None = None, year: int | None = None,
                                 on: dt.date | None = None) -> QuerySet[InspectionPublication]:
    """Public: summaries published on or before `on` (today) of approved inspections,
    optionally of one agency and of inspections held in one year."""
    from django.utils import timezone

    results = (InspectionPublication.objects
               .filter(is_published=True, published_on__lte=on or timezone.localdate(),
                       inspection__state=workflow.InspectionState.APPROVED)
               .select_related("inspection__organisation", "inspection__unit")
               .order_by("-inspection__inspected_on", "-pk"))
    if organisation:
        results = results.filter(inspection__organisation_id=organisation)
    if year:
        results = results.filter(inspection__inspected_on__year=year)
    return results


def published_inspection_result_get(pk) -> InspectionPublication:
    return _get(published_inspection_results(), pk, _("No such inspection result."))


def published_result_agencies() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=published_inspection_results().values("inspection__organisation_id")
    ).order_by("sort_order", "code")


def published_result_years() -> list[int]:
    return sorted({day.year for day in published_inspection_results().values_list(
        "inspection__inspected_on", flat=True)}, reverse=True)


# ----- improvement items -------------------------------------------------------------------

def items_for(user) -> QuerySet[ImprovementItem]:
    return _scoped(ImprovementItem.objects.select_related("organisation", "owner_unit"),
                   user, unit_field="owner_unit")


def item_get_for(user, pk) -> ImprovementItem:
    return _get(items_for(user), pk, _("No such improvement item."))


def _overdue_on(on: dt.date) -> Q:
    """Waiting on the owner unit past the due day."""
    return Q(status__in=list(workflow.WAITING_ON_UNIT), due_on__lt=on)


def items_matching(user, *, status: str = "", source: str = "",
                   overdue_on: dt.date | None = None) -> QuerySet[ImprovementItem]:
    """The user's items of a status, of a source and overdue on a day (each if given)."""
    items = items_for(user)
    if status:
        items = items.filter(status=status)
    if source:
        items = items.filter(source=source)
    return items.filter(_overdue_on(overdue_on)) if overdue_on else items


@dataclass(frozen=True)
class ItemCounts:
    open: int
    overdue: int


def item_counts_for(user, today: dt.date) -> ItemCounts:
    items = items_for(user)
    return ItemCounts(open=items.exclude(status=ItemStatus.CLOSED).count(),
                      overdue=items.filter(_overdue_on(today)).count())


def overdue_items(on: dt.date) -> QuerySet[ImprovementItem]:
    """Items waiting on their unit past the due day, for the daily escalation."""
    return (ImprovementItem.objects.filter(_overdue_on(on))
            .select_related("organisation", "owner_unit").order_by("due_on", "pk"))


def meetings_for(user) -> QuerySet[Meeting]:
    return _scoped(Meeting.objects.select_related("organisation"), user)


def meeting_get_for(user, pk) -> Meeting:
    return _get(meetings_for(user), pk, _("No such meeting."))


def meeting_lines(meeting: Meeting):
    return meeting.lines.select_related("item__owner_unit")


def meeting_overdue_organisations(user, on: dt.date) -> list[Organisation]:
    """Visible organisations with items whose last task-force meeting is older than half a
    year (or that never met): the meeting is due."""
    organisations = Organisation.objects.filter(
        pk__in=items_for(user).values("organisation_id")).order_by("path")
    last_held = dict(Meeting.objects.filter(organisation__in=organisations)
                     .values("organisation_id").annotate(last=Max("held_on"))
                     .values_list("organisation_id", "last").order_by())
    due = []
    for organisation in organisations:
        held = last_held.get(organisation.pk)
        if held is None or deadlines.add_months(held, MEETING_INTERVAL_MONTHS) < on:
            due.append(organisation)
    return due


# ----- courtesy tests ----------------------------------------------------------------------

def courtesy_tests_for(user) -> QuerySet[CourtesyTest]:
    return _scoped(CourtesyTest.objects.select_related("organisation", "unit", "answered_by"),
                   user, unit_field="unit")


def courtesy_test_get_for(user, pk) -> CourtesyTest:
    return _get(courtesy_tests_for(user), pk, _("No such telephone-courtesy test."))


@dataclass(frozen=True)
class CourtesyRow:
    label: str
    tests: int
    mean: Decimal
    below: int


def courtesy_monthly(user, month: dt.date, *, by: str = "unit") -> list[CourtesyRow]:
    """A month's tests by unit or by person who answered (unknown grouped together)."""
    start = deadlines.month_start(month)
    end = deadlines.add_months(start, 1)
    tests = courtesy_tests_for(user).filter(called_at__date__gte=start, called_at__date__lt=end)
    keys = ("unit__name_zh", "answered_by_name") if by == "person" else ("unit__name_zh",)
    rows = (tests.values(*keys).annotate(n=Count("pk"), mean=Avg("total"),
                                         below=Count("pk", filter=Q(below_threshold=True)))
            .order_by(*keys))
    return [CourtesyRow(
        label=" / ".join((row.get(key) or str(_("unknown"))) for key in keys),
        tests=row["n"], mean=Decimal(str(row["mean"])).quantize(scoring.CENT),
        below=row["below"]) for row in rows]


# ----- recognition ------------------------------------------------------------------------

def nominations_for(user) -> QuerySet[Nomination]:
    return _scoped(Nomination.objects.select_related("organisation", "unit", "nominee"),
                   user, unit_field="unit")


def nomination_get_for(user, pk) -> Nomination:
    return _get(nominations_for(user), pk, _("No such nomination."))


def supporting_figures(*, nominee, kind: str, period_start: dt.date, viewer=None,
                       unit=None) -> dict:
    """Figures pulled in for a nomination over its period (a month or a quarter): the
    nominee's telephone-courtesy tests and mean score; with `viewer` (the nominator) and
    `unit`, also the compliments handled by the nominee (voice) and the unit's real-time
    rating (surveys), read through those apps' scoped selectors."""
    months = 3 if kind == RecognitionKind.QUARTERLY_EXEMPLARY else 1
    end = deadlines.add_months(period_start, months)
    tests = CourtesyTest.objects.filter(answered_by=nominee, called_at__date__gte=period_start,
                                        called_at__date__lt=end)
    summary = tests.aggregate(n=Count("pk"), mean=Avg("total"))
    figures = {"courtesy_tests": summary["n"],
               "courtesy_mean": _cents(summary["mean"])}
    if viewer is not None and unit is not None:
        figures |= _voice_and_survey_figures(viewer, nominee, unit, period_start, end)
    return figures


def _cents(value) -> str | None:
    return str(Decimal(str(value)).quantize(scoring.CENT)) if value is not None else None


def _voice_and_survey_figures(viewer, nominee, unit, start: dt.date, end: dt.date) -> dict:
    from minfu.surveys.selectors import ratings_for
    from minfu.voice.models import Kind as PetitionKind
    from minfu.voice.selectors import petitions_for

    compliments = petitions_for(viewer).filter(
        kind=PetitionKind.COMPLIMENT, assigned_officer=nominee,
        received_at__date__gte=start, received_at__date__lt=end).count()
    ratings = ratings_for(viewer).filter(unit=unit, submitted_at__date__gte=start,
                                         submitted_at__date__lt=end)
    rating = ratings.aggregate(n=Count("pk"), mean=Avg("score"))
    return {"compliments": compliments, "unit_ratings": rating["n"],
            "unit_rating_mean": _cents(rating["mean"])}


def honour_roll() -> QuerySet[Nomination]:
    """Selected staff, newest period first: staff are public officials, so the page shows
    name and unit."""
    return (Nomination.objects.filter(selected=True)
            .select_related("organisation", "unit", "nominee")
            .order_by("-period_start", "kind", "organisation__path", "unit__sort_order"))


# ----- proposals ----------------------------------------------------------------------------

def proposals_for(user) -> QuerySet[Proposal]:
    return _scoped(Proposal.objects.select_related("organisation", "unit", "submitted_by"),
                   user, unit_field="unit")


def proposal_get_for(user, pk) -> Proposal:
    return _get(proposals_for(user), pk, _("No such proposal."))


def adoption_rate(proposals: QuerySet[Proposal]) -> Decimal | None:
    """Adopted (or implemented) among decided proposals, in percent."""
    decided = proposals.exclude(status=ProposalStatus.SUBMITTED)
    total = decided.count()
    if not total:
        return None
    adopted = decided.exclude(status=ProposalStatus.NOT_ADOPTED).count()
    return (Decimal(adopted * 100) / total).quantize(scoring.CENT)


# ----- awards -------------------------------------------------------------------------------

def _manages(user, award_round: AwardRound) -> bool:
    return can(user, "assessment.award_manage", organisation=award_round.ministry)


def may_manage_round(user, award_round: AwardRound) -> bool:
    """The convener's side: categories, stages, pool, assignments, decisions, all cards."""
    return _signed_in(user) and _manages(user, award_round)


def award_rounds_for(user) -> QuerySet[AwardRound]:
    """Rounds of a ministry the user sees, or above an organisation the user sees, and the
    rounds whose judge pool holds the user."""
    if not _signed_in(user):
        return AwardRound.objects.none()
    rounds = AwardRound.objects.select_related("ministry", "sheet")
    if user.is_superuser:
        return rounds
    return rounds.filter(Q(ministry_id__in=_ancestor_and_visible_ids(user))
                         | Q(judges=user)).distinct()


def award_round_get_for(user, pk) -> AwardRound:
    return _get(award_rounds_for(user), pk, _("No such award round."))


def award_entries_for(user, award_round: AwardRound) -> QuerySet[AwardEntry]:
    """Every entry for the convener's side; an agency sees its own; a judge sees the
    entries assigned to them once they have declared no conflict of interest."""
    entries = (award_round.entries.select_related("organisation", "submitted_by", "category")
               .order_by("category__position", F("rank").asc(nulls_last=True),
                         "organisation__path", "title"))
    if not _signed_in(user):
        return entries.none()
    if user.is_superuser or _manages(user, award_round):
        return entries
    judged = Q(stages__assignments__judge=user,
               stages__assignments__conflict=ConflictState.NONE)
    own = Q(organisation__in=organisations_where(user, VIEW).values("pk"))
    return entries.filter(own | judged).distinct()


def award_entry_get_for(user, award_round: AwardRound, pk) -> AwardEntry:
    return _get(award_entries_for(user, award_round), pk, _("No such entry."))


def award_category_get(award_round: AwardRound, pk) -> AwardCategory:
    return _get(award_round.categories.all(), pk, _("No such category."))


def award_own_card(assignment: AwardAssignment) -> ScoreCard | None:
    """The judge's own card of the assigned entry in the stage, if any."""
    return (ScoreCard.objects.filter(award_stage=assignment.stage_entry.stage_id,
                                     award_entry=assignment.stage_entry.entry_id,
                                     scorer=assignment.judge_id)
            .prefetch_related("lines").first())


def award_stages_of(award_round: AwardRound) -> QuerySet[AwardStage]:
    return award_round.stages.select_related("decided_by").order_by("position")


def award_stages_for(user) -> QuerySet[AwardStage]:
    """The stages of the rounds the user sees."""
    return (AwardStage.objects.filter(award_round__in=award_rounds_for(user))
            .select_related("award_round__ministry", "decided_by"))


def award_stage_get_any_for(user, pk) -> AwardStage:
    return _get(award_stages_for(user), pk, _("No such stage."))


def award_stage_get_for(user, award_round: AwardRound, pk) -> AwardStage:
    return _get(award_stages_of(award_round), pk, _("No such stage."))


def award_stage_entries_for(user, stage: AwardStage) -> QuerySet[AwardStageEntry]:
    """The convener sees every entry of the stage, a judge those assigned to them (not
    those they declared a conflict with), an agency its own."""
    rows = (stage.entries.select_related("entry__organisation", "entry__category")
            .prefetch_related("assignments__judge"))
    if user.is_superuser or _manages(user, stage.award_round):
        return rows
    own = Q(entry__organisation__in=organisations_where(user, VIEW).values("pk"))
    judged = Q(assignments__in=AwardAssignment.objects.filter(judge=user).exclude(
        conflict=ConflictState.DECLARED))
    return rows.filter(own | judged).distinct()


def award_stage_entry_get_for(user, stage: AwardStage, pk) -> AwardStageEntry:
    return _get(award_stage_entries_for(user, stage), pk, _("No such entry."))


def award_assignments_for(user) -> QuerySet[AwardAssignment]:
    """The judge's own assignments, open stages first."""
    if not _signed_in(user):
        return AwardAssignment.objects.none()
    return (AwardAssignment.objects.filter(judge=user)
            .select_related("stage_entry__stage__award_round",
                            "stage_entry__entry__organisation",
                            "stage_entry__entry__category")
            .order_by("stage_entry__stage__state", "-stage_entry__stage__award_round__year",
                      "stage_entry__stage__position", "id"))


def award_assignment_get_for(user, pk) -> AwardAssignment:
    return _get(award_assignments_for(user), pk, _("No such assignment."))


@dataclass
class CriterionRow:
    """One criterion (or the total) of an entry in a stage: each judge's points, their
    spread, and the judges whose points stand out (awards.outliers)."""

    label: str
    maximum: Decimal
    points: dict[int, Decimal]          # judge id -> points
    spread: awards.Spread
    outliers: set[int]
    cells: list = field(default_factory=list)   # (points, outlier) in the judges' order


@dataclass
class EntryScores:
    stage_entry: AwardStageEntry
    judges: list                         # users, in the order of the columns
    rows: list[CriterionRow]
    total: CriterionRow | None
    complete: bool                       # every judge still on the entry has scored


def award_stage_scores(user, stage: AwardStage) -> list[EntryScores]:
    """The scores of a stage as the user may see them: the convener sees every judge's
    card with means, spreads and outlier flags; a judge sees only their own cards until
    the stage is decided, then all of those of the entries they judged; an agency sees
    no judge's card (its entries' means are on the stage's entries)."""
    show_all = may_manage_round(user, stage.award_round) or (
        stage.state == workflow.AwardStageState.DECIDED
        and stage.award_round.judges.filter(pk=user.pk).exists())
    result = []
    rows = list(award_stage_entries_for(user, stage))
    cards = ScoreCard.objects.filter(award_stage=stage,
                                     award_entry__in=[row.entry_id for row in rows])
    if not show_all:
        cards = cards.filter(scorer=user)
    by_entry: dict[int, list[ScoreCard]] = defaultdict(list)
    for card in cards.select_related("scorer").prefetch_related("lines"):
        by_entry[card.award_entry_id].append(card)
    items_of: dict[int, list[ScoreItem]] = {}
    for stage_entry in rows:
        sheet_id = stage_entry.entry.category.sheet_id
        if sheet_id not in items_of:
            items_of[sheet_id] = list(ScoreItem.objects.filter(section__sheet=sheet_id)
                                      .order_by("section__position", "position", "pk"))
        items = items_of[sheet_id]
        entry_cards = by_entry.get(stage_entry.entry_id, [])
        points = {card.scorer_id: {line.item_id: line.points for line in card.lines.all()}
                  for card in entry_cards}
        criterion_rows = []
        for item in items:
            scores = {judge: lines[item.pk] for judge, lines in points.items()
                      if item.pk in lines}
            criterion_rows.append(CriterionRow(
                item.title_zh, item.max_points, scores, awards.spread(list(scores.values())),
                awards.outliers(scores, item.max_points) if show_all else set()))
        totals = {card.scorer_id: card.total for card in entry_cards}
        maximum = sum((item.max_points for item in items), Decimal(0))
        total = CriterionRow(str(_("Total")), maximum, totals,
                             awards.spread(list(totals.values())),
                             awards.outliers(totals, maximum) if show_all else set())
        judges = [card.scorer for card in entry_cards]
        for row in [*criterion_rows, total]:
            row.cells = [(row.points.get(judge.pk), judge.pk in row.outliers)
                         for judge in judges]
        waiting = [a for a in stage_entry.assignments.all()
                   if a.conflict != ConflictState.DECLARED and a.judge_id not in totals]
        result.append(EntryScores(stage_entry, judges, criterion_rows, total,
                                  complete=not waiting))
    return result


def award_entry_background(entry: AwardEntry, year: int) -> dict:
    """What judges see beside an entry: the agency's inspections with a recorded result
    (most recent first) and the key indicators of its published plan for the round's
    year, actual against target."""
    inspections = (Inspection.objects.filter(organisation=entry.organisation,
                                             state=InspectionState.APPROVED)
                   .select_related("unit").order_by("-inspected_on")[:10])
    plan = published_plans().filter(organisation=entry.organisation, year=year).first()
    return {"inspections": list(inspections), "plan": plan,
            "indicators": plan_indicators(plan) if plan else []}


def published_rounds() -> QuerySet[AwardRound]:
    return AwardRound.objects.filter(state=AwardRoundState.PUBLISHED).select_related("ministry")


def published_round_get(pk) -> AwardRound:
    return _get(published_rounds(), pk, _("No such award round."))


def published_results(award_round: AwardRound) -> QuerySet[AwardEntry]:
    """The ranked entries of a published round, by category and rank."""
    if award_round.state != AwardRoundState.PUBLISHED:
        return award_round.entries.none()
    return (award_round.entries.filter(rank__isnull=False)
            .select_related("organisation", "category")
            .order_by("category__position", "rank", "organisation__path", "title"))


def published_by_category(award_round: AwardRound) -> list[tuple[AwardCategory, list]]:
    """Each category of a published round with its ranked entries."""
    entries = list(published_results(award_round))
    return [(category, [entry for entry in entries if entry.category_id == category.pk])
            for category in award_round.categories.prefetch_related("tiers")]


def award_pool_candidates(user, award_round: AwardRound):
    """Staff the convener may put in the judge pool: those of the organisations they see,
    and the judges already in it."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(is_active=True, memberships__isnull=False)
    if not user.is_superuser:
        people = people.filter(Q(memberships__unit__organisation_id__in=visible_scope(user)
                                 .organisation_ids) | Q(pk__in=award_round.judges.all()))
    return people.distinct().order_by("last_name", "first_name", "username")


# ----- choices for forms ---------------------------------------------------------------------

def organisations_for_action(user, action: str) -> QuerySet[Organisation]:
    if getattr(user, "is_superuser", False):
        return Organisation.objects.all()
    return organisations_where(user, action)


def award_ministries_for(user) -> QuerySet[Organisation]:
    """The ministries where the user may open an award round."""
    return organisations_for_action(user, "assessment.manage").filter(
        kind=Organisation.Kind.MINISTRY)


def award_submitters_for(user, award_round: AwardRound) -> QuerySet[Organisation]:
    """The agencies under the round's ministry the user may submit a self-evaluation for."""
    return organisations_for_action(user, "assessment.award_submit").filter(
        path__startswith=award_round.ministry.path).exclude(pk=award_round.ministry_id)


def units_for_action(user, action: str):
    if getattr(user, "is_superuser", False):
        return Unit.objects.select_related("organisation")
    return units_where(user, action)


def people_for(user):
    """Staff of the units the user sees (task forces, nominees, who answered)."""
    from django.contrib.auth import get_user_model

    units = visible_scope(user).unit_ids
    return (get_user_model().objects.filter(memberships__unit_id__in=units, is_active=True)
            .distinct().order_by("last_name", "first_name", "username"))


# ----- evidence files ------------------------------------------------------------------------

def evidence_get_for(user, pk) -> Evidence:
    """An evidence file whose inspection, improvement item or award entry the user sees;
    the file itself is never served from MEDIA_URL."""
    evidence = _get(Evidence.objects.select_related("award_entry__award_round", "award_stage"),
                    pk, _("No such file."))
    if evidence.item_id:
        item_get_for(user, evidence.item_id)
    elif evidence.inspection_id:
        inspection_get_for(user, evidence.inspection_id)
    elif evidence.award_entry_id:
        award_entry_get_for(user, evidence.award_entry.award_round, evidence.award_entry_id)
    elif evidence.award_stage_id:
        award_round = award_round_get_for(user, evidence.award_stage.award_round_id)
        if not may_manage_round(user, award_round) and \
                award_round.state != AwardRoundState.PUBLISHED:
            raise NotFound(_("No such file."))
    else:
        raise NotFound(_("No such file."))
    return evidence
