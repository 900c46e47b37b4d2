"""Every write to plans. Each function is one transaction: it checks the permission with
`can`, writes, and appends the audit event. Bad input raises a DomainError.

Permissions: `plans.edit` on the plan's organisation for the plan itself (tree, actions,
indicators, periods); `plans.report_progress` on a responsible unit for its reports;
`plans.review_progress` on the organisation to return or accept them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.core import audit
from minfu.core.errors import Conflict, NotFound, ValidationFailed
from minfu.core.services import save_with_version
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import require
from minfu.plans import (
    actions,
    deadlines,
    documents,
    importing,
    indicators,
    notices,
    numbering,
    selectors,
    workflow,
)
from minfu.plans.deadlines import Deadline, DeadlineKind
from minfu.plans.models import (
    Action,
    Directive,
    IndicatorTarget,
    KeyIndicator,
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
from minfu.plans.numbering import Style
from minfu.records.uploads import UploadRejected, inspect_upload, stored_name

EDIT = "plans.edit"
REPORT = "plans.report_progress"
REVIEW = "plans.review_progress"
MAX_TARGET_YEARS = 3
MAX_DEADLINE_LENGTH = 200
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
USUAL_SECTIONS = (("計畫依據", "basis"), ("計畫目標", "objectives"), ("執行單位", "units"),
                  ("執行策略及方法", "tree"), ("重點指標", "indicators"))
DEFAULT_LEVELS = (("執行策略", Style.CHINESE), ("策略細項", Style.CHINESE_PAREN),
                  ("具體推動做法", Style.ARABIC))





# Plans ----------------------------------------------------------------------------------

def _require_editable(actor, plan: Plan) -> None:
    """Who changes a plan may edit it, and it is not frozen by publication: a published
    plan changes only in a new revision."""
    require(actor, EDIT, organisation=plan.organisation)
    if plan.is_published:
        raise Conflict(_("The plan is published and frozen: start a revision to change it."),
                       code="plan_published")


@transaction.atomic
def plan_create(*, actor, organisation: Organisation, year: int, title: str,
                programme: Programme | None = None, objectives: str = "",
                executing_units: str = "", closing_sections: Sequence[tuple[str, str]] = (),
                levels: Sequence[tuple[str, str]] = DEFAULT_LEVELS) -> Plan:
    """A draft plan with its levels and the usual sections (計畫依據, 計畫目標, 執行單位,
    執行策略及方法, 重點指標), then `closing_sections` (heading, paragraphs) such as
    管制考核."""
    require(actor, EDIT, organisation=organisation)
    _check_year(year)
    if not (title or "").strip():
        raise ValidationFailed(details={"title": [_("Give the plan a title.")]})
    if Plan.objects.filter(organisation=organisation, year=year).exists():
        raise Conflict(_("This organisation already has a plan for that year."),
                       code="plan_exists")
    plan = Plan(organisation=organisation, year=year, title=title.strip(), programme=programme,
                objectives=objectives, executing_units=executing_units)
    save_with_version(plan, expected_version=None)
    for depth, (label, style) in enumerate(levels):
        PlanLevel.objects.create(plan=plan, depth=depth, label=label, style=style)
    usual = [(heading, kind, "") for heading, kind in USUAL_SECTIONS]
    usual += [(heading, PlanSection.Kind.TEXT, paragraphs)
              for heading, paragraphs in closing_sections]
    PlanSection.objects.bulk_create(
        PlanSection(plan=plan, position=position, heading=numbering.strip_number(heading),
                    kind=kind, paragraphs=paragraphs)
        for position, (heading, kind, paragraphs) in enumerate(usual, start=1))
    audit.record(actor=actor, action=actions.PLAN_CREATED, obj=plan,
                 after={"organisation": organisation.code, "year": year, "title": plan.title})
    return plan


def _check_year(year) -> None:
    if not isinstance(year, int) or not 1990 <= year <= 2200:
        raise ValidationFailed(
            details={"year": [_("Give the year as a western calendar year, e.g. 2025.")]})


PLAN_FIELDS = ("title", "objectives", "executing_units", "programme", "numbering",
               "uses_weights", "layout")


@transaction.atomic
def plan_update(*, actor, plan: Plan, expected_version: int | None, **changes) -> Plan:
    _require_editable(actor, plan)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationFailed(details={"fields": sorted(unknown)})
    if "title" in changes and not (changes["title"] or "").strip():
        raise ValidationFailed(details={"title": [_("Give the plan a title.")]})
    if "numbering" in changes and changes["numbering"] not in Plan.Numbering.values:
        raise ValidationFailed(details={"numbering": [_("Choose how the items are numbered.")]})
    if "layout" in changes and changes["layout"] not in Plan.Layout.values:
        raise ValidationFailed(details={"layout": [_("Choose how the plan is printed.")]})
    before = {name: str(getattr(plan, name)) for name in changes}
    for name, value in changes.items():
        setattr(plan, name, value)
    save_with_version(plan, expected_version=expected_version)
    audit.record(actor=actor, action=actions.PLAN_UPDATED, obj=plan, before=before,
                 after={name: str(value) for name, value in changes.items()})
    return plan


@transaction.atomic
def plan_publish(*, actor, plan: Plan, expected_version: int | None,
                 today: dt.date | None = None) -> Plan:
    """Publish the plan (or its revision): it freezes, and a revision keeps what it says
    and its documents as published."""
    require(actor, EDIT, organisation=plan.organisation)
    if plan.is_published:
        return plan
    today = today or timezone.localdate()
    plan.status = Plan.Status.PUBLISHED
    plan.published_on = plan.published_on or today
    save_with_version(plan, expected_version=expected_version)
    revision = _record_revision(actor, plan, today)
    audit.record(actor=actor, action=actions.PLAN_PUBLISHED, obj=plan,
                 after={"published_on": today.isoformat(), "revision": revision.number})
    return plan


def _record_revision(actor, plan: Plan, on: dt.date) -> PlanRevision:
    last = plan.revisions.aggregate(last=Max("number"))["last"] or 0
    return PlanRevision.objects.create(
        plan=plan, number=last + 1, published_on=on,
        published_by=actor if getattr(actor, "pk", None) else None,
        snapshot=selectors.plan_snapshot(plan), pdf=documents.plan_pdf(plan),
        odt=documents.plan_odt(plan))


@transaction.atomic
def plan_revise(*, actor, plan: Plan, expected_version: int | None) -> Plan:
    """Open a published plan for a revision: it is a draft again until published anew;
    the published revision stays what the public sees, and the difference is shown."""
    require(actor, EDIT, organisation=plan.organisation)
    if not plan.is_published:
        return plan
    if not plan.revisions.exists():   # published before revisions were kept
        _record_revision(actor, plan, plan.published_on or timezone.localdate())
    plan.status = Plan.Status.DRAFT
    save_with_version(plan, expected_version=expected_version)
    audit.record(actor=actor, action=actions.PLAN_REVISION_STARTED, obj=plan,
                 after={"revision": plan.revisions.count() + 1})
    return plan


@transaction.atomic
def directive_add(*, actor, plan: Plan, text: str, issued_on: dt.date | None = None,
                  document_number: str = "") -> Directive:
    _require_editable(actor, plan)
    if not (text or "").strip():
        raise ValidationFailed(details={"text": [_("Describe the directive.")]})
    same = plan.directives.filter(text=text.strip()).first()
    if same is not None:  # a repeated submit
        return same
    position = (plan.directives.aggregate(last=Max("position"))["last"] or 0) + 1
    directive = Directive.objects.create(plan=plan, position=position, text=text.strip(),
                                         issued_on=issued_on, document_number=document_number)
    audit.record(actor=actor, action=actions.PLAN_DIRECTIVE_ADDED, obj=directive,
                 after={"text": directive.text, "document_number": document_number},
                 organisation=plan.organisation_id)
    return directive


@transaction.atomic
def level_set(*, actor, plan: Plan, depth: int, label: str, style: str) -> PlanLevel:
    """Name (and number) the nodes at `depth`; levels are data, so a plan has as many as
    it needs."""
    _require_editable(actor, plan)
    if depth < 0 or not (label or "").strip() or style not in Style.__members__.values():
        raise ValidationFailed(_("Give the level a name and a numbering style."))
    level, _created = PlanLevel.objects.update_or_create(
        plan=plan, depth=depth, defaults={"label": label.strip(), "style": style})
    audit.record(actor=actor, action=actions.PLAN_LEVEL_SET, obj=level,
                 after={"depth": depth, "label": level.label, "style": style},
                 organisation=plan.organisation_id)
    return level


# Sections of the printed plan -------------------------------------------------------------

MAX_TABLE_CELLS = 2000


@transaction.atomic
def section_save(*, actor, plan: Plan, heading: str, kind: str, paragraphs: str = "",
                 table: Sequence[Sequence[str]] = (),
                 section: PlanSection | None = None) -> PlanSection:
    """Add a section at the end, or change one. The heading is kept without a number in
    front (伍、管制考核 -> 管制考核): the printed plan numbers its sections once."""
    _require_editable(actor, plan)
    if kind not in PlanSection.Kind.values:
        raise ValidationFailed(details={"kind": [_("Choose what the section holds.")]})
    heading = numbering.strip_number(heading or "")
    rows = [[str(cell or "").strip() for cell in row] for row in table if any(row)]
    if len(heading) > 100 or sum(len(row) for row in rows) > MAX_TABLE_CELLS:
        raise ValidationFailed(details={"heading": [_("The section is too long.")]})
    if not heading and not (paragraphs or "").strip() and kind == PlanSection.Kind.TEXT:
        raise ValidationFailed(details={"heading": [_("Give the section a heading or text.")]})
    width = max((len(row) for row in rows), default=0)
    if section is None:
        position = (plan.sections.aggregate(last=Max("position"))["last"] or 0) + 1
        section = PlanSection(plan=plan, position=position)
    elif section.plan_id != plan.pk:
        raise NotFound(_("No such section."))
    section.heading, section.kind = heading, kind
    section.paragraphs = "\n".join(line.strip() for line in (paragraphs or "").splitlines()
                                   if line.strip())
    section.table = [row + [""] * (width - len(row)) for row in rows]
    section.save()
    audit.record(actor=actor, action=actions.PLAN_SECTION_SAVED, obj=section,
                 after={"heading": heading, "kind": kind}, organisation=plan.organisation_id)
    return section


@transaction.atomic
def section_move(*, actor, section: PlanSection, direction: str) -> PlanSection:
    """Swap the section with the one before ("up") or after ("down") it."""
    _require_editable(actor, section.plan)
    sections = list(section.plan.sections.order_by("position", "pk"))
    index = next(i for i, other in enumerate(sections) if other.pk == section.pk)
    other = {"up": index - 1, "down": index + 1}.get(direction)
    if other is None:
        raise ValidationFailed(details={"direction": [_("Move up or down.")]})
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], sections[index]
    for position, item in enumerate(sections, start=1):
        item.position = position
    PlanSection.objects.bulk_update(sections, ["position"])
    return section


@transaction.atomic
def section_delete(*, actor, section: PlanSection) -> None:
    _require_editable(actor, section.plan)
    audit.record(actor=actor, action=actions.PLAN_SECTION_DELETED, obj=section,
                 before={"heading": section.heading, "kind": section.kind},
                 organisation=section.plan.organisation_id)
    section.delete()


# The tree -------------------------------------------------------------------------------

@transaction.atomic
def node_add(*, actor, plan: Plan, text: str, parent: PlanNode | None = None,
             measure=None, level: int | None = None, number: str = "") -> PlanNode:
    """A new last child of `parent` (or a new last top-level node), at the level below
    its parent's unless `level` says a deeper one (a branch that skips a level)."""
    _require_editable(actor, plan)
    return _node_add(actor=actor, plan=plan, text=text, parent=parent, measure=measure,
                     level=level, number=number)


def _node_add(*, actor, plan, text, parent=None, measure=None, level=None, number="",
              once=True) -> PlanNode:
    """`once`: a repeated submit of the same item under the same parent adds nothing (an
    import adds what the sheet has, twins included)."""
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(details={"text": [_("Write the text of the item.")]})
    if parent is not None and parent.plan_id != plan.pk:
        raise NotFound(_("No such plan item."))
    _check_measure(plan, measure)
    level = _checked_level(parent, level)
    if once:
        same = PlanNode.objects.filter(plan=plan, parent=parent, text=text).first()
        if same is not None:
            return same
    last = (PlanNode.objects.filter(plan=plan, parent=parent)
            .aggregate(last=Max("position"))["last"] or 0)
    node = PlanNode.objects.create(plan=plan, parent=parent, text=text, position=last + 1,
                                   depth=0 if parent is None else parent.depth + 1,
                                   level=level, number=_checked_number(number),
                                   measure=measure, path="")
    node.path = f"{parent.path if parent else '/'}{node.pk}/"
    node.save(update_fields=["path"])
    _ensure_level(plan, node.level)
    audit.record(actor=actor, action=actions.PLAN_NODE_ADDED, obj=node,
                 after={"text": text, "parent": parent.pk if parent else None},
                 organisation=node.plan.organisation_id)
    return node


def _check_measure(plan: Plan, measure) -> None:
    if measure is not None and measure.programme_id != plan.programme_id:
        raise ValidationFailed(
            details={"measure": [_("Choose a measure of the programme the plan follows.")]})


MAX_LEVELS = 10
# The numbering of the levels a plan gets beyond those it names: 一、 (一) 1. (1) ...
LEVEL_STYLES = (Style.CHINESE, Style.CHINESE_PAREN, Style.ARABIC, Style.ARABIC_PAREN)


def default_style(depth: int) -> Style:
    return LEVEL_STYLES[depth] if depth < len(LEVEL_STYLES) else Style.NONE


def _checked_level(parent: PlanNode | None, level: int | None) -> int:
    lowest = 0 if parent is None else parent.level + 1
    level = lowest if level is None else level
    if not lowest <= level < MAX_LEVELS:
        raise ValidationFailed(details={"level": [
            _("An item sits below its parent's level and above level %(max)d.")
            % {"max": MAX_LEVELS}]})
    return level


def _checked_number(number: str) -> str:
    number = (number or "").strip()
    if len(number) > 20:
        raise ValidationFailed(details={"number": [_("Write the number in at most 20 characters.")]})
    return number


def _ensure_level(plan: Plan, depth: int) -> None:
    """A node deeper than any level so far gets its level (and those between) to be named
    later."""
    named = set(PlanLevel.objects.filter(plan=plan, depth__lte=depth)
                .values_list("depth", flat=True))
    PlanLevel.objects.bulk_create(
        PlanLevel(plan=plan, depth=missing, label=_("Level %(n)s") % {"n": missing + 1},
                  style=default_style(missing))
        for missing in range(depth + 1) if missing not in named)


@transaction.atomic
def node_update(*, actor, node: PlanNode, text: str, measure=None,
                number: str | None = None) -> PlanNode:
    _require_editable(actor, node.plan)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(details={"text": [_("Write the text of the item.")]})
    _check_measure(node.plan, measure)
    before = {"text": node.text, "number": node.number}
    node.text, node.measure = text, measure
    if number is not None:
        node.number = _checked_number(number)
    node.save(update_fields=["text", "measure", "number"])
    audit.record(actor=actor, action=actions.PLAN_NODE_UPDATED, obj=node, before=before,
                 after={"text": text, "number": node.number},
                 organisation=node.plan.organisation_id)
    return node


@transaction.atomic
def node_move(*, actor, node: PlanNode, direction: str) -> PlanNode:
    """Swap the node with its previous ("up") or next ("down") sibling; at either end
    nothing changes."""
    _require_editable(actor, node.plan)
    siblings = PlanNode.objects.select_for_update().filter(plan=node.plan_id,
                                                           parent=node.parent_id)
    if direction == "up":
        neighbour = siblings.filter(position__lt=node.position).order_by("-position").first()
    elif direction == "down":
        neighbour = siblings.filter(position__gt=node.position).order_by("position").first()
    else:
        raise ValidationFailed(details={"direction": [_("Move up or down.")]})
    if neighbour is None:
        return node
    node.position, neighbour.position = neighbour.position, node.position
    PlanNode.objects.bulk_update([node, neighbour], ["position"])
    audit.record(actor=actor, action=actions.PLAN_NODE_MOVED, obj=node,
                 after={"direction": direction, "position": node.position},
                 organisation=node.plan.organisation_id)
    return node


@transaction.atomic
def node_delete(*, actor, node: PlanNode, confirmed: bool = False) -> None:
    """Remove a node with its subtree, its actions and indicators. A node with children
    goes only when `confirmed` (the caller has shown what goes with it); one whose
    actions have reports beyond drafts stays."""
    _require_editable(actor, node.plan)
    subtree = PlanNode.objects.filter(plan=node.plan_id, path__startswith=node.path)
    if ProgressReport.objects.filter(action__node__in=subtree).exclude(
            review_state=workflow.ReviewState.DRAFT).exists():
        raise Conflict(_("Progress has been reported on this item; it cannot be removed."),
                       code="has_reports")
    if not confirmed and subtree.count() > 1:
        raise ValidationFailed(
            _("This item has items below it: confirm that they are removed with it."),
            code="confirm_required",
            details={"removes": [row.numbered_text for row in selectors.subtree(node)]})
    audit.record(actor=actor, action=actions.PLAN_NODE_DELETED, obj=node,
                 before={"text": node.text, "items": subtree.count()},
                 organisation=node.plan.organisation_id)
    PlanNode.objects.filter(plan=node.plan_id, parent=node.parent_id,
                            position__gt=node.position).update(position=F("position") - 1)
    node.delete()


# The ministry's reminder ----------------------------------------------------------------

@transaction.atomic
def plans_missing_remind(*, actor, programme: Programme, year: int,
                         today: dt.date | None = None) -> int:
    """Remind every agency under the programme without a published plan for `year`
    (through the outbox, to its quality coordinators; at most once a day). Returns how
    many were told."""
    require(actor, selectors.OVERSEE, organisation=programme.organisation)
    today = today or timezone.localdate()
    missing = [submission for submission in
               selectors.plan_submissions(programme, year, today=today)
               if not submission.is_published]
    told = sum(notices.plan_missing(agency=submission.organisation, programme=programme,
                                    year=year, due_on=submission.due_on, on=today)
               for submission in missing)
    audit.record(actor=actor, action=actions.PLANS_MISSING_REMINDED, obj=programme,
                 after={"year": year, "agencies": [s.organisation.code for s in missing],
                        "told": told}, organisation=programme.organisation_id)
    return told


@transaction.atomic
def programme_deadline_set(*, actor, programme: Programme, month: int,
                           day: int | None = None) -> Programme:
    """When the agencies' plans are due each year: by the end of `month`, or its `day`."""
    require(actor, selectors.OVERSEE, organisation=programme.organisation)
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        raise ValidationFailed(details={"month": [_("Give a month (1-12) and a day (1-31).")]})
    before = {"month": programme.plans_due_month, "day": programme.plans_due_day}
    programme.plans_due_month, programme.plans_due_day = month, day
    save_with_version(programme, expected_version=programme.version)
    audit.record(actor=actor, action=actions.PROGRAMME_DEADLINE_SET, obj=programme,
                 before=before, after={"month": month, "day": day},
                 organisation=programme.organisation_id)
    return programme


# Unit groups ----------------------------------------------------------------------------

@transaction.atomic
def unit_group_save(*, actor, organisation: Organisation, name: str, units: Iterable[Unit],
                    group: UnitGroup | None = None,
                    expected_version: int | None = None) -> UnitGroup:
    """Create or change a group of the organisation's units (各業务科) that plans name as
    one responsible party."""
    require(actor, EDIT, organisation=organisation)
    name, units = (name or "").strip(), list(units)
    if group is not None and group.organisation_id != organisation.pk:
        raise NotFound(_("No such unit group."))
    problems = _unit_group_problems(organisation, name, units, group)
    if problems:
        raise ValidationFailed(details=problems)
    before = None
    if group is None:
        group, expected_version = UnitGroup(organisation=organisation), None
    else:
        before = {"name": group.name, "units": sorted(group.units.values_list("code", flat=True))}
    group.name = name
    save_with_version(group, expected_version=expected_version)
    group.units.set(units)
    audit.record(actor=actor, action=actions.PLAN_UNIT_GROUP_SAVED, obj=group, before=before,
                 after={"name": name, "units": sorted(unit.code for unit in units)},
                 organisation=organisation.pk)
    return group


def _unit_group_problems(organisation, name, units, group) -> dict:
    problems: dict[str, list] = {}
    if not name or len(name) > 40:
        problems["name"] = [_("Name the group (at most 40 characters).")]
    elif name == importing.ALL_UNITS or Unit.objects.filter(organisation=organisation,
                                                           name_zh=name).exists():
        problems["name"] = [_("A unit, or 各單位, already has this name.")]
    elif UnitGroup.objects.filter(organisation=organisation, name=name).exclude(
            pk=getattr(group, "pk", None)).exists():
        problems["name"] = [_("Another group has this name.")]
    if not units:
        problems["units"] = [_("Choose the group's units.")]
    elif any(unit.organisation_id != organisation.pk for unit in units):
        problems["units"] = [_("Choose units of the organisation.")]
    return problems


@transaction.atomic
def unit_group_delete(*, actor, group: UnitGroup) -> None:
    """Remove a group no action names."""
    require(actor, EDIT, organisation=group.organisation)
    if group.actions.exists():
        raise Conflict(_("Plan actions name this group; give them other units first."),
                       code="group_in_use")
    audit.record(actor=actor, action=actions.PLAN_UNIT_GROUP_DELETED, obj=group,
                 before={"name": group.name}, organisation=group.organisation_id)
    group.delete()


# Import ---------------------------------------------------------------------------------

@transaction.atomic
def plan_import(*, actor, plan: Plan, sheet: importing.PlanSheet, keep_numbers: bool) -> int:
    """Append the sheet's items (with their actions) to the plan's tree, name the plan's
    levels as the sheet's columns do, and keep the numbers as written or number by level
    (`keep_numbers`). Nothing is written while the sheet has an error. Returns how many
    items were added."""
    _require_editable(actor, plan)
    if not sheet.ok:
        raise ValidationFailed(_("Correct the rows listed and upload the file again."),
                               details={"rows": sorted({error.row for error in sheet.errors})})
    plan.numbering = Plan.Numbering.AS_WRITTEN if keep_numbers else Plan.Numbering.GENERATED
    save_with_version(plan, expected_version=plan.version)
    _name_levels(plan, sheet)
    units = {unit.name_zh: unit for unit in Unit.objects.filter(organisation=plan.organisation)}
    groups = {group.name: group for group in UnitGroup.objects.filter(
        organisation=plan.organisation)}
    added = 0

    def add(nodes: list[importing.SheetNode], parent: PlanNode | None) -> None:
        nonlocal added
        for item in nodes:
            node = _node_add(actor=actor, plan=plan, text=item.text, parent=parent,
                             level=item.level, number=item.number, once=False)
            added += 1
            if item.action is not None:
                names = item.action.unit_names
                action_set(actor=actor, node=node, deadline=item.action.deadline,
                           units=[units[name] for name in names if name not in groups],
                           groups=[groups[name] for name in names if name in groups],
                           all_units=item.action.all_units,
                           expected_benefit=item.action.expected_benefit)
            for indicator in item.indicators:
                indicator_save(actor=actor, plan=plan, node=node, name=indicator.name,
                               definition=indicator.definition, weight=indicator.weight,
                               unit_of_measure=indicator.unit_of_measure,
                               targets={plan.year: indicator.target})
            add(item.children, node)

    add(sheet.roots, None)
    audit.record(actor=actor, action=actions.PLAN_ACTIONS_IMPORTED, obj=plan,
                 after={"items": added, "actions": sheet.action_count,
                        "levels": sheet.levels, "numbering": plan.numbering})
    return added


def _name_levels(plan: Plan, sheet: importing.PlanSheet) -> None:
    """The plan's levels take the sheet's column names; a level keeps its numbering style
    unless the sheet's numbers show another. Levels below the sheet's that no item uses
    go."""
    existing = {level.depth: level for level in PlanLevel.objects.filter(plan=plan)}
    for depth, label in enumerate(sheet.levels):
        level = existing.get(depth) or PlanLevel(plan=plan, depth=depth,
                                                 style=default_style(depth))
        level.label = label[:40]
        level.style = sheet.styles.get(depth, level.style)
        level.save()
    used = set(PlanNode.objects.filter(plan=plan).values_list("level", flat=True))
    PlanLevel.objects.filter(plan=plan, depth__gte=len(sheet.levels)).exclude(
        depth__in=used).exclude(depth__lt=max(used, default=-1)).delete()


# Actions --------------------------------------------------------------------------------

@transaction.atomic
def action_set(*, actor, node: PlanNode, deadline: Deadline | str, units: Iterable[Unit] = (),
               all_units: bool = False, expected_benefit: str = "",
               expected_version: int | None = None,
               groups: Iterable[UnitGroup] = ()) -> Action:
    """Make the node actionable, or change its action. The deadline is a phrase as the
    plan writes it (any wording is kept; see deadlines.parse) or a Deadline."""
    plan = node.plan
    _require_editable(actor, plan)
    if isinstance(deadline, str):
        deadline = deadlines.parse(deadline, year=plan.year)
    if len(deadline.wording) > MAX_DEADLINE_LENGTH:
        raise ValidationFailed(details={"deadline": [
            _("Write the deadline in at most %(count)d characters.")
            % {"count": MAX_DEADLINE_LENGTH}]})
    units, groups = list(units), list(groups)
    _check_units(plan, units, groups, all_units)
    action = Action.objects.filter(node=node).first()
    before = _action_snapshot(action) if action else None
    if action is None:
        action = Action(node=node, plan=plan)
        expected_version = None
    _apply_deadline(action, deadline)
    action.all_units, action.expected_benefit = all_units, expected_benefit.strip()
    save_with_version(action, expected_version=expected_version)
    action.responsible_units.set(units)
    action.responsible_groups.set(groups)
    audit.record(actor=actor, action=actions.PLAN_ACTION_SET, obj=action, before=before,
                 after=_action_snapshot(action), organisation=action.plan.organisation_id)
    return action


def _check_units(plan: Plan, units: list[Unit], groups: list[UnitGroup],
                 all_units: bool) -> None:
    if not units and not groups and not all_units:
        raise ValidationFailed(details={"units": [_("Name at least one responsible unit.")]})
    if any(item.organisation_id != plan.organisation_id for item in [*units, *groups]):
        raise ValidationFailed(
            details={"units": [_("Responsible units must belong to the plan's organisation.")]})


def _apply_deadline(action: Action, deadline: Deadline) -> None:
    action.deadline_kind = deadline.kind.value
    action.deadline_text = deadline.wording
    action.deadline_day, action.deadline_end = deadline.day, deadline.end
    action.every_months, action.first_month = deadline.every_months, deadline.first_month
    action.month_day = deadline.month_day
    action.standing = deadline.standing.value if deadline.standing else ""


def _action_snapshot(action: Action) -> dict:
    return {"deadline": action.deadline_label, "all_units": action.all_units,
            "units": sorted(action.responsible_units.values_list("code", flat=True)),
            "groups": sorted(action.responsible_groups.values_list("name", flat=True)),
            "expected_benefit": action.expected_benefit}


@transaction.atomic
def action_mark_done(*, actor, action: Action, done_on: dt.date | None,
                     expected_version: int | None) -> Action:
    require(actor, EDIT, organisation=action.plan.organisation)
    action.done_on = done_on
    save_with_version(action, expected_version=expected_version)
    audit.record(actor=actor, action=actions.PLAN_ACTION_DONE, obj=action,
                 after={"done_on": done_on.isoformat() if done_on else None},
                 organisation=action.plan.organisation_id)
    return action


# Key indicators -------------------------------------------------------------------------

def _decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationFailed(details={field: [_("Enter a number.")]}) from error


@transaction.atomic
def indicator_save(*, actor, plan: Plan, name: str, targets: dict[int, object],
                   indicator: KeyIndicator | None = None, expected_version: int | None = None,
                   definition: str = "", unit_of_measure: str = "", direction: str = "higher",
                   baseline=None, tolerance=0, metric_code: str = "",
                   node: PlanNode | None = None, weight=None) -> KeyIndicator:
    """Create or change an indicator with its targets (up to three years; each a number,
    or words such as 完成系統上線), of the plan or of one of its items (`node`), with an
    optional weight."""
    _require_editable(actor, plan)
    if not (name or "").strip():
        raise ValidationFailed(details={"name": [_("Name the indicator.")]})
    if direction not in KeyIndicator.Direction.values:
        raise ValidationFailed(
            details={"direction": [_("Choose whether higher or lower is better.")]})
    if node is not None and node.plan_id != plan.pk:
        raise NotFound(_("No such plan item."))
    weight = _decimal(weight, "weight")
    if weight is not None and not Decimal(0) <= weight <= Decimal(10000):
        raise ValidationFailed(details={"weight": [_("Give a weight of 0 or more.")]})
    targets = {int(year): target_value(value) for year, value in targets.items()
               if str(value if value is not None else "").strip()}
    if len(targets) > MAX_TARGET_YEARS:
        raise ValidationFailed(details={"targets": [_("Set targets for at most three years.")]})
    _check_metric(metric_code)
    if indicator is None and plan.indicators.filter(name=name.strip(), node=node).exists():
        raise Conflict(_("The plan already has an indicator with this name."),
                       code="indicator_exists")
    if indicator is None:
        position = (plan.indicators.aggregate(last=Max("position"))["last"] or 0) + 1
        indicator = KeyIndicator(plan=plan, position=position)
        expected_version = None
    elif indicator.plan_id != plan.pk:
        raise NotFound()
    indicator.name, indicator.definition = name.strip(), definition
    indicator.unit_of_measure, indicator.direction = unit_of_measure, direction
    indicator.baseline = _decimal(baseline, "baseline")
    indicator.tolerance = _decimal(tolerance, "tolerance") or 0
    indicator.metric_code = metric_code
    indicator.node, indicator.weight = node, weight
    save_with_version(indicator, expected_version=expected_version)
    indicator.targets.exclude(year__in=targets).delete()
    for year, (value, text) in targets.items():
        IndicatorTarget.objects.update_or_create(indicator=indicator, year=year,
                                                 defaults={"value": value, "text": text})
    audit.record(actor=actor, action=actions.PLAN_INDICATOR_SAVED, obj=indicator,
                 after={"name": indicator.name, "metric": metric_code,
                        "node": node.pk if node else None, "weight": str(weight or ""),
                        "targets": {str(y): str(v or t) for y, (v, t) in targets.items()}},
                 organisation=indicator.plan.organisation_id)
    return indicator


def target_value(value) -> tuple[Decimal | None, str]:
    """(number, words) of a target as written: "95", 95 or "95%" are numbers (the unit is
    the indicator's), "完成系統上線" is words."""
    number, _unit, words = indicators.read_target(value)
    if len(words) > 200:
        raise ValidationFailed(details={"targets": [
            _("Write a target in at most 200 characters.")]})
    if number is not None and abs(number) >= Decimal("1e10"):
        raise ValidationFailed(details={"targets": [_("The target is too large.")]})
    return number, words


def _check_metric(code: str) -> None:
    if not code:
        return
    from minfu.metrics.registry import metrics

    if code not in metrics():
        raise ValidationFailed(details={"metric_code": [_("There is no metric with this code.")]})


@transaction.atomic
def indicator_record_actual(*, actor, indicator: KeyIndicator, expected_version: int | None,
                            value, evidence_text: str = "", evidence_name: str = "",
                            evidence_content: bytes | None = None, actual_text: str = "",
                            judgement: str = "") -> KeyIndicator:
    """The hand-entered actual value of an unbound indicator, with its evidence; for a
    target in words, what was reached in words and whether the target was met."""
    require(actor, EDIT, organisation=indicator.plan.organisation)
    if indicator.is_bound:
        raise Conflict(_("This indicator fills itself from the metrics; it takes no value."),
                       code="bound")
    if judgement not in ("", *KeyIndicator.Judgement.values):
        raise ValidationFailed(details={"judgement": [_("Choose met, near or missed.")]})
    indicator.manual_actual = _decimal(value, "value")
    indicator.actual_text, indicator.judgement = (actual_text or "").strip()[:200], judgement
    indicator.evidence_text = evidence_text.strip()
    if evidence_content is not None:
        checked = _checked_upload(evidence_content)
        indicator.evidence_file.save(evidence_name or "evidence", ContentFile(checked.content),
                                     save=False)
    reported = indicator.manual_actual is not None or indicator.actual_text or judgement
    if reported and not (indicator.evidence_text or indicator.evidence_file):
        raise ValidationFailed(
            details={"evidence_text": [_("Give the evidence for the value (text or a file).")]})
    save_with_version(indicator, expected_version=expected_version)
    audit.record(actor=actor, action=actions.PLAN_INDICATOR_ACTUAL_RECORDED, obj=indicator,
                 after={"value": str(indicator.manual_actual)},
                 organisation=indicator.plan.organisation_id)
    return indicator


def _checked_upload(content: bytes):
    try:
        return inspect_upload(content, max_bytes=MAX_EVIDENCE_BYTES)
    except UploadRejected as error:
        raise ValidationFailed(details={"file": [error.message]}, code=error.code) from error


# Copy to the next year ------------------------------------------------------------------

@transaction.atomic
def plan_copy_to_next_year(*, actor, plan: Plan) -> Plan:
    """The plan for the following year as a draft: basis, levels, tree, actions (deadlines
    a year later), indicators and targets; not periods or progress."""
    organisation = plan.organisation
    require(actor, EDIT, organisation=organisation)
    year = plan.year + 1
    if Plan.objects.filter(organisation=organisation, year=year).exists():
        raise Conflict(_("This organisation already has a plan for that year."),
                       code="plan_exists")
    roc_old, roc_new = str(plan.roc_year), str(plan.roc_year + 1)
    copy = Plan(organisation=organisation, year=year, programme=plan.programme,
                numbering=plan.numbering, uses_weights=plan.uses_weights,
                title=plan.title.replace(roc_old, roc_new, 1), objectives=plan.objectives,
                executing_units=plan.executing_units, layout=plan.layout)
    save_with_version(copy, expected_version=None)
    PlanLevel.objects.bulk_create(PlanLevel(plan=copy, depth=level.depth, label=level.label,
                                            style=level.style) for level in plan.levels.all())
    Directive.objects.bulk_create(
        Directive(plan=copy, position=d.position, issued_on=d.issued_on,
                  document_number=d.document_number, text=d.text)
        for d in plan.directives.all())
    PlanSection.objects.bulk_create(
        PlanSection(plan=copy, position=section.position, heading=section.heading,
                    kind=section.kind, paragraphs=section.paragraphs, table=section.table)
        for section in plan.sections.all())
    nodes = _copy_tree(plan, copy)
    _copy_indicators(plan, copy, nodes)
    audit.record(actor=actor, action=actions.PLAN_COPIED, obj=copy, after={"from": plan.pk})
    return copy


def _copy_tree(plan: Plan, copy: Plan) -> dict[int, PlanNode]:
    """The plan's tree copied into `copy`; returns the new node of each old node's id."""
    new_by_old: dict[int, PlanNode] = {}
    nodes = plan.nodes.order_by("depth", "position").select_related("action")
    for node in nodes:
        parent = new_by_old.get(node.parent_id)
        new = PlanNode.objects.create(plan=copy, parent=parent, depth=node.depth,
                                      level=node.level, number=node.number,
                                      position=node.position, text=node.text,
                                      measure_id=node.measure_id, path="")
        new.path = f"{parent.path if parent else '/'}{new.pk}/"
        new.save(update_fields=["path"])
        new_by_old[node.pk] = new
        action = getattr(node, "action", None)
        if action is not None:
            _copy_action(action, new, copy)
    return new_by_old


def _copy_action(action: Action, node: PlanNode, plan: Plan) -> None:
    new = Action(node=node, plan=plan, all_units=action.all_units,
                 expected_benefit=action.expected_benefit)
    _apply_deadline(new, deadlines.shift_years(action.deadline, 1))
    save_with_version(new, expected_version=None)
    new.responsible_units.set(action.responsible_units.all())
    new.responsible_groups.set(action.responsible_groups.all())


def _copy_indicators(plan: Plan, copy: Plan, nodes: dict[int, PlanNode]) -> None:
    for indicator in plan.indicators.prefetch_related("targets"):
        new = KeyIndicator(plan=copy, position=indicator.position, name=indicator.name,
                           node=nodes.get(indicator.node_id), weight=indicator.weight,
                           definition=indicator.definition,
                           unit_of_measure=indicator.unit_of_measure,
                           direction=indicator.direction, baseline=indicator.baseline,
                           tolerance=indicator.tolerance, metric_code=indicator.metric_code)
        save_with_version(new, expected_version=None)
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=new, year=t.year, value=t.value, text=t.text)
            for t in indicator.targets.all() if t.year > plan.year)


# Reporting periods and progress reports -------------------------------------------------

@transaction.atomic
def period_create(*, actor, plan: Plan, label: str, start: dt.date, end: dt.date,
                  due: dt.date) -> ReportingPeriod:
    require(actor, EDIT, organisation=plan.organisation)
    if end < start or due < start:
        raise ValidationFailed(
            details={"end": [_("The period must end after it starts, and be due after it "
                                 "starts.")]})
    period, created = ReportingPeriod.objects.get_or_create(
        plan=plan, start=start, defaults={"label": label, "end": end, "due": due})
    if created:
        audit.record(actor=actor, action=actions.PLAN_PERIOD_CREATED, obj=period,
                     after={"label": label, "start": start.isoformat(), "end": end.isoformat(),
                            "due": due.isoformat()}, organisation=plan.organisation_id)
    return period


def quarters(year: int, *, due_day: int = 10) -> list[tuple[str, dt.date, dt.date, dt.date]]:
    """The four quarters of `year` as (label, start, end, due): due on `due_day` of the
    month after the quarter (a date the plan's coordinator sets, not a working-day count)."""
    found = []
    for index, month in enumerate((1, 4, 7, 10), start=1):
        end = deadlines.month_end(year, month + 2)
        due_month = dt.date(year + (month + 3) // 13, (month + 2) % 12 + 1, due_day)
        found.append((f"{year - 1911}年第{index}季", dt.date(year, month, 1), end, due_month))
    return found


@transaction.atomic
def periods_create_quarterly(*, actor, plan: Plan, due_day: int = 10) -> list[ReportingPeriod]:
    return [period_create(actor=actor, plan=plan, label=label, start=start, end=end, due=due)
            for label, start, end, due in quarters(plan.year, due_day=due_day)]


def reporting_units(action: Action, organisation_units: Sequence[Unit]) -> list[Unit]:
    """The units that report on the action: every active unit for 各單位, else those
    named and the active units of the groups named, each once."""
    if action.all_units:
        return list(organisation_units)
    found = {unit.pk: unit for unit in action.responsible_units.all()}
    for group in action.responsible_groups.all():
        found.update((unit.pk, unit) for unit in group.units.all() if unit.is_active)
    return sorted(found.values(), key=lambda unit: (unit.sort_order, unit.code))


def report_slots(action: Action, period: ReportingPeriod) -> list[dt.date]:
    """The occurrences a unit reports on in the period: each due day of a recurring action
    within it, otherwise one report dated the period's end."""
    if action.deadline_kind == DeadlineKind.RECURRING:
        return deadlines.occurrences_between(action.deadline, period.start, period.end)
    return [period.end]


@transaction.atomic
def period_open(*, actor, period: ReportingPeriod) -> int:
    """Create the draft reports the period expects (one per action, responsible unit and
    occurrence). Safe to run again: existing reports stay. Returns how many were made."""
    plan = period.plan
    require(actor, EDIT, organisation=plan.organisation)
    units = list(Unit.objects.filter(organisation=plan.organisation, is_active=True))
    existing = set(ProgressReport.objects.filter(period=period)
                   .values_list("action_id", "unit_id", "occurrence"))
    new = []
    for action in plan.actions.prefetch_related("responsible_units",
                                                "responsible_groups__units"):
        for unit in reporting_units(action, units):
            for occurrence in report_slots(action, period):
                if (action.pk, unit.pk, occurrence) not in existing:
                    new.append(ProgressReport(action=action, unit=unit, period=period,
                                              occurrence=occurrence))
    ProgressReport.objects.bulk_create(new, ignore_conflicts=True)
    audit.record(actor=actor, action=actions.PLAN_PERIOD_OPENED, obj=period,
                 after={"created": len(new)}, organisation=period.plan.organisation_id)
    notices.reports_requested(period)
    return len(new)


@transaction.atomic
def report_save(*, actor, action: Action, unit: Unit, period: ReportingPeriod,
                status: str, narrative: str = "", occurrence: dt.date | None = None,
                expected_version: int | None = None) -> ProgressReport:
    """Write (create or change) a unit's report while it is a draft or returned. The
    unique (action, unit, period, occurrence) makes a double submit change one report; a
    report that exists is changed only with the `expected_version` its writer read."""
    require(actor, REPORT, unit=unit)
    if period.plan_id != action.plan_id:
        raise NotFound()
    _check_responsible(action, unit)
    slots = report_slots(action, period)
    occurrence = occurrence or (slots[0] if slots else None)
    if occurrence not in slots:
        raise ValidationFailed(
            details={"occurrence": [_("This action is not due in this period.")]})
    if status not in ProgressReport.Status.values:
        raise ValidationFailed(details={"status": [_("Choose a status.")]})
    try:
        with transaction.atomic():
            report, created = ProgressReport.objects.get_or_create(
                action=action, unit=unit, period=period, occurrence=occurrence)
    except IntegrityError:
        report, created = ProgressReport.objects.get(
            action=action, unit=unit, period=period, occurrence=occurrence), False
    if not workflow.is_editable(report.review_state):
        raise Conflict(_("This report has been submitted; it can no longer be changed."),
                       code="not_editable")
    before = {"status": report.status, "narrative": report.narrative}
    report.status, report.narrative = status, narrative.strip()
    save_with_version(report, expected_version=report.version if created else expected_version)
    audit.record(actor=actor, action=actions.PROGRESS_REPORT_SAVED, obj=report, before=before,
                 after={"status": status, "narrative": report.narrative},
                 organisation=report.action.plan.organisation_id)
    return report


def _check_responsible(action: Action, unit: Unit) -> None:
    responsible = (unit.organisation_id == action.plan.organisation_id if action.all_units
                   else action.responsible_units.filter(pk=unit.pk).exists()
                   or action.responsible_groups.filter(units=unit).exists())
    if not responsible:
        raise ValidationFailed(
            details={"unit": [_("This unit is not responsible for the action.")]})


@transaction.atomic
def report_attach(*, actor, report: ProgressReport, name: str, content: bytes) -> ReportEvidence:
    require(actor, REPORT, unit=report.unit)
    if not workflow.is_editable(report.review_state):
        raise Conflict(_("This report has been submitted; it can no longer be changed."),
                       code="not_editable")
    checked = _checked_upload(content)
    evidence = ReportEvidence(report=report, original_name=(name or "evidence")[:200],
                              content_type=checked.content_type)
    evidence.file.save(stored_name(checked.content_type), ContentFile(checked.content),
                       save=False)
    evidence.save()
    audit.record(actor=actor, action=actions.PROGRESS_REPORT_ATTACHMENT_ADDED, obj=report,
                 after={"file": evidence.original_name},
                 organisation=report.action.plan.organisation_id)
    return evidence


@transaction.atomic
def report_submit(*, actor, report: ProgressReport, expected_version: int | None
                  ) -> ProgressReport:
    require(actor, REPORT, unit=report.unit)
    if report.status == ProgressReport.Status.NOT_STARTED and not report.narrative:
        raise ValidationFailed(
            details={"narrative": [_("Say what was done before submitting the report.")]})
    before = report.review_state
    report.review_state = workflow.MACHINE.next_state(report.review_state,
                                                     workflow.ReviewAction.SUBMIT)
    report.submitted_at, report.submitted_by = timezone.now(), actor
    save_with_version(report, expected_version=expected_version)
    audit.record(actor=actor, action=actions.PROGRESS_REPORT_SUBMITTED, obj=report,
                 before={"state": before}, after={"state": report.review_state},
                 organisation=report.action.plan.organisation_id)
    return report


@transaction.atomic
def report_review(*, actor, report: ProgressReport, decision: str, comment: str = "",
                  expected_version: int | None) -> ProgressReport:
    """The coordinator accepts a submitted report or returns it with a comment."""
    require(actor, REVIEW, organisation=report.action.plan.organisation)
    if decision == workflow.ReviewAction.RETURN and not comment.strip():
        raise ValidationFailed(details={"comment": [_("Say why the report is returned.")]})
    if decision not in (workflow.ReviewAction.RETURN, workflow.ReviewAction.ACCEPT):
        raise ValidationFailed(details={"decision": [_("Choose to accept or return the report.")]})
    before = report.review_state
    report.review_state = workflow.MACHINE.next_state(report.review_state, decision)
    report.review_comment = comment.strip()
    report.reviewed_at, report.reviewed_by = timezone.now(), actor
    save_with_version(report, expected_version=expected_version)
    action = (actions.PROGRESS_REPORT_RETURNED if decision == workflow.ReviewAction.RETURN
              else actions.PROGRESS_REPORT_ACCEPTED)
    audit.record(actor=actor, action=action, obj=report,
                 before={"state": before}, after={"state": report.review_state,
                                                  "comment": report.review_comment},
                 organisation=report.action.plan.organisation_id)
    if decision == workflow.ReviewAction.RETURN:
        notices.report_returned(report)
    return report
