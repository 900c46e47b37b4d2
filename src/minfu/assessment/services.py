"""Every write of assessment. Each service is keyword-only, runs in one transaction,
checks permission with `can`, validates, writes and appends an audit event."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.assessment import actions, awards, deadlines, scoring, selectors, workflow
from minfu.assessment.models import (
    AwardAssignment,
    AwardCategory,
    AwardCategoryKind,
    AwardEntry,
    AwardRound,
    AwardRoundState,
    AwardStage,
    AwardStageEntry,
    AwardStageKind,
    AwardTier,
    ConflictState,
    CourtesyTest,
    Evidence,
    Finding,
    ImprovementItem,
    Inspection,
    InspectionKind,
    InspectionState,
    ItemSource,
    Meeting,
    MeetingItem,
    Nomination,
    Proposal,
    ProposalStatus,
    RecognitionKind,
    ScoreCard,
    ScoreItem,
    ScoreLine,
    ScoreSection,
    ScoreSheet,
    ScoreTier,
    SheetKind,
)
from minfu.core import audit
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.services import save_with_version
from minfu.core.site import site_url
from minfu.notify.services import staff_tell_once
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import can, require
from minfu.org.selectors import may_open_improvement_items
from minfu.plans import services as plan_services
from minfu.plans.deadlines import Deadline, DeadlineKind, Standing
from minfu.plans.models import PlanNode
from minfu.records.uploads import UploadRejected, display_name, inspect_upload, stored_name
from minfu.surveys.models import FollowUp as SurveyFollowUp
from minfu.voice.models import FollowUp as PetitionFollowUp
from minfu.workcal.periods import Period, PeriodUnit
from minfu.workcal.selectors import due_for

logger = logging.getLogger(__name__)
JUDGE_ASSIGNED = "assessment.award_judge_assigned"
REPLY_MONTHS = 1  # an inspected agency replies within one month (MOF programme 陸.二)





def _today() -> dt.date:
    return timezone.localdate()


def reply_due_on(organisation: Organisation, start: dt.date) -> dt.date:
    """One calendar month after `start` (the corresponding day), moved to the next
    working day of the organisation's calendar when it falls on a day off."""
    days = deadlines.calendar_days_to(start, REPLY_MONTHS)
    return due_for(organisation=organisation, start=start,
                   period=Period(days, PeriodUnit.CALENDAR_DAYS))


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationFailed(details={field: [_("Enter a number.")]}) from None
    if not number.is_finite():
        raise ValidationFailed(details={field: [_("Enter a number.")]})
    return number


# ----- score sheets ---------------------------------------------------------------------------

def score_sheet_is_used(sheet: ScoreSheet) -> bool:
    return ScoreCard.objects.filter(sheet=sheet).exists() or \
        Inspection.objects.filter(sheet=sheet).exists() or \
        AwardRound.objects.filter(sheet=sheet).exists() or \
        AwardCategory.objects.filter(sheet=sheet).exists()


def _validate_sheet(sections: Sequence[Mapping], tiers: Sequence[Mapping]) -> None:
    if not sections or not any(section.get("items") for section in sections):
        raise ValidationFailed(_("A score sheet needs at least one item."),
                               details={"sections": [_("Add at least one item.")]})
    for section in sections:
        if not (section.get("title_zh") or "").strip():
            raise ValidationFailed(details={"sections": [_("Every section needs a title.")]})
        for item in section.get("items", ()):
            if not (item.get("title_zh") or "").strip():
                raise ValidationFailed(details={"sections": [_("Every item needs a title.")]})
            if _decimal(item.get("max_points"), "sections") <= 0:
                raise ValidationFailed(
                    details={"sections": [_("Maximum points must be more than zero.")]})
    for tier in tiers:
        if not (tier.get("name_zh") or "").strip():
            raise ValidationFailed(details={"tiers": [_("Every tier needs a name.")]})
        if _decimal(tier.get("lower_bound"), "tiers") < 0:
            raise ValidationFailed(details={"tiers": [_("A lower bound cannot be negative.")]})


def _write_sheet_content(sheet: ScoreSheet, sections, tiers) -> None:
    sheet.sections.all().delete()
    sheet.tiers.all().delete()
    for position, section in enumerate(sections, start=1):
        stored = ScoreSection.objects.create(sheet=sheet, position=position,
                                             title_zh=section["title_zh"].strip(),
                                             title_en=(section.get("title_en") or "").strip())
        for item_position, item in enumerate(section.get("items", ()), start=1):
            ScoreItem.objects.create(
                section=stored, position=item_position, title_zh=item["title_zh"].strip(),
                title_en=(item.get("title_en") or "").strip(),
                max_points=_decimal(item["max_points"], "sections"),
                guidance=(item.get("guidance") or "").strip())
    for tier in tiers:
        ScoreTier.objects.create(sheet=sheet, name_zh=tier["name_zh"].strip(),
                                 name_en=(tier.get("name_en") or "").strip(),
                                 lower_bound=_decimal(tier["lower_bound"], "tiers"))


def _sheet_snapshot(sheet: ScoreSheet) -> dict:
    rules = selectors.sheet_rules(sheet)
    return {"code": sheet.code, "sheet_version": sheet.sheet_version, "kind": sheet.kind,
            "max_total": str(rules.max_total),
            "improvement_below": str(sheet.improvement_below)
            if sheet.improvement_below is not None else None,
            "tiers": [[tier.name, str(tier.lower_bound)] for tier in rules.tiers]}


@transaction.atomic
def score_sheet_save(*, actor, organisation: Organisation, kind: str, code: str, name_zh: str,
                     name_en: str = "", improvement_below=None,
                     sections: Sequence[Mapping], tiers: Sequence[Mapping] = (),
                     based_on: int | None = None,
                     expected_version: int | None = None) -> ScoreSheet:
    """Create a sheet, or change the current version of `code`: in place while no one has
    used it, otherwise as the next version (the used one stays as it was). A form that
    started from a sheet names it (`based_on`, its id) and the `expected_version` it read:
    when that sheet is no longer the current one as read, the save is refused (Conflict)."""
    require(actor, "assessment.manage", organisation=organisation)
    if kind not in SheetKind.values:
        raise ValidationFailed(details={"kind": [_("Choose a kind.")]})
    if not (code or "").strip() or not (name_zh or "").strip():
        raise ValidationFailed(details={"code": [_("Give a code and a name.")]})
    _validate_sheet(sections, tiers)
    threshold = None if improvement_below in (None, "") else \
        _decimal(improvement_below, "improvement_below")
    current = (ScoreSheet.objects.select_for_update()
               .filter(organisation=organisation, code=code, is_current=True).first())
    if current is not None and current.kind != kind:
        raise ValidationFailed(details={"kind": [_("A sheet keeps its kind across versions.")]})
    if based_on is not None and (current is None or current.pk != based_on):
        raise Conflict(details={"based_on": based_on})  # a newer version was saved since
    expected = current.version if current is not None and based_on is None \
        else expected_version
    if current is not None and not score_sheet_is_used(current):
        sheet, action = current, actions.SHEET_CHANGED
        before = _sheet_snapshot(sheet)
        sheet.name_zh, sheet.name_en, sheet.improvement_below = name_zh, name_en, threshold
        save_with_version(sheet, expected_version=expected)
    else:
        before = _sheet_snapshot(current) if current else None
        number = (current.sheet_version + 1) if current else 1
        if current is not None:
            current.is_current = False
            save_with_version(current, expected_version=expected)
        sheet = ScoreSheet.objects.create(
            organisation=organisation, kind=kind, code=code, sheet_version=number,
            name_zh=name_zh, name_en=name_en, improvement_below=threshold)
        action = actions.SHEET_VERSIONED if current else actions.SHEET_CREATED
    _write_sheet_content(sheet, sections, tiers)
    audit.record(actor=actor, action=action, obj=sheet, before=before,
                 after=_sheet_snapshot(sheet))
    return sheet


def _sheet_usable(sheet: ScoreSheet, kind: str, organisation: Organisation) -> None:
    if sheet.kind != kind or not sheet.is_current:
        raise ValidationFailed(details={"sheet": [_("Choose a current score sheet of the "
                                                    "right kind.")]})
    if not organisation.path.startswith(sheet.organisation.path):
        raise ValidationFailed(details={"sheet": [_("This score sheet belongs to another "
                                                    "organisation.")]})


def _score_lines(sheet: ScoreSheet, points: Mapping, field: str = "points"
                 ) -> dict[int, Decimal]:
    try:
        parsed = {int(item_id): _decimal(value, field) for item_id, value in points.items()}
    except (TypeError, ValueError):
        raise ValidationFailed(details={field: [_("Scores are given per item id.")]}) from None
    errors = scoring.point_errors(selectors.sheet_rules(sheet), parsed)
    if errors:
        raise ValidationFailed(_("Some scores are not valid."),
                               details={f"item_{item_id}": [message]
                                        for item_id, message in errors.items()})
    return parsed


def _write_card(*, sheet, scorer, points: Mapping[int, Decimal], comments: Mapping,
                **subject) -> ScoreCard:
    card, _created = ScoreCard.objects.update_or_create(
        sheet=sheet, scorer=scorer, **subject,
        defaults={"total": scoring.total(points.values())})
    card.lines.all().delete()
    ScoreLine.objects.bulk_create([
        ScoreLine(card=card, item_id=item_id, points=value,
                  comment=(comments.get(item_id) or comments.get(str(item_id)) or "").strip())
        for item_id, value in points.items()])
    return card


# ----- evidence ---------------------------------------------------------------------------------

def _store_evidence(*, actor, upload, **subject) -> Evidence:
    content = upload.read()
    try:
        checked = inspect_upload(content, max_bytes=settings.MINFU_UPLOAD_MAX_BYTES)
    except UploadRejected as error:
        raise ValidationFailed(error.message, code=error.code,
                               details={"files": [error.message]}) from error
    evidence = Evidence(original_name=display_name(getattr(upload, "name", "") or "evidence"),
                        content_type=checked.content_type, size=len(checked.content),
                        uploaded_by=actor, **subject)
    evidence.file.save(stored_name(checked.content_type), ContentFile(checked.content),
                       save=False)
    evidence.save()
    return evidence


# ----- inspections ------------------------------------------------------------------------------

def _task_force_ids(inspection: Inspection) -> set[int]:
    ids = {inspection.convener_id, *inspection.members.values_list("pk", flat=True)}
    if inspection.secretary_id:
        ids.add(inspection.secretary_id)
    return ids


@transaction.atomic
def inspection_create(*, actor, organisation: Organisation, sheet: ScoreSheet, kind: str,
                      title: str, inspected_on: dt.date, convener, unit: Unit | None = None,
                      secretary=None, members: Sequence = (), approver=None) -> Inspection:
    """Plan an inspection. `approver` is the official who will approve its report; they
    must hold `assessment.approve_inspection` for the organisation. Without one, anyone
    who holds it and neither submitted nor reviewed the report approves
    (assessment/inspection_signoff.py)."""
    require(actor, "assessment.manage", organisation=organisation)
    if approver is not None and not can(approver, "assessment.approve_inspection",
                                        organisation=organisation):
        raise ValidationFailed(details={"approver": [
            _("This person may not approve inspection reports of this organisation.")]})
    _sheet_usable(sheet, SheetKind.INSPECTION, organisation)
    if kind not in InspectionKind.values:
        raise ValidationFailed(details={"kind": [_("Choose scheduled or unannounced.")]})
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationFailed(details={"unit": [_("The unit belongs to another "
                                                   "organisation.")]})
    if not (title or "").strip():
        raise ValidationFailed(details={"title": [_("Give a title.")]})
    inspection = Inspection.objects.create(
        organisation=organisation, unit=unit, sheet=sheet, kind=kind, title=title.strip(),
        inspected_on=inspected_on, convener=convener, secretary=secretary, approver=approver)
    inspection.members.set(members)
    audit.record(actor=actor, action=actions.INSPECTION_CREATED, obj=inspection,
                 after={"organisation": organisation.pk, "unit": unit.pk if unit else None,
                        "sheet": sheet.pk, "kind": kind,
                        "task_force": sorted(_task_force_ids(inspection)),
                        "approver": approver.pk if approver is not None else None})
    return inspection


@transaction.atomic
def inspection_score(*, actor, inspection: Inspection, points: Mapping,
                     comments: Mapping | None = None, files: Sequence = ()) -> ScoreCard:
    """Record (or correct) one inspector's scores; only task-force members score."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if actor.pk not in _task_force_ids(inspection):
        raise PermissionDenied(_("Only members of the task force score this inspection."))
    report_open(inspection)
    parsed = _score_lines(inspection.sheet, points)
    card = _write_card(sheet=inspection.sheet, scorer=actor, points=parsed,
                       comments=comments or {}, inspection=inspection)
    for upload in files:
        _store_evidence(actor=actor, upload=upload, inspection=inspection)
    audit.record(actor=actor, action=actions.INSPECTION_SCORED, obj=inspection,
                 after={"scorer": actor.pk, "total": str(card.total)})
    return card


def report_open(inspection: Inspection) -> None:
    """Scores and findings change only while the task force writes the report (planned,
    or returned for correction); once submitted they are what is signed off."""
    if inspection.state not in workflow.REPORT_OPEN:
        raise Conflict(_("The report of this inspection is submitted: its scores and "
                         "findings no longer change."), code="report_submitted")


@transaction.atomic
def finding_add(*, actor, inspection: Inspection, text: str,
                owner_unit: Unit | None = None) -> Finding:
    require(actor, "assessment.manage", organisation=inspection.organisation)
    report_open(Inspection.objects.select_for_update().get(pk=inspection.pk))
    if not (text or "").strip():
        raise ValidationFailed(details={"text": [_("Describe the finding.")]})
    owner_unit = owner_unit or inspection.unit
    if owner_unit is not None and owner_unit.organisation_id != inspection.organisation_id:
        raise ValidationFailed(details={"owner_unit": [_("The unit belongs to another "
                                                         "organisation.")]})
    finding = Finding.objects.create(inspection=inspection, text=text.strip(),
                                     owner_unit=owner_unit)
    audit.record(actor=actor, action=actions.FINDING_ADDED, obj=finding,
                 after={"inspection": inspection.pk, "text": finding.text},
                 organisation=inspection.organisation_id)
    return finding


@transaction.atomic
def finding_remove(*, actor, finding: Finding) -> None:
    """Take a finding out of a report that is still being written."""
    inspection = finding.inspection
    require(actor, "assessment.manage", organisation=inspection.organisation)
    report_open(Inspection.objects.select_for_update().get(pk=inspection.pk))
    audit.record(actor=actor, action=actions.FINDING_REMOVED, obj=finding,
                 before={"inspection": inspection.pk, "text": finding.text},
                 organisation=inspection.organisation_id)
    finding.delete()


@transaction.atomic
def finding_to_item(*, actor, finding: Finding) -> ImprovementItem:
    """One click per finding: the item of an already converted finding is returned."""
    finding = Finding.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=finding.pk)
    existing = ImprovementItem.objects.filter(finding=finding).first()
    if existing is not None:
        return existing
    inspection = finding.inspection
    if inspection.state != InspectionState.APPROVED:
        raise Conflict(_("A finding becomes an improvement item when the report is "
                         "approved."), code="report_not_approved")
    if finding.owner_unit is None:
        raise ValidationFailed(_("Say which unit owns the finding first."),
                               details={"owner_unit": [_("Choose a unit.")]})
    return improvement_item_open(
        actor=actor, organisation=inspection.organisation, owner_unit=finding.owner_unit,
        source=ItemSource.INSPECTION, title=finding.text[:300], description=finding.text,
        due_on=inspection.reply_due_on, inspection=inspection, finding=finding)


# ----- improvement items ---------------------------------------------------------------------

def _survey_origin(follow_up: SurveyFollowUp) -> dict:
    said = follow_up.summary.strip()
    return {"organisation": follow_up.organisation, "source": ItemSource.SURVEY,
            "title": _("Survey follow-up #%(number)s: %(said)s") % {
                "number": follow_up.pk, "said": said or _("low rating")},
            "description": "\n\n".join(part for part in (said, follow_up.notes.strip()) if part),
            "survey_follow_up": follow_up}


def _petition_origin(follow_up: PetitionFollowUp) -> dict:
    petition, rating = follow_up.petition, follow_up.rating
    return {"organisation": petition.organisation, "source": ItemSource.COMPLAINT,
            "title": _("Petition %(number)s rated unsatisfied: %(subject)s") % {
                "number": petition.number, "subject": petition.subject},
            "description": "\n\n".join(part for part in (
                rating.comment.strip(), follow_up.note.strip()) if part),
            "petition_follow_up": follow_up}


_FOLLOW_UP_ORIGINS = {SurveyFollowUp: ("survey_follow_up", _survey_origin),
                      PetitionFollowUp: ("petition_follow_up", _petition_origin)}


@transaction.atomic
def follow_up_to_item(*, actor, follow_up: SurveyFollowUp | PetitionFollowUp,
                      owner_unit: Unit, due_on: dt.date | None = None) -> ImprovementItem:
    """Take what a citizen said (the follow-up of a low survey rating or of a petition
    rated unsatisfied) into tracking (列管) as an improvement item of `owner_unit`, so that
    it reaches the coordinator's list, the meetings and the plan. One item per follow-up:
    a second click returns the first item."""
    field, origin = _FOLLOW_UP_ORIGINS[type(follow_up)]
    follow_up = type(follow_up).objects.select_for_update(of=("self",)).get(pk=follow_up.pk)
    details = origin(follow_up)
    if not may_open_improvement_items(actor, details["organisation"]):
        raise PermissionDenied()
    existing = ImprovementItem.objects.filter(**{field: follow_up}).first()
    if existing is not None:
        return existing
    details["title"] = details["title"][:300]
    return improvement_item_open(actor=actor, owner_unit=owner_unit, due_on=due_on, **details)


def _item_snapshot(item: ImprovementItem) -> dict:
    return {"status": item.status, "due_on": item.due_on.isoformat(),
            "owner_unit": item.owner_unit_id, "closed_on":
            item.closed_on.isoformat() if item.closed_on else None}


@transaction.atomic
def improvement_item_open(*, actor, organisation: Organisation, owner_unit: Unit, source: str,
                          title: str, description: str = "", due_on: dt.date | None = None,
                          inspection: Inspection | None = None, finding: Finding | None = None,
                          courtesy_test: CourtesyTest | None = None,
                          survey_follow_up: SurveyFollowUp | None = None,
                          petition_follow_up: PetitionFollowUp | None = None) -> ImprovementItem:
    """`actor` None is the system: an approved inspection report opens its findings'
    items by itself (assessment/inspection_signoff.py)."""
    if actor is not None and not may_open_improvement_items(actor, organisation):
        raise PermissionDenied()
    if source not in ItemSource.values:
        raise ValidationFailed(details={"source": [_("Choose a source.")]})
    if owner_unit.organisation_id != organisation.pk:
        raise ValidationFailed(details={"owner_unit": [_("The unit belongs to another "
                                                         "organisation.")]})
    if not (title or "").strip():
        raise ValidationFailed(details={"title": [_("Give a title.")]})
    today = _today()
    due_on = due_on or reply_due_on(organisation, today)
    if due_on < today:
        raise ValidationFailed(details={"due_on": [_("The due date cannot be in the past.")]})
    item = ImprovementItem.objects.create(
        organisation=organisation, owner_unit=owner_unit, source=source, title=title.strip(),
        description=(description or "").strip(), due_on=due_on, opened_on=today,
        inspection=inspection, finding=finding, courtesy_test=courtesy_test,
        survey_follow_up=survey_follow_up, petition_follow_up=petition_follow_up)
    audit.record(actor=actor, action=actions.ITEM_OPENED, obj=item,
                 after=_item_snapshot(item) | {"source": source})
    return item


@transaction.atomic
def improvement_item_reply(*, actor, item: ImprovementItem, expected_version: int | None,
                           reply: str, files: Sequence = ()) -> ImprovementItem:
    """The owner unit's reply with its improvements and evidence."""
    require(actor, "assessment.reply", unit=item.owner_unit)
    if not (reply or "").strip():
        raise ValidationFailed(details={"reply": [_("Describe what the unit improved.")]})
    before = _item_snapshot(item)
    item.status = workflow.MACHINE.next_state(item.status, workflow.Action.REPLY)
    item.reply, item.replied_at, item.replied_by = reply.strip(), timezone.now(), actor
    save_with_version(item, expected_version=expected_version)
    for upload in files:
        _store_evidence(actor=actor, upload=upload, item=item)
    audit.record(actor=actor, action=actions.ITEM_REPLIED, obj=item, before=before,
                 after=_item_snapshot(item) | {"files": len(files)})
    return item


@transaction.atomic
def improvement_item_review(*, actor, item: ImprovementItem, expected_version: int | None,
                            close: bool, note: str = "") -> ImprovementItem:
    """The coordinator closes the item or returns it to the unit with a note."""
    require(actor, "assessment.review_items", organisation=item.organisation)
    action = workflow.Action.CLOSE if close else workflow.Action.RETURN
    if not close and not (note or "").strip():
        raise ValidationFailed(details={"note": [_("Say what the unit still has to do.")]})
    before = _item_snapshot(item)
    item.status = workflow.MACHINE.next_state(item.status, action)
    item.review_note, item.reviewed_by = (note or "").strip(), actor
    item.closed_on = _today() if close else None
    save_with_version(item, expected_version=expected_version)
    audit.record(actor=actor, action=actions.ITEM_CLOSED if close
                 else actions.ITEM_RETURNED, obj=item, before=before,
                 after=_item_snapshot(item))
    return item


@transaction.atomic
def meeting_record(*, actor, organisation: Organisation, held_on: dt.date, title: str,
                   minutes: str = "") -> Meeting:
    """A task-force meeting, with a snapshot of every unresolved item and its progress."""
    require(actor, "assessment.review_items", organisation=organisation)
    if not (title or "").strip():
        raise ValidationFailed(details={"title": [_("Give a title.")]})
    if held_on > _today():
        raise ValidationFailed(details={"held_on": [_("Record a meeting once it is held.")]})
    meeting = Meeting.objects.create(organisation=organisation, held_on=held_on,
                                     title=title.strip(), minutes=(minutes or "").strip(),
                                     recorded_by=actor)
    items = ImprovementItem.objects.filter(organisation=organisation,
                                           status__in=list(workflow.UNRESOLVED))
    MeetingItem.objects.bulk_create([
        MeetingItem(meeting=meeting, item=item, status=item.status,
                    progress=item.reply or item.review_note) for item in items])
    audit.record(actor=actor, action=actions.MEETING_RECORDED, obj=meeting,
                 after={"held_on": held_on.isoformat(), "items": len(items)})
    return meeting


# ----- telephone-courtesy tests ----------------------------------------------------------------

@transaction.atomic
def courtesy_test_record(*, actor, unit: Unit, sheet: ScoreSheet, called_at: dt.datetime,
                         number_called: str, rings: int, points: Mapping,
                         comments: Mapping | None = None, answered_by=None,
                         answered_by_name: str = "", notes: str = "",
                         idempotency_key: str | None = None) -> CourtesyTest:
    """A test call and its scores; under the sheet's threshold a training follow-up (an
    improvement item of source courtesy) is opened for the unit."""
    organisation = unit.organisation
    require(actor, "assessment.manage", organisation=organisation)
    if idempotency_key:
        existing = CourtesyTest.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    _sheet_usable(sheet, SheetKind.COURTESY, organisation)
    if not (number_called or "").strip():
        raise ValidationFailed(details={"number_called": [_("Give the number called.")]})
    if rings is None or int(rings) < 0:
        raise ValidationFailed(details={"rings": [_("Rings cannot be negative.")]})
    if answered_by is not None and not answered_by.memberships.filter(unit=unit).exists():
        raise ValidationFailed(details={"answered_by": [_("This person is not in the unit.")]})
    parsed = _score_lines(sheet, points)
    result = scoring.result_of(selectors.sheet_rules(sheet), scoring.total(parsed.values()))
    test = CourtesyTest.objects.create(
        organisation=organisation, unit=unit, sheet=sheet, called_at=called_at,
        number_called=number_called.strip(), rings=int(rings), tester=actor,
        answered_by=answered_by, answered_by_name=(answered_by_name or "").strip()
        or (answered_by.get_full_name() if answered_by else ""),
        total=result.total, below_threshold=result.improvement_required,
        notes=(notes or "").strip(), idempotency_key=idempotency_key or None)
    _write_card(sheet=sheet, scorer=actor, points=parsed, comments=comments or {},
                courtesy_test=test)
    audit.record(actor=actor, action=actions.COURTESY_TEST_RECORDED, obj=test,
                 after={"unit": unit.pk, "total": str(result.total),
                        "below_threshold": result.improvement_required})
    if result.improvement_required:
        who = test.answered_by_name or _("unknown")
        improvement_item_open(
            actor=actor, organisation=organisation, owner_unit=unit,
            source=ItemSource.COURTESY, courtesy_test=test,
            title=_("Telephone-courtesy training for %(who)s") % {"who": who},
            description=_("Score %(total)s on %(day)s, below %(threshold)s.") % {
                "total": result.total, "day": timezone.localtime(called_at).date().isoformat(),
                "threshold": sheet.improvement_below})
    return test


# ----- recognition --------------------------------------------------------------------------------

def period_start_of(kind: str, day: dt.date) -> dt.date:
    if kind == RecognitionKind.QUARTERLY_EXEMPLARY:
        return deadlines.quarter_start(day)
    return deadlines.month_start(day)


@transaction.atomic
def nomination_create(*, actor, unit: Unit, kind: str, period_day: dt.date, nominee, reason: str,
                      manual_figures: Mapping | None = None) -> Nomination:
    """Nominate a staff member; the supporting figures are pulled in now. Nominating the
    same person again for the same period returns the first nomination."""
    require(actor, "assessment.nominate", unit=unit)
    if kind not in RecognitionKind.values:
        raise ValidationFailed(details={"kind": [_("Choose a kind.")]})
    if not (reason or "").strip():
        raise ValidationFailed(details={"reason": [_("Give the reason.")]})
    if not nominee.memberships.filter(unit=unit).exists():
        raise ValidationFailed(details={"nominee": [_("This person is not in the unit.")]})
    start = period_start_of(kind, period_day)
    existing = Nomination.objects.filter(organisation=unit.organisation, kind=kind,
                                         period_start=start, nominee=nominee).first()
    if existing is not None:
        return existing
    figures = selectors.supporting_figures(nominee=nominee, kind=kind, period_start=start,
                                          viewer=actor, unit=unit)
    figures["manual"] = {str(k): str(v) for k, v in (manual_figures or {}).items() if str(v)}
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                organisation=unit.organisation, unit=unit, kind=kind, period_start=start,
                nominee=nominee, reason=reason.strip(), figures=figures, nominated_by=actor)
    except IntegrityError:
        return Nomination.objects.get(organisation=unit.organisation, kind=kind,
                                      period_start=start, nominee=nominee)
    audit.record(actor=actor, action=actions.NOMINATION_CREATED, obj=nomination,
                 after={"kind": kind, "period_start": start.isoformat(), "nominee": nominee.pk})
    return nomination


@transaction.atomic
def nomination_select(*, actor, nomination: Nomination) -> Nomination:
    require(actor, "assessment.select", organisation=nomination.organisation)
    if nomination.selected:
        return nomination
    nomination.selected, nomination.selected_by, nomination.selected_on = True, actor, _today()
    nomination.save(update_fields=["selected", "selected_by", "selected_on", "updated_at"])
    audit.record(actor=actor, action=actions.NOMINATION_SELECTED, obj=nomination,
                 after={"selected": True})
    return nomination


# ----- innovation proposals -----------------------------------------------------------------------

@transaction.atomic
def proposal_submit(*, actor, unit: Unit, title: str, description: str,
                    expected_benefit: str = "", idempotency_key: str | None = None) -> Proposal:
    require(actor, "assessment.propose", unit=unit)
    if idempotency_key:
        existing = Proposal.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if not (title or "").strip() or not (description or "").strip():
        raise ValidationFailed(details={"title": [_("Give a title and a description.")]})
    proposal = Proposal.objects.create(
        organisation=unit.organisation, unit=unit, submitted_by=actor, submitted_on=_today(),
        title=title.strip(), description=description.strip(),
        expected_benefit=(expected_benefit or "").strip(), idempotency_key=idempotency_key or None)
    audit.record(actor=actor, action=actions.PROPOSAL_SUBMITTED, obj=proposal,
                 after={"title": proposal.title, "unit": unit.pk})
    return proposal


@transaction.atomic
def proposal_decide(*, actor, proposal: Proposal, expected_version: int | None, adopted: bool,
                    reason: str = "") -> Proposal:
    require(actor, "assessment.review_proposals", organisation=proposal.organisation)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise Conflict(_("This proposal is already decided."), code="already_decided")
    if not adopted and not (reason or "").strip():
        raise ValidationFailed(details={"reason": [_("Give the reason it is not adopted.")]})
    proposal.status = ProposalStatus.ADOPTED if adopted else ProposalStatus.NOT_ADOPTED
    proposal.decision_reason = (reason or "").strip()
    proposal.decided_on, proposal.decided_by = _today(), actor
    save_with_version(proposal, expected_version=expected_version)
    audit.record(actor=actor, action=actions.PROPOSAL_DECIDED, obj=proposal,
                 after={"status": proposal.status, "reason": proposal.decision_reason})
    return proposal


@transaction.atomic
def proposal_record_implementation(*, actor, proposal: Proposal, expected_version: int | None,
                                   note: str, implemented: bool = False) -> Proposal:
    """Progress of an adopted proposal; `implemented` marks it done."""
    require(actor, "assessment.review_proposals", organisation=proposal.organisation)
    if proposal.status not in (ProposalStatus.ADOPTED, ProposalStatus.IMPLEMENTED):
        raise Conflict(_("Only an adopted proposal is implemented."), code="not_adopted")
    if not (note or "").strip():
        raise ValidationFailed(details={"note": [_("Describe the progress.")]})
    proposal.implementation_note = note.strip()
    if implemented and proposal.status == ProposalStatus.ADOPTED:
        proposal.status, proposal.implemented_on = ProposalStatus.IMPLEMENTED, _today()
    save_with_version(proposal, expected_version=expected_version)
    audit.record(actor=actor, action=actions.PROPOSAL_IMPLEMENTATION_RECORDED,
                 obj=proposal, after={"status": proposal.status, "note": proposal.implementation_note})
    return proposal


# ----- award rounds: categories, stages, judges, scores, decisions -----------------------------

DEFAULT_PRIZES = 3


def _award_tiers(tiers: Sequence[Mapping], field: str = "tiers") -> list[dict]:
    """Checked tier rows: a name, at least one prize, a least mean that is not negative."""
    rows = []
    for position, tier in enumerate(tiers, start=1):
        name = (tier.get("name_zh") or "").strip()
        if not name:
            raise ValidationFailed(details={field: [_("Every tier needs a name.")]})
        try:
            prizes = int(tier.get("prizes"))
        except (TypeError, ValueError):
            raise ValidationFailed(details={field: [
                _("Give the number of prizes of each tier.")]}) from None
        if not 1 <= prizes <= 1000:
            raise ValidationFailed(details={field: [
                _("A tier has between 1 and 1000 prizes.")]})
        least = tier.get("min_mean")
        least = None if least in (None, "") else _decimal(least, field)
        if least is not None and not 0 <= least < Decimal("100000"):
            raise ValidationFailed(details={field: [
                _("A least mean cannot be negative.")]})
        rows.append({"position": position, "name_zh": name[:40],
                     "name_en": (tier.get("name_en") or "").strip()[:40], "prizes": prizes,
                     "min_mean": least, "prize_zh": (tier.get("prize_zh") or "").strip()[:300],
                     "prize_en": (tier.get("prize_en") or "").strip()[:300]})
    if len({row["name_zh"] for row in rows}) != len(rows):
        raise ValidationFailed(details={field: [_("Tier names must differ.")]})
    return rows


def _default_tiers(sheet: ScoreSheet) -> list[dict]:
    return [{"name_zh": tier.name_zh, "name_en": tier.name_en, "prizes": DEFAULT_PRIZES,
             "min_mean": tier.lower_bound} for tier in sheet.tiers.all()]


def _write_tiers(category: AwardCategory, rows: list[dict]) -> None:
    category.tiers.all().delete()
    AwardTier.objects.bulk_create([AwardTier(category=category, **row) for row in rows])


def _category_create(award_round: AwardRound, *, kind: str, position: int, name_zh: str,
                     name_en: str, sheet: ScoreSheet, tiers) -> AwardCategory:
    _sheet_usable(sheet, SheetKind.AWARD, award_round.ministry)
    category = AwardCategory.objects.create(award_round=award_round, kind=kind,
                                            position=position, name_zh=name_zh,
                                            name_en=name_en, sheet=sheet)
    _write_tiers(category, _award_tiers(tiers if tiers else _default_tiers(sheet)))
    return category


@transaction.atomic
def award_round_create(*, actor, ministry: Organisation, year: int, title: str,
                       sheet: ScoreSheet, submission_due_on: dt.date,
                       project_sheet: ScoreSheet | None = None,
                       tiers: Sequence[Mapping] | None = None,
                       stages: Sequence[tuple[str, str, str]] = awards.DEFAULT_STAGES
                       ) -> AwardRound:
    """A round with the overall award (and a project award when `project_sheet` is
    given), both with `tiers` (default: the sheet's tiers, three prizes each), and the
    stages in order, the first (agency self-evaluation) open until `submission_due_on`.
    The actor convenes it."""
    require(actor, "assessment.award_manage", organisation=ministry)
    if ministry.kind != Organisation.Kind.MINISTRY:
        raise ValidationFailed(details={"ministry": [_("Award rounds are held by a ministry.")]})
    if not (title or "").strip():
        raise ValidationFailed(details={"title": [_("Give the round a title.")]})
    kinds = [kind for kind, _zh, _en in stages]
    if len(kinds) < 2 or kinds[0] != AwardStageKind.SELF_EVALUATION or \
            kinds[-1] != AwardStageKind.FINAL or \
            any(kind != AwardStageKind.REVIEW for kind in kinds[1:-1]):
        raise ValidationFailed(details={"stages": [_(
            "Stages start with the self-evaluation and end with the final judging.")]})
    _sheet_usable(sheet, SheetKind.AWARD, ministry)
    if AwardRound.objects.filter(ministry=ministry, year=year).exists():
        raise Conflict(_("There is already an award round for this year."), code="duplicate")
    award_round = AwardRound.objects.create(ministry=ministry, year=year, title=title.strip(),
                                            sheet=sheet, submission_due_on=submission_due_on,
                                            convener=actor)
    _category_create(award_round, kind=AwardCategoryKind.OVERALL, position=1,
                     name_zh="整體獎", name_en="Overall award", sheet=sheet, tiers=tiers)
    if project_sheet is not None:
        _category_create(award_round, kind=AwardCategoryKind.PROJECT, position=2,
                         name_zh="專案獎", name_en="Project award", sheet=project_sheet,
                         tiers=tiers)
    for position, (kind, name_zh, name_en) in enumerate(stages, start=1):
        AwardStage.objects.create(
            award_round=award_round, position=position, kind=kind, name_zh=name_zh,
            name_en=name_en,
            state=workflow.AwardStageState.OPEN if position == 1
            else workflow.AwardStageState.PENDING,
            starts_on=min(_today(), submission_due_on) if position == 1 else None,
            ends_on=submission_due_on if position == 1 else None)
    audit.record(actor=actor, action=actions.AWARD_ROUND_CREATED, obj=award_round,
                 after={"year": year, "sheet": sheet.pk,
                        "project_sheet": project_sheet.pk if project_sheet else None,
                        "stages": kinds}, organisation=award_round.ministry_id)
    return award_round


def _round_locked(award_round: AwardRound) -> AwardRound:
    return AwardRound.objects.select_for_update().select_related("ministry").get(
        pk=award_round.pk)


@transaction.atomic
def award_category_save(*, actor, category: AwardCategory, name_zh: str, name_en: str,
                        tiers: Sequence[Mapping], expected_version: int | None
                        ) -> AwardCategory:
    """Rename a category and change its tiers and prizes, until the results are decided."""
    award_round = _round_locked(category.award_round)
    require(actor, "assessment.award_manage", organisation=award_round.ministry)
    if award_round.state in (AwardRoundState.DECIDED, AwardRoundState.PUBLISHED):
        raise Conflict(_("The results of this round are decided."), code="round_decided")
    if not (name_zh or "").strip():
        raise ValidationFailed(details={"name_zh": [_("Give the category a name.")]})
    rows = _award_tiers(tiers)
    if not rows:
        raise ValidationFailed(details={"tiers": [_("Give at least one tier.")]})
    category.name_zh, category.name_en = name_zh.strip(), (name_en or "").strip()
    save_with_version(category, expected_version=expected_version)
    _write_tiers(category, rows)
    audit.record(actor=actor, action=actions.AWARD_CATEGORY_CHANGED, obj=category,
                 after={"name_zh": category.name_zh,
                        "tiers": [[row["name_zh"], row["prizes"], str(row["min_mean"])]
                                  for row in rows]},
                 organisation=award_round.ministry_id)
    return category


@transaction.atomic
def award_stage_dates_set(*, actor, stage: AwardStage, starts_on: dt.date | None,
                          ends_on: dt.date | None, expected_version: int | None) -> AwardStage:
    require(actor, "assessment.award_manage", organisation=stage.award_round.ministry)
    if stage.state == workflow.AwardStageState.DECIDED:
        raise Conflict(_("This stage is decided."), code="stage_decided")
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationFailed(details={"ends_on": [_("The end cannot be before the start.")]})
    stage.starts_on, stage.ends_on = starts_on, ends_on
    save_with_version(stage, expected_version=expected_version)
    audit.record(actor=actor, action=actions.AWARD_STAGE_CHANGED, obj=stage,
                 after={"starts_on": starts_on and starts_on.isoformat(),
                        "ends_on": ends_on and ends_on.isoformat()},
                 organisation=stage.award_round.ministry_id)
    return stage


@transaction.atomic
def award_entry_submit(*, actor, award_round: AwardRound, organisation: Organisation,
                       self_evaluation: str, files: Sequence = (),
                       category: AwardCategory | None = None, title: str = "") -> AwardEntry:
    """An agency's entry with its self-evaluation: once in the overall award, once per
    project in a project award. Submitting the same again while the self-evaluation stage
    is open replaces the text."""
    require(actor, "assessment.award_submit", organisation=organisation)
    award_round = _round_locked(award_round)
    first = award_round.stages.order_by("position").first()
    if award_round.state != AwardRoundState.OPEN or first is None or \
            first.state != workflow.AwardStageState.OPEN:
        raise Conflict(_("This award round no longer takes self-evaluations."),
                       code="round_closed")
    if organisation.pk == award_round.ministry_id or \
            not organisation.path.startswith(award_round.ministry.path):
        raise ValidationFailed(_("Only agencies under the ministry take part."))
    category = category or award_round.categories.filter(
        kind=AwardCategoryKind.OVERALL).first()
    if category is None or category.award_round_id != award_round.pk:
        raise ValidationFailed(details={"category": [_("Choose a category of this round.")]})
    title = (title or "").strip()[:200]
    if category.kind == AwardCategoryKind.PROJECT and not title:
        raise ValidationFailed(details={"title": [_("Name the project.")]})
    if category.kind == AwardCategoryKind.OVERALL:
        title = ""
    if not (self_evaluation or "").strip():
        raise ValidationFailed(details={"self_evaluation": [_("Write the self-evaluation.")]})
    entry, created = AwardEntry.objects.update_or_create(
        category=category, organisation=organisation, title=title,
        defaults={"award_round": award_round, "self_evaluation": self_evaluation.strip(),
                  "submitted_by": actor, "submitted_at": timezone.now()})
    AwardStageEntry.objects.get_or_create(stage=first, entry=entry)
    for upload in files:
        _store_evidence(actor=actor, upload=upload, award_entry=entry)
    audit.record(actor=actor, action=actions.AWARD_ENTRY_SUBMITTED, obj=entry,
                 after={"created": created, "category": category.pk, "title": title,
                        "files": len(files)})
    return entry


def _staff_organisation_paths(user) -> list[str]:
    return list(Organisation.objects.filter(units__memberships__user=user)
                .values_list("path", flat=True).distinct())


def judges_own_agency(judge, organisation: Organisation) -> bool:
    """Whether the judge works in the organisation or under it (its own agency)."""
    return any(path.startswith(organisation.path) for path in _staff_organisation_paths(judge))


@transaction.atomic
def award_judges_set(*, actor, award_round: AwardRound, judges: Sequence,
                     expected_version: int | None) -> AwardRound:
    """The round's judge pool: staff with an active membership. A judge who still has
    entries to judge in an undecided stage stays in the pool."""
    award_round = _round_locked(award_round)
    require(actor, "assessment.award_manage", organisation=award_round.ministry)
    if award_round.state == AwardRoundState.PUBLISHED:
        raise Conflict(_("The results of this round are published."), code="round_published")
    wanted = {judge.pk: judge for judge in judges}
    for judge in wanted.values():
        if not judge.is_active or not _staff_organisation_paths(judge):
            raise ValidationFailed(details={"judges": [_("Judges are staff members.")]})
    busy = set(AwardAssignment.objects.filter(
        stage_entry__stage__award_round=award_round,
        stage_entry__stage__state__in=[workflow.AwardStageState.OPEN,
                                       workflow.AwardStageState.PENDING])
        .exclude(conflict=ConflictState.DECLARED).values_list("judge_id", flat=True))
    kept = busy - set(wanted)
    if kept:
        raise Conflict(_("A judge who still has entries to judge cannot leave the pool; "
                         "unassign them first."), code="judge_busy")
    save_with_version(award_round, expected_version=expected_version)
    award_round.judges.set(list(wanted.values()))
    audit.record(actor=actor, action=actions.AWARD_POOL_CHANGED, obj=award_round,
                 after={"judges": sorted(wanted)}, organisation=award_round.ministry_id)
    return award_round


def _open_scored_stage(stage: AwardStage) -> None:
    if not stage.is_scored:
        raise ValidationFailed(_("The agencies' self-evaluation has no judges."),
                               code="stage_not_scored")
    if stage.state == workflow.AwardStageState.DECIDED:
        raise Conflict(_("This stage is decided."), code="stage_decided")


@transaction.atomic
def award_assign(*, actor, stage_entry: AwardStageEntry, judges: Sequence
                 ) -> list[AwardAssignment]:
    """Set the judges of an entry in a stage, from the pool. A judge of the entry's own
    agency is refused; a judge who has scored it stays."""
    stage = AwardStage.objects.select_for_update().select_related(
        "award_round__ministry").get(pk=stage_entry.stage_id)
    award_round = stage.award_round
    require(actor, "assessment.award_manage", organisation=award_round.ministry)
    _open_scored_stage(stage)
    organisation = stage_entry.entry.organisation
    pool = set(award_round.judges.values_list("pk", flat=True))
    wanted = {judge.pk: judge for judge in judges}
    if set(wanted) - pool:
        raise ValidationFailed(details={"judges": [_("Choose judges of the round's pool.")]})
    own = [judge for judge in wanted.values() if judges_own_agency(judge, organisation)]
    if own:
        raise ValidationFailed(
            _("A judge never judges an entry of their own agency."), code="own_agency",
            details={"judges": [_("%(name)s works for %(agency)s.") % {
                "name": own[0].get_full_name() or own[0].username,
                "agency": organisation.name}]})
    current = {assignment.judge_id: assignment for assignment in stage_entry.assignments.all()}
    for judge_id, assignment in current.items():
        if judge_id in wanted:
            continue
        if ScoreCard.objects.filter(award_entry=stage_entry.entry_id, award_stage=stage,
                                    scorer_id=judge_id).exists():
            raise Conflict(_("A judge who has scored the entry stays assigned."),
                           code="judge_scored")
        if assignment.conflict != ConflictState.DECLARED:
            assignment.delete()
    for judge_id, judge in wanted.items():
        if judge_id not in current:
            _judge_tell(AwardAssignment.objects.create(stage_entry=stage_entry, judge=judge))
    audit.record(actor=actor, action=actions.AWARD_JUDGES_ASSIGNED, obj=stage_entry.entry,
                 after={"stage": stage.pk, "judges": sorted(wanted)},
                 organisation=award_round.ministry_id)
    return list(stage_entry.assignments.all())


def _judge_tell(assignment: AwardAssignment) -> None:
    """The judge hears of the entry to declare on and score, once per assignment, in the
    step's transaction (an assignment undone takes its message with it)."""
    stage_entry = assignment.stage_entry
    stage, entry = stage_entry.stage, stage_entry.entry
    try:
        with transaction.atomic():
            _judge_message_queue(assignment, stage, entry)
    except ValidationFailed as error:  # no active template: logged, never undoes the step
        logger.error("Judge %s not told of entry %s: %s", assignment.judge_id, entry.pk,
                     error.code)


def _judge_message_queue(assignment: AwardAssignment, stage, entry) -> None:
    staff_tell_once(
        event=JUDGE_ASSIGNED, organisation=stage.award_round.ministry,
        recipients=[assignment.judge], related=entry,
        key=lambda judge: f"assessment-award-assignment:{assignment.pk}",
        context=lambda judge: {
            "recipient_name": judge.get_full_name() or judge.username,
            "organisation_name": stage.award_round.ministry.name_zh,
            "site_url": site_url(), "round_title": stage.award_round.title,
            "stage_name": stage.name_zh, "entry_name": entry.title or entry.organisation.name_zh,
            "ends_on": stage.ends_on, "replaces": assignment.replaces_id is not None,
            "judging_url": site_url(reverse("assessment:staff-award-judging",
                                            args=[assignment.pk]))})


def _replacement(assignment: AwardAssignment):
    """A judge of the pool not yet on the entry in this stage, not of the entry's agency,
    with the fewest assignments in the stage (then the lowest id); None if there is none."""
    stage_entry = assignment.stage_entry
    taken = set(stage_entry.assignments.values_list("judge_id", flat=True))
    load = dict(AwardAssignment.objects.filter(stage_entry__stage=stage_entry.stage_id)
                .exclude(conflict=ConflictState.DECLARED).values("judge_id")
                .annotate(n=models.Count("id")).values_list("judge_id", "n"))
    candidates = [judge for judge in stage_entry.stage.award_round.judges.order_by("pk")
                  if judge.pk not in taken and judge.is_active
                  and not judges_own_agency(judge, stage_entry.entry.organisation)]
    return min(candidates, key=lambda judge: (load.get(judge.pk, 0), judge.pk), default=None)


@transaction.atomic
def award_conflict_declare(*, actor, assignment: AwardAssignment, conflict: bool,
                           reason: str = "") -> AwardAssignment:
    """The judge's declaration before seeing the entry: no conflict, or a conflict with
    its reason, which excludes them from the entry; another judge of the pool replaces
    them. Declaring the same again changes nothing; declaring otherwise is refused."""
    assignment = AwardAssignment.objects.select_for_update().select_related(
        "stage_entry__stage__award_round__ministry", "stage_entry__entry__organisation").get(
        pk=assignment.pk)
    if actor is None or assignment.judge_id != actor.pk:
        raise PermissionDenied(details={"action": "assessment.award_judge"})
    require(actor, "assessment.award_judge")
    stage = assignment.stage_entry.stage
    _open_scored_stage(stage)
    answer = ConflictState.DECLARED if conflict else ConflictState.NONE
    if assignment.conflict == answer:
        return assignment
    if assignment.conflict != ConflictState.PENDING:
        raise Conflict(_("You have already declared for this entry."), code="declared")
    reason = (reason or "").strip()
    if conflict and not reason:
        raise ValidationFailed(details={"reason": [_("Say why there is a conflict.")]})
    assignment.conflict, assignment.conflict_reason = answer, reason if conflict else ""
    assignment.declared_at = timezone.now()
    assignment.save(update_fields=["conflict", "conflict_reason", "declared_at", "updated_at"])
    replacement = None
    if conflict:
        judge = _replacement(assignment)
        if judge is not None:
            replacement = AwardAssignment.objects.create(
                stage_entry=assignment.stage_entry, judge=judge, replaces=assignment)
            _judge_tell(replacement)
    audit.record(actor=actor, action=actions.AWARD_CONFLICT_DECLARED,
                 obj=assignment.stage_entry.entry,
                 after={"stage": stage.pk, "conflict": answer, "reason": reason,
                        "replaced_by": replacement.judge_id if replacement else None},
                 organisation=stage.award_round.ministry_id)
    return assignment


@transaction.atomic
def award_entry_score(*, actor, assignment: AwardAssignment, points: Mapping,
                      comments: Mapping | None = None) -> ScoreCard:
    """A judge's scores of an assigned entry in an open stage, after declaring no
    conflict; scoring again corrects them until the stage is decided."""
    assignment = AwardAssignment.objects.select_related(
        "stage_entry__stage__award_round__ministry", "stage_entry__entry__organisation",
        "stage_entry__entry__category__sheet").get(pk=assignment.pk)
    if actor is None or assignment.judge_id != actor.pk:
        raise PermissionDenied(details={"action": "assessment.award_judge"})
    require(actor, "assessment.award_judge")
    stage = AwardStage.objects.select_for_update().get(pk=assignment.stage_entry.stage_id)
    _open_scored_stage(stage)
    if stage.state != workflow.AwardStageState.OPEN:
        raise Conflict(_("This stage is not open yet."), code="stage_not_open")
    entry = assignment.stage_entry.entry
    if judges_own_agency(actor, entry.organisation):
        raise PermissionDenied(_("A judge never scores an entry of their own agency."),
                               code="own_agency", details={"action": "assessment.award_judge"})
    if assignment.conflict != ConflictState.NONE:
        raise Conflict(_("Declare whether you have a conflict of interest first."),
                       code="conflict_not_cleared")
    sheet = entry.category.sheet
    parsed = _score_lines(sheet, points)
    card = _write_card(sheet=sheet, scorer=actor, points=parsed, comments=comments or {},
                       award_entry=entry, award_stage=stage)
    audit.record(actor=actor, action=actions.AWARD_ENTRY_SCORED, obj=entry,
                 after={"stage": stage.pk, "scorer": actor.pk, "total": str(card.total)},
                 organisation=stage.award_round.ministry_id)
    return card


def _stage_means(stage: AwardStage) -> dict[int, tuple[Decimal, tuple[Decimal, ...]]]:
    """Per entry id: the mean of its judges' totals and of each criterion in sheet order."""
    result = {}
    cards = (ScoreCard.objects.filter(award_stage=stage).select_related("sheet")
             .prefetch_related("lines"))
    by_entry: dict[int, list[ScoreCard]] = {}
    for card in cards:
        by_entry.setdefault(card.award_entry_id, []).append(card)
    for entry_id, entry_cards in by_entry.items():
        items = list(ScoreItem.objects.filter(section__sheet=entry_cards[0].sheet_id)
                     .order_by("section__position", "position", "pk").values_list("pk", flat=True))
        per_item = {item: [] for item in items}
        for card in entry_cards:
            for line in card.lines.all():
                per_item.setdefault(line.item_id, []).append(line.points)
        result[entry_id] = (scoring.mean([card.total for card in entry_cards]),
                            tuple(scoring.mean(per_item[item]) for item in items))
    return result


def _decision_citations(citations: Mapping | None, entry_ids: set[int]) -> dict[int, tuple]:
    found = {}
    for key, value in (citations or {}).items():
        try:
            entry_id = int(key)
        except (TypeError, ValueError):
            raise ValidationFailed(details={"citations": [
                _("Citations are given per entry id.")]}) from None
        if entry_id not in entry_ids:
            raise ValidationFailed(details={"citations": [
                _("A citation names an entry of this stage.")]})
        if isinstance(value, Mapping):
            zh, en = value.get("zh", ""), value.get("en", "")
        else:
            zh, en = value, ""
        found[entry_id] = ((zh or "").strip()[:2000], (en or "").strip()[:2000])
    return found


@transaction.atomic
def award_stage_decide(*, actor, stage: AwardStage, expected_version: int | None,
                       reasons: str, advancing: Sequence[int] = (),
                       citations: Mapping | None = None, files: Sequence = ()) -> AwardStage:
    """The decision record of a stage: who decided, when, the reasons, attachments, and
    which entries advance to the next stage (opened by it) or, at the final judging, the
    ranks and tiers from the judges' means (tie rule in `awards`), with a citation per
    entry. Every judge still on an entry must have scored it first."""
    award_round = _round_locked(stage.award_round)
    require(actor, "assessment.award_manage", organisation=award_round.ministry)
    stage = AwardStage.objects.select_for_update().get(pk=stage.pk)
    if expected_version is None:
        raise Conflict(_("Reload the page: the version you read is missing."),
                       code="stale_version")
    new_stage_state = workflow.AWARD_STAGE.next_state(stage.state, workflow.StageStep.DECIDE)
    is_final = stage.kind == AwardStageKind.FINAL
    new_round_state = workflow.AWARD_ROUND.next_state(
        award_round.state, workflow.round_step_after_stage(is_final=is_final))
    if not (reasons or "").strip():
        raise ValidationFailed(details={"reasons": [_("Give the reasons of the decision.")]})
    stage_entries = list(stage.entries.select_related("entry__category", "entry__organisation"))
    if not stage_entries:
        raise ValidationFailed(_("No entry takes part in this stage."), code="no_entries")
    if stage.is_scored:
        unscored = AwardAssignment.objects.filter(stage_entry__stage=stage).exclude(
            conflict=ConflictState.DECLARED).exclude(models.Exists(ScoreCard.objects.filter(
                award_stage=stage, award_entry=models.OuterRef("stage_entry__entry"),
                scorer=models.OuterRef("judge"))))
        if unscored.exists():
            raise Conflict(_("Some judges have not scored their entries yet."),
                           code="scores_missing")
    means = _stage_means(stage) if stage.is_scored else {}
    for stage_entry in stage_entries:
        stage_entry.mean = means.get(stage_entry.entry_id, (None, ()))[0]
    if is_final:
        outcome = _decide_tiers(stage, stage_entries, means, citations)
    else:
        outcome = _decide_advancing(stage, stage_entries, advancing)
    stage.state, stage.decided_by, stage.decided_at = new_stage_state, actor, timezone.now()
    stage.reasons, stage.outcome = reasons.strip(), outcome
    save_with_version(stage, expected_version=expected_version)
    for upload in files:
        _store_evidence(actor=actor, upload=upload, award_stage=stage)
    award_round.state = new_round_state
    save_with_version(award_round, expected_version=award_round.version)  # locked above
    audit.record(actor=actor, action=actions.AWARD_STAGE_DECIDED, obj=stage,
                 after={"outcome": outcome, "reasons": stage.reasons, "files": len(files)},
                 organisation=award_round.ministry_id)
    return stage


def _decide_advancing(stage: AwardStage, stage_entries: list[AwardStageEntry],
                      advancing: Sequence[int]) -> dict:
    try:
        chosen = {int(entry_id) for entry_id in advancing}
    except (TypeError, ValueError):
        raise ValidationFailed(details={"advancing": [
            _("Choose the entries that advance.")]}) from None
    ids = {stage_entry.entry_id for stage_entry in stage_entries}
    if not chosen or chosen - ids:
        raise ValidationFailed(details={"advancing": [
            _("Choose the entries of this stage that advance.")]})
    if stage.is_scored:
        unscored = [stage_entry.entry.label for stage_entry in stage_entries
                    if stage_entry.entry_id in chosen and stage_entry.mean is None]
        if unscored:
            raise ValidationFailed(details={"advancing": [
                _("An entry advances only once judges have scored it: %(entries)s.")
                % {"entries": ", ".join(unscored)}]})
    following = AwardStage.objects.select_for_update().filter(
        award_round=stage.award_round_id, position__gt=stage.position).order_by(
        "position").first()
    following.state = workflow.AWARD_STAGE.next_state(following.state, workflow.StageStep.OPEN)
    following.starts_on = following.starts_on or _today()
    save_with_version(following, expected_version=following.version)  # locked, no user edit
    for stage_entry in stage_entries:
        stage_entry.advanced = stage_entry.entry_id in chosen
        stage_entry.save(update_fields=["advanced", "mean"])
        if stage_entry.advanced:
            AwardStageEntry.objects.get_or_create(stage=following, entry=stage_entry.entry)
    return {"advancing": sorted(chosen), "next_stage": following.pk,
            "means": {str(s.entry_id): str(s.mean) for s in stage_entries
                      if s.mean is not None}}


def _decide_tiers(stage: AwardStage, stage_entries: list[AwardStageEntry],
                  means: Mapping[int, tuple], citations: Mapping | None) -> dict:
    texts = _decision_citations(citations, {s.entry_id for s in stage_entries})
    unscored = [s.entry.label for s in stage_entries if s.entry_id not in means]
    if unscored:
        raise Conflict(_("Some entries have no scores yet: %(entries)s.")
                       % {"entries": ", ".join(unscored)}, code="scores_missing")
    earlier = dict(AwardStageEntry.objects.filter(
        stage__award_round=stage.award_round_id, stage__position__lt=stage.position,
        mean__isnull=False).order_by("stage__position").values_list("entry_id", "mean"))
    outcome: dict = {"categories": {}}
    by_category: dict[int, list[AwardStageEntry]] = {}
    for stage_entry in stage_entries:
        by_category.setdefault(stage_entry.entry.category_id, []).append(stage_entry)
    for category_id, members in by_category.items():
        category = members[0].entry.category
        tiers = list(category.tiers.all())
        candidates = [awards.Candidate(key=s.entry_id, mean=means[s.entry_id][0],
                                       criteria=means[s.entry_id][1],
                                       earlier=earlier.get(s.entry_id)) for s in members]
        ranked = awards.ranking(candidates)
        tier_of = awards.assign_tiers(ranked, [
            awards.TierRule(tier.name_zh, tier.prizes, tier.min_mean) for tier in tiers])
        prize_of = {tier.name_zh: tier.prize_zh for tier in tiers}
        rank_of = {candidate.key: rank for candidate, rank in ranked}
        for stage_entry in members:
            entry = stage_entry.entry
            stage_entry.rank, stage_entry.tier = rank_of[entry.pk], tier_of[entry.pk]
            stage_entry.save(update_fields=["mean", "rank", "tier"])
            entry.total, entry.rank, entry.tier = stage_entry.mean, stage_entry.rank, \
                stage_entry.tier
            entry.recommended_reward = prize_of.get(entry.tier, "")
            entry.citation_zh, entry.citation_en = texts.get(entry.pk, ("", ""))
            entry.save(update_fields=["total", "rank", "tier", "recommended_reward",
                                      "citation_zh", "citation_en", "updated_at"])
        outcome["categories"][str(category_id)] = [
            {"entry": candidate.key, "mean": str(candidate.mean), "rank": rank,
             "tier": tier_of[candidate.key]} for candidate, rank in ranked]
    return outcome


@transaction.atomic
def award_round_publish(*, actor, award_round: AwardRound, expected_version: int | None
                        ) -> AwardRound:
    """Show the decided results (tiers, prizes, citations) on the public pages."""
    award_round = _round_locked(award_round)
    require(actor, "assessment.award_manage", organisation=award_round.ministry)
    if award_round.state == AwardRoundState.PUBLISHED:
        return award_round
    if award_round.state != AwardRoundState.DECIDED:
        raise Conflict(_("Decide the final judging before publishing."), code="not_decided")
    award_round.state = workflow.AWARD_ROUND.next_state(award_round.state,
                                                        workflow.AwardStep.PUBLISH)
    award_round.published_on = _today()
    save_with_version(award_round, expected_version=expected_version)
    audit.record(actor=actor, action=actions.AWARD_ROUND_PUBLISHED, obj=award_round,
                 after={"published_on": award_round.published_on.isoformat()},
                 organisation=award_round.ministry_id)
    return award_round


# ----- into the execution plan ---------------------------------------------------------

def _plan_action(*, actor, parent: PlanNode, text: str, unit: Unit,
                 due_on: dt.date | None) -> PlanNode:
    """A new action under `parent` of the organisation's execution plan, with `unit`
    responsible and `due_on` as its deadline (standing when there is none). The plans'
    services check that the actor may edit that plan."""
    if parent.plan.organisation_id != unit.organisation_id:
        raise ValidationFailed(details={"parent": [
            _("Choose an item of your organisation's own plan.")]})
    node = plan_services.node_add(actor=actor, plan=parent.plan, parent=parent, text=text)
    deadline = (Deadline(DeadlineKind.DATE, day=due_on) if due_on
                else Deadline(DeadlineKind.STANDING, standing=Standing.REGULAR))
    plan_services.action_set(actor=actor, node=node, deadline=deadline, units=[unit])
    return node


def _read_version(record, expected_version: int | None) -> int:
    """The version the form read, or else the one the record was loaded at."""
    return record.version if expected_version is None else expected_version


@transaction.atomic
def improvement_item_take_into_plan(*, actor, item: ImprovementItem, parent: PlanNode,
                                    expected_version: int | None = None
                                    ) -> ImprovementItem:
    """Track an open improvement item as an action of the execution plan as well, so its
    progress is reported with the plan's (列管事項納入執行計畫)."""
    if item.plan_node_id:
        return item
    if item.status == workflow.ItemStatus.CLOSED:
        raise Conflict(_("A closed item is not taken into the plan."), code="item_closed")
    item.plan_node = _plan_action(actor=actor, parent=parent, text=item.title,
                                  unit=item.owner_unit, due_on=item.due_on)
    save_with_version(item, expected_version=_read_version(item, expected_version))
    audit.record(actor=actor, action=actions.ITEM_PLANNED, obj=item,
                 after={"plan_node": item.plan_node_id})
    return item


@transaction.atomic
def proposal_take_into_plan(*, actor, proposal: Proposal, parent: PlanNode,
                            expected_version: int | None = None) -> Proposal:
    """Carry an adopted innovation proposal out as an action of the execution plan."""
    if proposal.plan_node_id:
        return proposal
    if proposal.status not in (ProposalStatus.ADOPTED, ProposalStatus.IMPLEMENTED):
        raise Conflict(_("Only an adopted proposal is taken into the plan."),
                       code="proposal_not_adopted")
    proposal.plan_node = _plan_action(actor=actor, parent=parent, text=proposal.title,
                                      unit=proposal.unit, due_on=None)
    save_with_version(proposal, expected_version=_read_version(proposal, expected_version))
    audit.record(actor=actor, action=actions.PROPOSAL_PLANNED, obj=proposal,
                 after={"plan_node": proposal.plan_node_id})
    return proposal
