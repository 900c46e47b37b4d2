"""Reads of plans. Staff reads are scoped: a user sees the plans of the organisations they
see (`plans.view`); progress reports only of the units where they may report, or all of
an organisation they review. Another agency's plan is NotFound. The public sees
published plans only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import can
from minfu.org.selectors import organisations_where, units_where, visible_scope
from minfu.plans import deadlines, importing, indicators, numbering, revisions
from minfu.plans.indicators import Light, traffic_light
from minfu.plans.models import (
    Action,
    KeyIndicator,
    Measure,
    Plan,
    PlanLevel,
    PlanNode,
    PlanRevision,
    PlanSection,
    Programme,
    ProgressReport,
    ReportEvidence,
    ReportingPeriod,
    UnitGroup,
)
from minfu.plans.workflow import ReviewState

VIEW = "plans.view"
# How long an overdue reporting period stays on the staff home.
OWED_LOOKBACK = dt.timedelta(days=90)


# Plans ----------------------------------------------------------------------------------

def plans_for(user) -> QuerySet[Plan]:
    return (Plan.objects.filter(organisation_id__in=visible_scope(user).organisation_ids)
            .select_related("organisation", "programme"))


def plan_list_for(user) -> QuerySet[Plan]:
    """The user's plans, newest year first."""
    return plans_for(user).order_by("-year", "organisation__path")


def plan_get_for(user, pk) -> Plan:
    plan = plans_for(user).filter(pk=as_id(pk)).first()
    if plan is None:
        raise NotFound(_("No such plan."))
    return plan


def node_get_for(user, pk) -> PlanNode:
    node = (PlanNode.objects.filter(pk=as_id(pk),
                                    plan__organisation_id__in=visible_scope(user).organisation_ids)
            .select_related("plan__organisation", "parent").first())
    if node is None:
        raise NotFound(_("No such plan item."))
    return node


def actions_for(user) -> QuerySet[Action]:
    return (Action.objects.filter(plan__organisation_id__in=visible_scope(user).organisation_ids)
            .select_related("node", "plan__organisation")
            .prefetch_related("responsible_units", "responsible_groups"))


def indicators_for(user) -> QuerySet[KeyIndicator]:
    return (KeyIndicator.objects
            .filter(plan__organisation_id__in=visible_scope(user).organisation_ids)
            .select_related("plan__organisation").prefetch_related("targets"))


def indicator_get_for(user, pk) -> KeyIndicator:
    indicator = indicators_for(user).filter(pk=as_id(pk)).first()
    if indicator is None:
        raise NotFound(_("No such indicator."))
    return indicator


def period_get_for(user, plan: Plan, pk) -> ReportingPeriod:
    period = plan.periods.filter(pk=as_id(pk)).first()
    if period is None:
        raise NotFound(_("No such reporting period."))
    return period


def plan_parents_for(user, organisation: Organisation, *, from_year: int) -> QuerySet[PlanNode]:
    """Where a new action from elsewhere (an improvement item, an adopted proposal) may go:
    the two upper levels of the organisation's plans from `from_year` on; none for a user
    who may not edit those plans."""
    if not can(user, "plans.edit", organisation=organisation):
        return PlanNode.objects.none()
    return (PlanNode.objects.filter(plan__organisation=organisation, plan__year__gte=from_year,
                                    depth__lte=1)
            .select_related("plan").order_by("plan__year", "path"))


def levels_below(plan: Plan, parent: PlanNode | None) -> list[tuple[int, str]]:
    """(depth, label) of the levels a new child of `parent` may take: the next one, or a
    deeper one where the branch skips levels."""
    lowest = 0 if parent is None else parent.level + 1
    return [(level.depth, level.label) for level in
            PlanLevel.objects.filter(plan=plan, depth__gte=lowest).order_by("depth")]


def measures_of(plan: Plan) -> QuerySet[Measure]:
    """The programme's measures a node of `plan` may carry out (none without a programme)."""
    if not plan.programme_id:
        return Measure.objects.none()
    return Measure.objects.filter(programme_id=plan.programme_id).order_by("parent_id",
                                                                          "position")


def programmes() -> QuerySet[Programme]:
    return Programme.objects.select_related("organisation").prefetch_related("measures")


def published_plans() -> QuerySet[Plan]:
    """Plans in force: published at least once (one being revised shows its last
    published revision)."""
    return (Plan.objects.filter(published_on__isnull=False)
            .select_related("organisation").order_by("-year", "organisation__path"))


def published_plan(organisation_code: str, year) -> Plan:
    plan = published_plans().filter(organisation__code=organisation_code,
                                    year=as_id(year)).first()
    if plan is None:
        raise NotFound(_("No such plan."))
    return plan


# The tree -------------------------------------------------------------------------------

@dataclass
class TreeRow:
    node: PlanNode
    number: str
    level_label: str
    action: Action | None
    children: list[TreeRow] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.node.depth

    @property
    def level(self) -> int:
        return self.node.level

    @property
    def numbered_text(self) -> str:
        return numbering.with_number(self.number, self.node.text)


def plan_tree(plan: Plan) -> list[TreeRow]:
    """The plan's nodes as a tree in order, each with its number and level label, and its
    action with the responsible units. Four queries, whatever the size."""
    levels = {level.depth: level for level in PlanLevel.objects.filter(plan=plan)}
    nodes = list(PlanNode.objects.filter(plan=plan).order_by("depth", "position"))
    actions = {action.node_id: action for action in
               Action.objects.filter(plan=plan).select_related("plan")
               .prefetch_related("responsible_units", "responsible_groups__units")}
    rows: dict[int, TreeRow] = {}
    roots: list[TreeRow] = []
    as_written = plan.numbering == Plan.Numbering.AS_WRITTEN
    for node in nodes:
        level = levels.get(node.level)
        number = (node.number if as_written
                  else numbering.number(level.style if level else "none", node.position))
        row = TreeRow(node, number, level.label if level else "", actions.get(node.pk))
        rows[node.pk] = row
        (rows[node.parent_id].children if node.parent_id else roots).append(row)
    return roots


def flatten(rows: list[TreeRow]) -> list[TreeRow]:
    """Depth first, in document order."""
    found = []
    for row in rows:
        found.append(row)
        found.extend(flatten(row.children))
    return found


def units_label(action: Action) -> str:
    """The responsible units as the plan writes them: units, groups, 各單位."""
    return importing.units_cell(action)


def reports_to(action: Action, unit_id: int) -> bool:
    """Whether the unit reports on the action (named, in a group named, or 各單位)."""
    return (action.all_units or any(unit.pk == unit_id for unit in action.responsible_units.all())
            or any(unit.pk == unit_id for group in action.responsible_groups.all()
                   for unit in group.units.all()))


# Unit groups ----------------------------------------------------------------------------

def unit_groups_for(user) -> QuerySet[UnitGroup]:
    return (UnitGroup.objects.filter(organisation_id__in=visible_scope(user).organisation_ids)
            .select_related("organisation").prefetch_related("units"))


def unit_group_get_for(user, pk) -> UnitGroup:
    group = unit_groups_for(user).filter(pk=as_id(pk)).first()
    if group is None:
        raise NotFound(_("No such unit group."))
    return group


def unit_groups_of(organisation: Organisation) -> QuerySet[UnitGroup]:
    return UnitGroup.objects.filter(organisation=organisation).order_by("name")


# The ministry's view of its agencies' plans ---------------------------------------------

OVERSEE = "plans.oversee"


def programmes_overseen(user) -> QuerySet[Programme]:
    """The programmes of the ministries whose agencies' plans the user oversees."""
    return Programme.objects.filter(
        organisation__in=organisations_where(user, OVERSEE)).select_related("organisation")


def programme_overseen(user, pk) -> Programme:
    programme = programmes_overseen(user).filter(pk=as_id(pk)).first()
    if programme is None:
        raise NotFound(_("No such programme."))
    return programme


def programme_agencies(programme: Programme) -> QuerySet[Organisation]:
    """The agencies that write a plan under the programme: the active agencies below its
    ministry."""
    return (Organisation.objects.filter(path__startswith=programme.organisation.path,
                                        kind=Organisation.Kind.AGENCY, is_active=True)
            .exclude(pk=programme.organisation_id).order_by("path"))


class SubmissionState:
    ON_TIME = "on_time"
    LATE = "late"
    DRAFT = "draft"
    MISSING = "missing"


SUBMISSION_LABELS = {SubmissionState.ON_TIME: _("Published by the deadline"),
                     SubmissionState.LATE: _("Published after the deadline"),
                     SubmissionState.DRAFT: _("Not published yet"),
                     SubmissionState.MISSING: _("No plan yet")}


@dataclass(frozen=True)
class Submission:
    """Where an agency's plan for the year stands against the programme's deadline."""

    organisation: Organisation
    plan: Plan | None
    due_on: dt.date
    today: dt.date

    @property
    def state(self) -> str:
        if self.plan is None:
            return SubmissionState.MISSING
        if self.plan.published_on is None:
            return SubmissionState.DRAFT
        return (SubmissionState.ON_TIME if self.plan.published_on <= self.due_on
                else SubmissionState.LATE)

    @property
    def state_label(self) -> str:
        return str(SUBMISSION_LABELS[self.state])

    @property
    def is_published(self) -> bool:
        return self.state in (SubmissionState.ON_TIME, SubmissionState.LATE)

    @property
    def overdue(self) -> bool:
        """Not published and past the deadline: flagged, and reminded."""
        return not self.is_published and self.today > self.due_on


def plan_submissions(programme: Programme, year: int, *, today: dt.date) -> list[Submission]:
    """Each agency under the programme's ministry with its plan for `year` (if any)."""
    agencies = list(programme_agencies(programme))
    plans = {plan.organisation_id: plan for plan in
             Plan.objects.filter(organisation__in=agencies, year=year)}
    due_on = programme.plans_due_on(year)
    return [Submission(agency, plans.get(agency.pk), due_on, today) for agency in agencies]


# Revisions ------------------------------------------------------------------------------

def plan_snapshot(plan: Plan) -> dict:
    """What the plan says, as plain data: kept with each published revision, shown on the
    public page and compared by `revisions.changes`."""
    plan = plan_with_related(plan.pk)
    rows = flatten(plan_tree(plan))
    labels = {row.node.pk: row.numbered_text for row in rows}
    sections = [{"heading": heading, "kind": section.kind,
                 "paragraphs": [line for line in section.paragraphs.splitlines() if line],
                 "table": section.table} for heading, section in numbered_sections(plan)]
    indicators_ = (plan.indicators.select_related("node").prefetch_related("targets")
                   .order_by("position", "pk"))
    return {
        "plan": {"title": plan.title, "objectives": plan.objectives,
                 "executing_units": plan.executing_units,
                 "levels": [level.label for level in plan.levels.all()],
                 "directives": [directive.text for directive in plan.directives.all()],
                 "sections": [f"{section['heading']} ({section['kind']})\n"
                              + "\n".join(section["paragraphs"])
                              + "".join(f"\n{' | '.join(row)}" for row in section["table"])
                              for section in sections]},
        "sections": sections,
        "nodes": [{"id": row.node.pk, "parent": row.node.parent_id,
                   "position": row.node.position, "level": row.level,
                   "level_label": row.level_label, "label": row.numbered_text,
                   "deadline": row.action.deadline_label if row.action else "",
                   "units": units_label(row.action) if row.action else "",
                   "benefit": row.action.expected_benefit if row.action else ""}
                  for row in rows],
        "indicators": [_indicator_record(indicator, plan.year, labels)
                       for indicator in indicators_],
    }


def _indicator_record(indicator: KeyIndicator, year: int, labels: dict[int, str]) -> dict:
    target = next((t for t in indicator.targets.all() if t.year == year), None)
    target_label = ""
    if target is not None:
        target_label = target.label + (indicator.unit_of_measure if target.value is not None
                                       else "")
    return {"id": indicator.pk, "label": indicator.name, "definition": indicator.definition,
            "node": labels.get(indicator.node_id, ""), "target": target_label,
            "weight": "" if indicator.weight is None else f"{indicator.weight.normalize():f}"}


def numbered_sections(plan: Plan) -> list[tuple[str, PlanSection]]:
    """(heading as printed, section): numbered 壹、貳、 once, in order; a section without
    a heading is only its number (its first paragraph follows it)."""
    return [(f"{numbering.number(numbering.Style.FORMAL, index)}{section.heading}", section)
            for index, section in enumerate(plan.sections.all(), start=1)]


def revisions_of(plan: Plan) -> QuerySet[PlanRevision]:
    return plan.revisions.defer("pdf", "odt").select_related("published_by")


def latest_revision(plan: Plan) -> PlanRevision | None:
    return revisions_of(plan).order_by("-number").first()


def revision_document(plan: Plan, number, extension: str) -> bytes:
    revision = plan.revisions.filter(number=as_id(number)).only(extension).first()
    if revision is None:
        raise NotFound(_("No such revision."))
    return bytes(getattr(revision, extension))


def changes_since_published(plan: Plan) -> list[revisions.Change] | None:
    """What the plan's draft changes from its last published revision; None when it has
    none to compare with."""
    last = latest_revision(plan)
    if last is None:
        return None
    return revisions.changes(last.snapshot, plan_snapshot(plan))


def subtree(node: PlanNode) -> list[TreeRow]:
    """The node and every node below it, numbered, in document order, with their
    actions (what a removal takes with it)."""
    def find(rows):
        for row in rows:
            if row.node.pk == node.pk:
                return row
            found = find(row.children)
            if found is not None:
                return found
        return None

    top = find(plan_tree(node.plan))
    return flatten([top]) if top is not None else []


# Sheets ---------------------------------------------------------------------------------

def sheet_unit_names(plan: Plan) -> set[str]:
    """The names a plan's sheet may give as responsible units: its units and unit groups."""
    return (set(Unit.objects.filter(organisation=plan.organisation)
                .values_list("name_zh", flat=True))
            | set(UnitGroup.objects.filter(organisation=plan.organisation)
                  .values_list("name", flat=True)))


def plan_sheet_read(plan: Plan, *, content: bytes, filename: str,
                    keep_numbers: bool) -> importing.PlanSheet:
    return importing.read_sheet(content, filename, unit_names=sheet_unit_names(plan),
                                year=plan.year, keep_numbers=keep_numbers)


def plan_sheet_rows(plan: Plan, *, template: bool = False) -> list[list[str]]:
    """The plan's sheet (header first); the template is the header alone."""
    labels = list(PlanLevel.objects.filter(plan=plan).order_by("depth")
                  .values_list("label", flat=True))
    if template:
        return importing.export_rows(labels, [])
    by_node: dict[int, list[IndicatorStatus]] = defaultdict(list)
    for status in plan_indicators(plan):
        if status.indicator.node_id:
            by_node[status.indicator.node_id].append(status)
    return importing.export_rows(labels, flatten(plan_tree(plan)),
                                 lambda node: by_node.get(node.pk, []))


# Progress -------------------------------------------------------------------------------

def reports_for(user, plan: Plan) -> QuerySet[ProgressReport]:
    """The reports the user may see: all of the plan when they may review or edit it,
    else those of the units where they may report."""
    reports = (ProgressReport.objects.filter(action__plan=plan)
               .select_related("unit", "period", "action__node").prefetch_related("evidence"))
    if can(user, "plans.review_progress", organisation=plan.organisation) or \
            can(user, "plans.edit", organisation=plan.organisation):
        return reports
    unit_ids = units_where(user, "plans.report_progress").values_list("pk", flat=True)
    return reports.filter(unit_id__in=list(unit_ids))


def period_reports_for(user, plan: Plan, period: ReportingPeriod, *,
                       review_state: str = "") -> QuerySet[ProgressReport]:
    """The reports of one period the user sees; of one review state when it is one."""
    reports = reports_for(user, plan).filter(period=period)
    if review_state in ReviewState.__members__.values():
        reports = reports.filter(review_state=review_state)
    return reports


def reports_owed(user, *, until: dt.date) -> list[tuple[ReportingPeriod, int]]:
    """For the staff home: the periods due by `until` (and overdue by at most
    OWED_LOOKBACK, as the reminders) for which the units where the user reports still owe
    reports (drafts, or returned), with how many."""
    unit_ids = units_where(user, "plans.report_progress").values("pk")
    owed = (ProgressReport.objects.filter(
        unit_id__in=unit_ids, period__due__lte=until,
        period__due__gte=until - OWED_LOOKBACK, period__plan__published_on__isnull=False,
        review_state__in=[ReviewState.DRAFT, ReviewState.RETURNED])
        .values("period").annotate(count=Count("pk")).order_by())
    counts = {row["period"]: row["count"] for row in owed}
    periods = ReportingPeriod.objects.filter(pk__in=counts).select_related("plan")
    return [(period, counts[period.pk]) for period in periods.order_by("due", "pk")]


def report_get_for(user, pk) -> ProgressReport:
    report = (ProgressReport.objects.filter(pk=as_id(pk))
              .select_related("action__plan__organisation", "action__node", "unit", "period")
              .first())
    if report is None or not reports_for(user, report.action.plan).filter(pk=report.pk).exists():
        raise NotFound(_("No such progress report."))
    return report


def evidence_get_for(user, pk) -> ReportEvidence:
    evidence = ReportEvidence.objects.filter(pk=as_id(pk)).select_related(
        "report__action__plan__organisation").first()
    if evidence is None or not reports_for(user, evidence.report.action.plan).filter(
            pk=evidence.report_id).exists():
        raise NotFound(_("No such file."))
    return evidence


def reporting_units_for(user, organisation: Organisation) -> QuerySet[Unit]:
    return units_where(user, "plans.report_progress").filter(organisation=organisation)


def reviewable_organisations(user) -> QuerySet[Organisation]:
    return organisations_where(user, "plans.review_progress")


# Indicators -----------------------------------------------------------------------------

def metric_actual(*, code: str, start: dt.date, end: dt.date,
                  organisation_ids: list[int]) -> float | None:
    """The metrics engine's value of `code` over the period and organisations; None while
    the engine (or the metric) is not there. The one place plans call metrics."""
    try:
        from minfu.metrics.selectors import metric_value
    except ImportError:
        return None
    try:
        return metric_value(code=code, start=start, end=end, organisation_ids=organisation_ids)
    except (KeyError, NotFound):  # a metric no longer registered
        return None


@dataclass(frozen=True)
class IndicatorStatus:
    indicator: KeyIndicator
    target: Decimal | None
    actual: Decimal | None
    light: Light
    target_text: str = ""

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS[self.light]

    @property
    def target_label(self) -> str:
        """The year's target: the number with its unit, or the words."""
        if self.target is not None:
            return f"{self.target.normalize():f}{self.indicator.unit_of_measure}"
        return self.target_text

    @property
    def actual_label(self) -> str:
        if self.actual is not None:
            return f"{self.actual.normalize():f}{self.indicator.unit_of_measure}"
        return self.indicator.actual_text

    @property
    def achievement(self) -> Decimal | None:
        return indicators.achievement(actual=self.actual, target=self.target,
                                      direction=self.indicator.direction, light=self.light)


LIGHT_LABELS = {Light.MET: _("Target met"), Light.NEAR: _("Near the target"),
                Light.MISSED: _("Target missed"), Light.UNKNOWN: _("No value yet")}


def indicator_status(indicator: KeyIndicator, *, today: dt.date | None = None
                     ) -> IndicatorStatus:
    """Actual against the plan year's target: from the metrics engine for the plan's
    organisation from 1 January to today (or the year's end), else the hand-entered one.
    A target in words is met, near or missed as the coordinator judged it."""
    plan = indicator.plan
    target = next((t for t in indicator.targets.all() if t.year == plan.year), None)
    if indicator.is_bound:
        end = min(today or timezone.localdate(), dt.date(plan.year, 12, 31))
        value = metric_actual(code=indicator.metric_code, start=dt.date(plan.year, 1, 1),
                              end=end, organisation_ids=[plan.organisation_id])
        actual = None if value is None else Decimal(str(round(value, 2)))
    else:
        actual = indicator.manual_actual
    if target is not None and target.value is None:
        light = Light(indicator.judgement) if indicator.judgement else Light.UNKNOWN
        return IndicatorStatus(indicator, None, actual, light, target.text)
    value = target.value if target is not None else None
    light = traffic_light(actual=actual, target=value, direction=indicator.direction,
                          tolerance=indicator.tolerance)
    return IndicatorStatus(indicator, value, actual, light)


def plan_indicators(plan: Plan, *, today: dt.date | None = None) -> list[IndicatorStatus]:
    """The plan's indicators with their status: the plan's own first, then those of its
    items in document order."""
    found = [indicator_status(indicator, today=today) for indicator in
             plan.indicators.select_related("plan", "node").prefetch_related("targets")]
    if not any(status.indicator.node_id for status in found):
        return sorted(found, key=lambda status: (status.indicator.position, status.indicator.pk))
    order = {row.node.pk: index for index, row in enumerate(flatten(plan_tree(plan)))}
    return sorted(found, key=lambda status: (
        order.get(status.indicator.node_id, -1), status.indicator.position, status.indicator.pk))


def node_scores(plan: Plan, statuses: list[IndicatorStatus]) -> dict[int, indicators.Score]:
    """Each item's score where the plan scores by weight: the weighted achievement of the
    indicators of its subtree (an indicator without a weight counts for nothing)."""
    if not plan.uses_weights:
        return {}
    parents = dict(PlanNode.objects.filter(plan=plan).values_list("pk", "parent_id"))
    weighted: dict[int, list] = defaultdict(list)
    for status in statuses:
        if status.indicator.node_id and status.indicator.weight is not None:
            weighted[status.indicator.node_id].append((status.indicator.weight,
                                                       status.achievement))
    return indicators.node_scores(parents, weighted)


# The coordinator's overview -------------------------------------------------------------

@dataclass
class Completion:
    label: str
    total: int = 0
    done: int = 0

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0


@dataclass
class Overview:
    by_strategy: list[Completion]
    by_unit: list[Completion]
    past_deadline: list[Action]
    late_units: list[tuple[ReportingPeriod, Unit, int]]
    indicators: list[IndicatorStatus]


def overview(plan: Plan, *, today: dt.date) -> Overview:
    """Completion of the latest reports by strategy and unit, actions past their deadline,
    units late with reports, indicators against target. A fixed number of queries."""
    roots = plan_tree(plan)
    strategy_of = {row.node.pk: root for root in roots for row in flatten([root])}
    reports = list(ProgressReport.objects.filter(action__plan=plan)
                   .select_related("unit", "period", "action").order_by("period__start"))
    latest: dict[tuple[int, int], ProgressReport] = {}
    for report in reports:
        latest[(report.action_id, report.unit_id)] = report
    by_strategy = {root.node.pk: Completion(root.numbered_text) for root in roots}
    by_unit: dict[int, Completion] = {}
    for report in latest.values():
        done = report.status == ProgressReport.Status.DONE
        root = strategy_of.get(report.action.node_id)
        for completion in ([by_strategy[root.node.pk]] if root else []) + \
                [by_unit.setdefault(report.unit_id, Completion(report.unit.name_zh))]:
            completion.total += 1
            completion.done += done
    return Overview(
        by_strategy=list(by_strategy.values()),
        by_unit=sorted(by_unit.values(), key=lambda c: c.label),
        past_deadline=_past_deadline(plan, reports, today),
        late_units=_late_units(reports, today),
        indicators=plan_indicators(plan, today=today),
    )


def _past_deadline(plan: Plan, reports: list[ProgressReport], today: dt.date) -> list[Action]:
    """Actions whose due day went by undone: a date or month action is done when marked
    so or when every unit's latest report says done; a recurring one per occurrence."""
    done_occurrences: dict[int, set[dt.date]] = defaultdict(set)
    latest: dict[tuple[int, int], ProgressReport] = {}
    for report in reports:
        latest[(report.action_id, report.unit_id)] = report
        if report.status == ProgressReport.Status.DONE:
            done_occurrences[report.action_id].add(report.occurrence)
    unit_done: dict[int, list[bool]] = defaultdict(list)
    for (action_id, _unit_id), report in latest.items():
        unit_done[action_id].append(report.status == ProgressReport.Status.DONE)
    return [action for action in Action.objects.filter(plan=plan).select_related("node")
            .order_by("node__path")
            if deadlines.is_past(action.deadline, today=today, year=plan.year,
                                 done_occurrences=done_occurrences[action.pk],
                                 done=action.done_on is not None
                                 or (bool(unit_done[action.pk]) and all(unit_done[action.pk])))]


def _late_units(reports: list[ProgressReport], today: dt.date
                ) -> list[tuple[ReportingPeriod, Unit, int]]:
    """(period, unit, reports still not submitted) for each period past its due date."""
    late: dict[tuple[int, int], list] = {}
    for report in reports:
        if report.period.due < today and report.review_state in (ReviewState.DRAFT,
                                                                 ReviewState.RETURNED):
            entry = late.setdefault((report.period_id, report.unit_id),
                                    [report.period, report.unit, 0])
            entry[2] += 1
    return [tuple(entry) for entry in late.values()]


def plan_with_related(plan_id: int) -> Plan:
    return (Plan.objects.select_related("organisation", "programme")
            .prefetch_related("directives", Prefetch("levels", queryset=PlanLevel.objects.all()))
            .get(pk=plan_id))
