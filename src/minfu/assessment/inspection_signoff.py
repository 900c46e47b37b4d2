"""Sign-off and publication of inspection reports: every write, like services.py.

The report of an inspection (its recorded result: the inspectors' scores, total, tier,
summary and findings) goes through `workflow.INSPECTION_MACHINE`:

- **submit**: the task force's convener or secretary records the result from the mean of
  the inspectors' totals, with the summary (planned or returned → submitted);
- **review**: someone who holds `assessment.review_inspection` for the inspected
  organisation and did not submit it passes it on (submitted → reviewed);
- **return**: the reviewer (while submitted) or the approver (while reviewed) sends it
  back with a reason; the task force corrects scores and findings and submits again;
- **approve**: the official designated when the inspection was planned (`approver`;
  for an inspection planned before sign-off, anyone who holds
  `assessment.approve_inspection` and neither submitted nor reviewed it) approves it
  (reviewed → approved). Only then is the reply deadline set, are the findings opened
  as improvement items and is the inspected party told, once, through the outbox.

Each step checks who may take it (`refusal`, also used by the pages to show buttons),
saves with the version the user read, appends a `SignoffEntry` with the comment and an
audit event, and tells whoever the report now waits on.

Publication: the coordinator (`assessment.publish_inspection`) chooses what the public
sees of an approved inspection and publishes it from a date, or withdraws it."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.assessment import actions, scoring, selectors
from minfu.assessment.models import (
    Inspection,
    InspectionPublication,
    InspectionState,
    ItemSource,
    SignoffEntry,
)
from minfu.assessment.services import improvement_item_open, reply_due_on
from minfu.assessment.workflow import INSPECTION_MACHINE, InspectionStep
from minfu.core import audit
from minfu.core.errors import DomainError, PermissionDenied, ValidationFailed
from minfu.core.services import save_with_version
from minfu.core.site import site_url
from minfu.notify.services import staff_tell_once
from minfu.org.permissions import can, require
from minfu.org.permissions import refusal as permission_refusal
from minfu.org.selectors import supervisors_and_coordinators
from minfu.records.jobs import staff_name

logger = logging.getLogger(__name__)

SIGNOFF_REQUESTED = "assessment.inspection_signoff_requested"
RETURNED = "assessment.inspection_returned"
APPROVED = "assessment.inspection_approved"
COMMENT_MAX = 4000


# ----- who may take a step --------------------------------------------------------------------

def _may_approve(user, inspection: Inspection) -> bool:
    if not can(user, "assessment.approve_inspection", organisation=inspection.organisation):
        return False
    if inspection.approver_id is not None:
        return user.pk == inspection.approver_id
    return user.pk not in {inspection.submitted_by_id, inspection.reviewed_by_id}


def refusal(user, inspection: Inspection, step: str) -> DomainError | None:
    """Why `user` may not take `step` on the report now (None: they may). The state is
    checked first, so a step the state does not allow is the workflow's one refusal."""
    try:
        INSPECTION_MACHINE.next_state(inspection.state, step)
    except DomainError as error:
        return error
    if step == InspectionStep.SUBMIT:
        if user.pk not in {inspection.convener_id, inspection.secretary_id}:
            return PermissionDenied(_("Only the convener or the secretary of the task force "
                                      "submits the report."))
        return None
    if step == InspectionStep.REVIEW or (step == InspectionStep.RETURN and
                                         inspection.state == InspectionState.SUBMITTED):
        if not can(user, "assessment.review_inspection", organisation=inspection.organisation):
            return permission_refusal("assessment.review_inspection")
        if user.pk == inspection.submitted_by_id:
            return PermissionDenied(_("The report is reviewed by someone who did not "
                                      "submit it."))
        return None
    # approve, or return while awaiting approval: the approving official
    if user.pk == inspection.submitted_by_id:
        return PermissionDenied(_("Whoever submitted the report does not approve it."))
    if not _may_approve(user, inspection):
        return PermissionDenied(_("Only the official designated to approve this report "
                                  "approves it or returns it."))
    return None


def steps_for(user, inspection: Inspection) -> list[str]:
    """The sign-off steps `user` may take now, in the table's order (the page's buttons)."""
    return [step for step in INSPECTION_MACHINE.steps
            if refusal(user, inspection, step) is None]


def _check(user, inspection: Inspection, step: str) -> str:
    error = refusal(user, inspection, step)
    if error is not None:
        raise error
    return INSPECTION_MACHINE.next_state(inspection.state, step)


def _comment(comment: str, *, required: bool) -> str:
    text = (comment or "").strip()
    if required and not text:
        raise ValidationFailed(details={"comment": [_("Give the reason.")]})
    if len(text) > COMMENT_MAX:
        raise ValidationFailed(details={"comment": [
            _("Keep the comment under %(count)d characters.") % {"count": COMMENT_MAX}]})
    return text


def _locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update(of=("self",)).select_related(
        "organisation", "unit", "sheet").get(pk=inspection.pk)


def _record_step(*, actor, inspection: Inspection, step: str, before: str, comment: str,
                 action: str, after: dict | None = None) -> None:
    SignoffEntry.objects.create(inspection=inspection, step=step, from_state=before,
                                to_state=inspection.state, actor=actor, at=timezone.now(),
                                comment=comment)
    audit.record(actor=actor, action=action, obj=inspection, before={"state": before},
                 after={"state": inspection.state, "comment": comment, **(after or {})})


# ----- the steps -------------------------------------------------------------------------------

@transaction.atomic
def inspection_submit(*, actor, inspection: Inspection, expected_version: int | None,
                      summary: str = "", comment: str = "") -> Inspection:
    """The convener or secretary submits the report: the result is the mean of the
    inspectors' totals, with the tier and whether an improvement plan is required."""
    inspection = _locked(inspection)
    target = _check(actor, inspection, InspectionStep.SUBMIT)
    comment = _comment(comment, required=False)
    totals = list(inspection.cards.values_list("total", flat=True))
    if not totals:
        raise ValidationFailed(_("No inspector has scored yet."), code="no_scores")
    if inspection.findings.filter(owner_unit__isnull=True).exists():
        raise ValidationFailed(_("Say which unit owns each finding before submitting: "
                                 "remove a finding without a unit and add it again."),
                               code="finding_without_unit")
    result = scoring.result_of(selectors.sheet_rules(inspection.sheet), scoring.mean(totals))
    before = inspection.state
    inspection.state, inspection.submitted_by, inspection.reviewed_by = target, actor, None
    inspection.total, inspection.tier = result.total, result.tier
    inspection.improvement_required = result.improvement_required
    inspection.summary = (summary or "").strip()
    save_with_version(inspection, expected_version=expected_version)
    _record_step(actor=actor, inspection=inspection, step=InspectionStep.SUBMIT, before=before,
                 comment=comment, action=actions.INSPECTION_SUBMITTED,
                 after={"total": str(result.total), "tier": result.tier,
                        "improvement_required": result.improvement_required,
                        "scorers": len(totals)})
    _ask(inspection, [person for person in selectors.holders_of(
        "assessment.review_inspection", inspection.organisation) if person.pk != actor.pk],
        awaiting="review", comment=comment)
    return inspection


@transaction.atomic
def inspection_review(*, actor, inspection: Inspection, expected_version: int | None,
                      comment: str = "") -> Inspection:
    """A reviewer who did not submit the report passes it to the approving official."""
    inspection = _locked(inspection)
    target = _check(actor, inspection, InspectionStep.REVIEW)
    comment = _comment(comment, required=False)
    before = inspection.state
    inspection.state, inspection.reviewed_by = target, actor
    save_with_version(inspection, expected_version=expected_version)
    _record_step(actor=actor, inspection=inspection, step=InspectionStep.REVIEW, before=before,
                 comment=comment, action=actions.INSPECTION_REVIEWED)
    _ask(inspection, _approvers(inspection), awaiting="approval", comment=comment)
    return inspection


@transaction.atomic
def inspection_return(*, actor, inspection: Inspection, expected_version: int | None,
                      comment: str) -> Inspection:
    """The reviewer or the approving official returns the report with the reason; the
    task force corrects it and submits it again."""
    inspection = _locked(inspection)
    target = _check(actor, inspection, InspectionStep.RETURN)
    comment = _comment(comment, required=True)
    before = inspection.state
    inspection.state = target
    save_with_version(inspection, expected_version=expected_version)
    _record_step(actor=actor, inspection=inspection, step=InspectionStep.RETURN, before=before,
                 comment=comment, action=actions.INSPECTION_RETURNED)
    submitter = inspection.submitted_by
    if submitter is not None and submitter.is_active:
        _tell(RETURNED, inspection, [submitter], key=f"returned:{inspection.version}",
              extra={"returned_by": staff_name(actor), "comment": comment})
    return inspection


@transaction.atomic
def inspection_approve(*, actor, inspection: Inspection, expected_version: int | None,
                       comment: str = "") -> Inspection:
    """The designated official approves the report. Now, and only now, the reply is due
    (one month, on the office calendar), each finding becomes an improvement item of its
    unit, and the inspected party is told once, with the link to the report."""
    inspection = _locked(inspection)
    target = _check(actor, inspection, InspectionStep.APPROVE)
    comment = _comment(comment, required=False)
    today = timezone.localdate()
    before = inspection.state
    inspection.state, inspection.finalised_on = target, today
    inspection.reply_due_on = reply_due_on(inspection.organisation, today)
    save_with_version(inspection, expected_version=expected_version)
    items = [improvement_item_open(
        actor=None, organisation=inspection.organisation, owner_unit=finding.owner_unit,
        source=ItemSource.INSPECTION, title=finding.text[:300], description=finding.text,
        due_on=inspection.reply_due_on, inspection=inspection, finding=finding)
        for finding in inspection.findings.filter(item__isnull=True, owner_unit__isnull=False)
        .select_related("owner_unit")]
    _record_step(actor=actor, inspection=inspection, step=InspectionStep.APPROVE,
                 before=before, comment=comment, action=actions.INSPECTION_APPROVED,
                 after={"reply_due_on": inspection.reply_due_on.isoformat(),
                        "items": [item.pk for item in items]})
    _notify_inspected(inspection, item_count=inspection.items.count())
    return inspection


# ----- who is told -----------------------------------------------------------------------------

def _approvers(inspection: Inspection) -> list:
    if inspection.approver_id is not None:
        return [inspection.approver] if inspection.approver.is_active else []
    return [person for person in selectors.holders_of("assessment.approve_inspection",
                                                      inspection.organisation)
            if person.pk not in {inspection.submitted_by_id, inspection.reviewed_by_id}]


def _context(inspection: Inspection) -> dict:
    inspected = inspection.organisation.name_zh + (
        f" {inspection.unit.name_zh}" if inspection.unit_id else "")
    return {"organisation_name": inspection.organisation.name_zh, "site_url": site_url(),
            "inspection_title": inspection.title, "inspected_name": inspected,
            "inspected_on": inspection.inspected_on, "total": str(inspection.total),
            "tier": inspection.tier or "—",
            "inspection_url": site_url(reverse("assessment:staff-inspection",
                                               args=[inspection.pk]))}


def _tell(event: str, inspection: Inspection, recipients, *, key: str, extra: dict) -> list:
    """Queue `event` to `recipients` once per key; a missing template is logged and
    never undoes the step."""
    context = _context(inspection) | extra
    try:
        with transaction.atomic():
            return staff_tell_once(
                event=event, organisation=inspection.organisation, recipients=recipients,
                related=inspection,
                key=lambda r: f"assessment-inspection:{inspection.pk}:{key}:{r.pk}",
                context=lambda r: context | {"recipient_name": staff_name(r)})
    except ValidationFailed as error:
        logger.error("Message %s for inspection %s not queued: %s", event, inspection.pk,
                     error.code)
        return []


def _ask(inspection: Inspection, recipients, *, awaiting: str, comment: str) -> list:
    return _tell(SIGNOFF_REQUESTED, inspection, recipients,
                 key=f"{awaiting}:{inspection.version}",
                 extra={"awaiting": awaiting, "comment": comment})


def _notify_inspected(inspection: Inspection, *, item_count: int) -> None:
    """The inspected unit's supervisors and the organisation's quality coordinators, once
    per inspection and person (the outbox's dedupe key)."""
    recipients = supervisors_and_coordinators(unit=inspection.unit,
                                              organisation=inspection.organisation)
    told = _tell(APPROVED, inspection, recipients, key="approved", extra={
        "improvement_required": inspection.improvement_required, "item_count": item_count,
        "reply_due_on": inspection.reply_due_on,
        "report_url": site_url(reverse("assessment:staff-inspection-report",
                                       args=[inspection.pk]))})
    if told:
        inspection.notified_at = timezone.now()
        Inspection.objects.filter(pk=inspection.pk).update(notified_at=inspection.notified_at)
        audit.record(actor=None, action=actions.INSPECTION_NOTIFIED, obj=inspection,
                     after={"recipients": [person.pk for person in told]})
    else:
        logger.warning("Inspection %s approved but nobody of the inspected party was told.",
                       inspection.pk)


# ----- publication --------------------------------------------------------------------------------

def _publication_snapshot(publication: InspectionPublication) -> dict:
    return {field: getattr(publication, field) for field in (
        "title_zh", "title_en", "show_total", "show_sections", "strengths_zh",
        "strengths_en", "findings_zh", "findings_en", "is_published")} | {
        "published_on": publication.published_on.isoformat()
        if publication.published_on else None}


@transaction.atomic
def inspection_publication_save(*, actor, inspection: Inspection,
                                expected_version: int | None, title_zh: str,
                                title_en: str = "", show_total: bool = True,
                                show_sections: bool = False, strengths_zh: str = "",
                                strengths_en: str = "", findings_zh: str = "",
                                findings_en: str = "") -> InspectionPublication:
    """Choose what the public sees of an approved inspection: the total and tier, the
    score of each section, and strengths and findings written for the public. The
    scorers' names and comments are never among them. A first save names no version."""
    require(actor, "assessment.publish_inspection", organisation=inspection.organisation)
    inspection = _locked(inspection)
    if inspection.state != InspectionState.APPROVED:
        raise ValidationFailed(_("Only an approved inspection result is published."),
                               code="report_not_approved")
    if not (title_zh or "").strip():
        raise ValidationFailed(details={"title_zh": [_("Give a title.")]})
    publication = (InspectionPublication.objects.select_for_update()
                   .filter(inspection=inspection).first())
    values = {"title_zh": title_zh, "title_en": title_en, "strengths_zh": strengths_zh,
              "strengths_en": strengths_en, "findings_zh": findings_zh,
              "findings_en": findings_en}
    values = {field: (value or "").strip() for field, value in values.items()} | {
        "show_total": bool(show_total), "show_sections": bool(show_sections)}
    if publication is None:
        if expected_version is not None:
            raise ValidationFailed(details={"version": [_("Reload the page.")]})
        publication, before = InspectionPublication(inspection=inspection), None
    else:
        before = _publication_snapshot(publication)
        if expected_version is None and all(
                getattr(publication, field) == value for field, value in values.items()):
            return publication  # the first form sent twice
    for field, value in values.items():
        setattr(publication, field, value)
    save_with_version(publication, expected_version=expected_version)
    audit.record(actor=actor, action=actions.INSPECTION_PUBLICATION_SAVED, obj=publication,
                 before=before, after=_publication_snapshot(publication),
                 organisation=inspection.organisation_id)
    return publication


def _shows_something(publication: InspectionPublication) -> bool:
    return publication.show_total or publication.show_sections or any(
        (getattr(publication, field) or "").strip()
        for field in ("strengths_zh", "findings_zh"))


@transaction.atomic
def inspection_publish(*, actor, publication: InspectionPublication,
                       expected_version: int | None,
                       published_on: dt.date | None = None) -> InspectionPublication:
    """Show the summary on the public site from `published_on` (today when not given).
    Publishing again from the same date changes nothing."""
    inspection = publication.inspection
    require(actor, "assessment.publish_inspection", organisation=inspection.organisation)
    day = published_on or timezone.localdate()
    if publication.is_published and publication.published_on == day:
        return publication
    if inspection.state != InspectionState.APPROVED:
        raise ValidationFailed(_("Only an approved inspection result is published."),
                               code="report_not_approved")
    if not _shows_something(publication):
        raise ValidationFailed(_("Choose at least one part to show: the total and tier, "
                                 "the section scores, or a summary for the public."),
                               code="nothing_to_publish")
    publication.is_published, publication.published_on = True, day
    publication.unpublished_on = None
    save_with_version(publication, expected_version=expected_version)
    audit.record(actor=actor, action=actions.INSPECTION_PUBLISHED, obj=publication,
                 after={"published_on": day.isoformat()},
                 organisation=inspection.organisation_id)
    return publication


@transaction.atomic
def inspection_unpublish(*, actor, publication: InspectionPublication,
                         expected_version: int | None) -> InspectionPublication:
    """Withdraw the summary from the public site (the day is kept)."""
    require(actor, "assessment.publish_inspection",
            organisation=publication.inspection.organisation)
    if not publication.is_published:
        return publication
    publication.is_published, publication.unpublished_on = False, timezone.localdate()
    save_with_version(publication, expected_version=expected_version)
    audit.record(actor=actor, action=actions.INSPECTION_UNPUBLISHED, obj=publication,
                 after={"unpublished_on": publication.unpublished_on.isoformat()},
                 organisation=publication.inspection.organisation_id)
    return publication
