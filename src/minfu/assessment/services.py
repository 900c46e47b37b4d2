"""Every write of assessment. Each service is keyword-only, runs in one transaction,
checks permission with `can`, validates, writes and appends an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.assessment import actions, deadlines, scoring, selectors, workflow
from minfu.assessment.models import (
    AwardEntry,
    AwardRound,
    AwardRoundState,
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
        AwardRound.objects.filter(sheet=sheet).exists()


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


# ----- yearly award evaluation ---------------------------------------------------------------------

@transaction.atomic
def award_round_create(*, actor, ministry: Organisation, year: int, title: str,
                       sheet: ScoreSheet, submission_due_on: dt.date) -> AwardRound:
    require(actor, "assessment.manage", organisation=ministry)
    if ministry.kind != Organisation.Kind.MINISTRY:
        raise ValidationFailed(details={"ministry": [_("Award rounds are held by a ministry.")]})
    _sheet_usable(sheet, SheetKind.AWARD, ministry)
    if AwardRound.objects.filter(ministry=ministry, year=year).exists():
        raise Conflict(_("There is already an award round for this year."), code="duplicate")
    award_round = AwardRound.objects.create(ministry=ministry, year=year, title=title.strip(),
                                            sheet=sheet, submission_due_on=submission_due_on)
    audit.record(actor=actor, action=actions.AWARD_ROUND_CREATED, obj=award_round,
                 after={"year": year, "sheet": sheet.pk}, organisation=award_round.ministry_id)
    return award_round


@transaction.atomic
def award_entry_submit(*, actor, award_round: AwardRound, organisation: Organisation,
                       self_evaluation: str, files: Sequence = ()) -> AwardEntry:
    """An agency's self-evaluation; submitting again while the round is open replaces it."""
    require(actor, "assessment.award_submit", organisation=organisation)
    if award_round.state != AwardRoundState.OPEN:
        raise Conflict(_("This award round no longer takes self-evaluations."),
                       code="round_closed")
    if organisation.pk == award_round.ministry_id or \
            not organisation.path.startswith(award_round.ministry.path):
        raise ValidationFailed(_("Only agencies under the ministry take part."))
    if not (self_evaluation or "").strip():
        raise ValidationFailed(details={"self_evaluation": [_("Write the self-evaluation.")]})
    entry, created = AwardEntry.objects.update_or_create(
        award_round=award_round, organisation=organisation,
        defaults={"self_evaluation": self_evaluation.strip(), "submitted_by": actor,
                  "submitted_at": timezone.now()})
    for upload in files:
        _store_evidence(actor=actor, upload=upload, award_entry=entry)
    audit.record(actor=actor, action=actions.AWARD_ENTRY_SUBMITTED, obj=entry,
                 after={"created": created, "files": len(files)})
    return entry


@transaction.atomic
def award_entry_score(*, actor, entry: AwardEntry, points: Mapping,
                      comments: Mapping | None = None) -> ScoreCard:
    award_round = AwardRound.objects.select_for_update().get(pk=entry.award_round_id)
    require(actor, "assessment.award_evaluate", organisation=entry.organisation)
    if award_round.state == AwardRoundState.PUBLISHED:
        raise Conflict(_("The results of this round are published."), code="round_published")
    parsed = _score_lines(award_round.sheet, points)
    card = _write_card(sheet=award_round.sheet, scorer=actor, points=parsed,
                       comments=comments or {}, award_entry=entry)
    if award_round.state == AwardRoundState.OPEN:
        award_round.state = AwardRoundState.EVALUATING
        save_with_version(award_round, expected_version=award_round.version)  # locked
    audit.record(actor=actor, action=actions.AWARD_ENTRY_SCORED, obj=entry,
                 after={"scorer": actor.pk, "total": str(card.total)})
    return card


@transaction.atomic
def award_round_rank(*, actor, award_round: AwardRound,
                     rewards: Mapping[str, str] | None = None) -> list[AwardEntry]:
    """Each entry's total is the mean of its evaluators; rank by total; tier from the
    criteria's thresholds; the recommended reward by tier (kept where none is given)."""
    require(actor, "assessment.manage", organisation=award_round.ministry)
    if award_round.state == AwardRoundState.PUBLISHED:
        raise Conflict(_("The results of this round are published."), code="round_published")
    rules = selectors.sheet_rules(award_round.sheet)
    entries = list(award_round.entries.prefetch_related("cards"))
    scored = {entry.pk: scoring.mean([card.total for card in entry.cards.all()])
              for entry in entries if entry.cards.all()}
    if not scored:
        raise ValidationFailed(_("No entry has been scored yet."), code="no_scores")
    rank_of = scoring.ranks(scored)
    for entry in entries:
        if entry.pk not in scored:
            entry.total, entry.tier, entry.rank = None, "", None
        else:
            entry.total = scored[entry.pk]
            entry.tier = scoring.tier_for(entry.total, rules.tiers)
            entry.rank = rank_of[entry.pk]
            if rewards and entry.tier in rewards:
                entry.recommended_reward = rewards[entry.tier]
        entry.save(update_fields=["total", "tier", "rank", "recommended_reward", "updated_at"])
    audit.record(actor=actor, action=actions.AWARD_ROUND_RANKED, obj=award_round,
                 after={str(pk): [str(value), rank_of[pk]] for pk, value in scored.items()},
                 organisation=award_round.ministry_id)
    return sorted(entries, key=lambda e: (e.rank is None, e.rank or 0))


@transaction.atomic
def award_round_publish(*, actor, award_round: AwardRound, expected_version: int | None
                        ) -> AwardRound:
    require(actor, "assessment.manage", organisation=award_round.ministry)
    if award_round.state == AwardRoundState.PUBLISHED:
        return award_round
    if not award_round.entries.filter(rank__isnull=False).exists():
        raise ValidationFailed(_("Rank the entries before publishing."), code="not_ranked")
    award_round.state, award_round.published_on = AwardRoundState.PUBLISHED, _today()
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
