"""Every write to applications. Each function runs in one transaction, moves the state
only through `workflow.MACHINE`, appends a CaseEvent (records.events.event_record: the
history timelines show) and a core audit event, and recalculates the due dates whenever
pauses or the extension change.

`actor=None` means the system or the applicant (online intake, withdrawal through the
lookup); a staff actor must hold the action's permission on the case's unit.
`expected_version` is the version a form read; without it the version the case was
loaded at is used, so a write on a stale instance is refused all the same (Conflict)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.cases import actions, notices, search, supply, workflow
from minfu.cases.kind import APPLICATION
from minfu.cases.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseExtension,
    CasePause,
    DeficiencyNotice,
    FetchedDocumentCheck,
    FetchMethod,
)
from minfu.catalog import questions as question_rules
from minfu.catalog.models import ApplicantKind, Channel, ServiceType, ServiceTypeVersion
from minfu.catalog.selectors import version_in_force, version_questions
from minfu.citizens.models import Citizen
from minfu.citizens.services import record_link_add
from minfu.core import audit
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.identifiers import validate_business_number, validate_personal_id
from minfu.core.services import save_with_version, update_rows
from minfu.documents.kinds import DocumentKind
from minfu.documents.services import document_issue
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import can, require
from minfu.records import hooks, recount
from minfu.records.assistance import Assistance
from minfu.records.events import events_append_many, record_change
from minfu.records.models import ActorKind
from minfu.records.services import (
    access_code_issue,
    files_removed_on_rollback,
    number_allocate,
    record_file_build,
)
from minfu.records.uploads import IncomingFile
from minfu.search.index import document_changed
from minfu.workcal.deadlines import CalendarGapError
from minfu.workcal.periods import Period, PeriodUnit
from minfu.workcal.selectors import calendar_for, due_for, due_many_for, gap_error

logger = logging.getLogger(__name__)

HANDLE = "cases.handle"
APPROVE_EXTENSION = "cases.approve_extension"
REASSIGN = "cases.reassign"


@dataclass(frozen=True)
class Applicant:
    kind: str
    name: str
    id_number: str
    email: str = ""
    phone: str = ""
    language: str = ""
    assistance: Assistance = Assistance()  # the needs declared (records.assistance)


# ----- helpers -----------------------------------------------------------------------

def _actor_kind(actor) -> str:
    return ActorKind.STAFF if actor is not None else ActorKind.SYSTEM


def _summary(case: Case) -> dict:
    return {
        "state": case.state, "unit_id": case.unit_id,
        "assigned_officer_id": case.assigned_officer_id,
        "legal_due_date": case.legal_due_date.isoformat() if case.legal_due_date else None,
        "norm_due_date": case.norm_due_date.isoformat() if case.norm_due_date else None,
    }


def _append(case: Case, *, action: str, actor, actor_kind: str, from_state: str,
            before: dict | None, data: dict | None = None, at: dt.datetime | None = None,
            public_note_zh: str = "", public_note_en: str = "") -> CaseEvent:
    # The metrics count a case by the day of its events (receipt, notice, closure).
    return record_change(record=case, occurred_at=at, actor=actor, actor_kind=actor_kind,
                         action=action, from_state=from_state, before=before,
                         after=_summary(case), data=data, public_note_zh=public_note_zh,
                         public_note_en=public_note_en)


def _version(case: Case, expected_version: int | None) -> int:
    return case.version if expected_version is None else expected_version


def _locked(case: Case, expected_version: int | None, *, check_version: bool = True) -> Case:
    """The stored case, row-locked for the rest of the transaction, checked against the
    version the caller read."""
    expected = _version(case, expected_version)
    stored = Case.objects.select_for_update().select_related(
        "organisation", "unit", "service_type_version").get(pk=case.pk)
    if check_version and stored.version != expected:
        raise Conflict(details={"expected_version": expected, "current_version": stored.version})
    return stored


def _save(case: Case, stored_version: int) -> Case:
    return save_with_version(case, expected_version=stored_version)


def _end_open_pauses(case: Case, at: dt.datetime) -> list[int]:
    open_pauses = list(case.pauses.filter(ended_at__isnull=True))
    for pause in open_pauses:
        pause.ended_at = max(at, pause.started_at)
        pause.save(update_fields=["ended_at"])
    return [pause.pk for pause in open_pauses]


# ----- deadlines ---------------------------------------------------------------------

def _pause_intervals(case: Case, now: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """Stored pauses; one still open counts as ending now, so the due date shown while
    paused is the earliest the case can be due (it moves on when the pause ends)."""
    if case.pk is None:
        return []
    return [(pause.started_at, pause.ended_at or max(now, pause.started_at))
            for pause in case.pauses.all()]


def _start(case: Case, period: Period, tz: dt.tzinfo | None = None) -> dt.date | dt.datetime:
    """Hours count from the moment of receipt, days from its (local) day."""
    return case.received_at if period.unit is PeriodUnit.HOURS \
        else timezone.localtime(case.received_at, tz).date()


def _due_fields(result: dt.date | dt.datetime | None) -> tuple[dt.date | None,
                                                                dt.datetime | None]:
    """A due date and, for hours, the moment: what `*_due_date` and `*_due_at` store."""
    if isinstance(result, dt.datetime):
        return timezone.localtime(result).date(), result
    return result, None


def _periods(version: ServiceTypeVersion, extra_value: int | None
             ) -> tuple[Period, Period | None]:
    """The legal period (with the extension's extra, if any) and the service norm."""
    legal = version.period
    if extra_value is not None:
        legal = Period(legal.value + extra_value, legal.unit)
    return legal, version.norm


def _due(case: Case, period: Period, pauses) -> tuple[dt.date, dt.datetime | None]:
    return _due_fields(due_for(organisation=case.organisation, start=_start(case, period),
                               period=period, pauses=pauses))


def recalculate_due_dates(case: Case, *, now: dt.datetime | None = None) -> Case:
    """Legal and norm due dates from the version in force at receipt, the stored pauses
    and the extension, on the organisation's calendar (its locality's closures included).
    Sets the fields; the caller saves."""
    pauses = _pause_intervals(case, now or timezone.now())
    extension = case.extensions.first() if case.pk else None
    legal, norm = _periods(case.service_type_version,
                           extension.extra_value if extension is not None else None)
    case.legal_due_date, case.legal_due_at = _due(case, legal, pauses)
    if norm is None:
        case.norm_due_date = case.norm_due_at = None
    else:
        case.norm_due_date, case.norm_due_at = _due(case, norm, pauses)
    return case


# ----- intake ------------------------------------------------------------------------

def _validate_applicant(applicant: Applicant, version: ServiceTypeVersion,
                        on: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if applicant.kind not in version.applicant_kinds:
        errors["applicant_kind"] = [str(_("This service does not accept this kind of applicant."))]
    if not applicant.name.strip():
        errors["applicant_name"] = [str(_("Enter the applicant's name."))]
    try:
        if applicant.kind == ApplicantKind.BUSINESS:
            validate_business_number(applicant.id_number, rule_date=on)
        else:
            validate_personal_id(applicant.id_number, on=on)
    except ValidationError as error:
        errors["applicant_id_number"] = [str(message) for message in error.messages]
    if not applicant.email.strip() and not applicant.phone.strip():
        errors["contact"] = [str(_("Give an email address or a telephone number."))]
    errors.update(applicant.assistance.errors())
    return errors


def _resolve_version(service_type_version, service_type, on: dt.date) -> ServiceTypeVersion:
    if service_type_version is None and service_type is None:
        raise ValidationFailed(_("Say which service is applied for."), code="service_missing")
    if service_type_version is not None:
        if service_type_version.is_draft:
            raise ValidationFailed(_("A draft service cannot take applications."),
                                   code="service_not_in_force")
        return service_type_version
    version = version_in_force(service_type, on=on)
    if version is None:
        raise ValidationFailed(_("This service takes no applications on that day."),
                               code="service_not_in_force")
    return version


def _handling_unit(organisation: Organisation, version: ServiceTypeVersion,
                   on_behalf_of_unit: Unit | None) -> Unit:
    owner = version.service_type.organisation
    if not organisation.path.startswith(owner.path):
        raise ValidationFailed(_("This organisation does not receive applications for this "
                                 "service."), code="wrong_organisation")
    unit = on_behalf_of_unit or version.responsible_unit
    if unit.organisation_id != organisation.pk:
        raise ValidationFailed(_("Name a unit of the receiving organisation."),
                               code="unit_outside_organisation")
    return unit


def _store_documents(case: Case, documents: Sequence[IncomingFile], *, kind: str,
                     at: dt.datetime, notice: DeficiencyNotice | None = None
                     ) -> list[CaseDocument]:
    """Write the files and their rows (one INSERT for all). Every item is checked
    against the checklist before any file is written."""
    allowed = {item.pk for item in case.service_type_version.documents.all()}
    if any(incoming.required_document_id not in (None, *allowed) for incoming in documents):
        raise ValidationFailed(_("A document names an item that is not on this service's "
                                 "checklist."), code="document_not_in_checklist")
    rows = [record_file_build(CaseDocument, incoming, case=case, notice=notice,
                              required_document_id=incoming.required_document_id,
                              uploaded_by_kind=kind, received_at=at)
            for incoming in documents]
    return CaseDocument.objects.bulk_create(rows)


def case_submit(*, organisation: Organisation, channel: str, applicant: Applicant,
                consent_given: bool, service_type_version: ServiceTypeVersion | None = None,
                service_type: ServiceType | None = None, answers: Mapping | None = None,
                documents: Sequence[IncomingFile] = (), idempotency_key: str | None = None,
                received_at: dt.datetime | None = None, actor=None,
                on_behalf_of_unit: Unit | None = None,
                paper_items: Sequence[int] = (),
                received_by: Organisation | None = None,
                owner: Citizen | None = None) -> tuple[Case, str | None]:
    """Receive an application. Returns (case, access code); the plain code exists only
    here, for the receipt. A repeated `idempotency_key` returns the case it created and
    None for the code (it cannot be recovered), whoever wins a race. An application sent
    by a signed-in citizen (`owner`) is in their account from the start.

    `answers` ({question code: value}) are checked against the version's own questions
    (catalog.questions) and stored normalised, each with the wording it was asked in.
    `paper_items` are checklist items whose originals an officer checked at the counter
    without scanning them (收件核對); only staff record them.

    `received_at` defaults to now; counter and mail intake may give the day the papers
    arrived. The due dates count from the day of receipt on the organisation's calendar.

    `received_by` is the agency whose counter received an application for a service of
    `organisation` opened to it for cross-agency intake (跨機關通辦): the case is the
    owner's from the start, its clock runs from that receipt on the owner's calendar
    and rules (ADR 0014), and both sides' histories show the hand-over."""
    idempotency_key = (idempotency_key or "").strip() or None
    if idempotency_key:
        existing = _repeat(idempotency_key, organisation)
        if existing is not None:
            return existing, None
    received_at = received_at or timezone.now()
    on = timezone.localtime(received_at).date()
    version = _resolve_version(service_type_version, service_type, on)
    unit = _handling_unit(organisation, version, on_behalf_of_unit)
    errors = _cross_agency_errors(version, received_by, channel, on_behalf_of_unit)
    # Counter intake (單一窗口): an officer may key an application for any unit of an
    # organisation where they handle cases; that unit then receives it. Cross-agency
    # intake: the officer handles cases at the receiving agency.
    require(actor, HANDLE, within=received_by or unit.organisation)
    errors.update(_validate_applicant(applicant, version, on))
    if channel not in version.channels:
        errors["channel"] = [str(_("This service cannot be applied for this way."))]
    if not consent_given:
        errors["consent"] = [str(_("The applicant must agree to the use of personal data "
                                   "for this application."))]
    stored_answers, answer_errors = _checked_answers(version, answers or {})
    errors.update(answer_errors)
    errors.update(_paper_errors(version, paper_items, actor))
    if errors:
        raise ValidationFailed(details=errors)
    code, access_hmac = access_code_issue(APPLICATION)
    try:
        with files_removed_on_rollback(), transaction.atomic():
            case = _create(
                organisation=organisation, unit=unit, version=version, channel=channel,
                applicant=applicant, answers=stored_answers, received_at=received_at,
                access_hmac=access_hmac, idempotency_key=idempotency_key, actor=actor, documents=documents,
                paper_items=paper_items, received_by=received_by)
            record_link_add(citizen=owner, record_obj=case)
            document_issue(organisation=organisation, kind=DocumentKind.RECEIPT,
                           subject=f"case:{case.pk}", on=on)
            notices.notify_received(case, access_code=code)
    except IntegrityError:
        existing = _repeat(idempotency_key, organisation) if idempotency_key else None
        if existing is None:
            raise
        return existing, None
    return case, code


ANSWER_ERROR_PREFIX = "answers."


def _checked_answers(version: ServiceTypeVersion, raw: Mapping) -> tuple[dict, dict]:
    """(answers as stored, errors keyed `answers.<question code>`)."""
    try:
        return question_rules.validate(version_questions(version), raw).stored, {}
    except question_rules.AnswersRejected as rejected:
        return {}, {ANSWER_ERROR_PREFIX + code: problems
                    for code, problems in rejected.errors.items()}


def _paper_errors(version: ServiceTypeVersion, paper_items: Sequence[int],
                  actor) -> dict[str, list[str]]:
    if not paper_items:
        return {}
    if actor is None:
        return {"paper_items": [str(_("Only an officer can record originals seen on "
                                      "paper."))]}
    checklist = set(version.documents.values_list("pk", flat=True))
    if len(set(paper_items)) != len(paper_items) or not set(paper_items) <= checklist:
        return {"paper_items": [str(_("Choose each item seen on paper once, from this "
                                      "service's checklist."))]}
    return {}


def _record_paper(case: Case, item_ids: Iterable[int], *, actor, at: dt.datetime,
                  notice: DeficiencyNotice | None = None) -> list[CaseDocument]:
    """Originals the officer checked at the counter (收件核對): who, when, which item."""
    return CaseDocument.objects.bulk_create(CaseDocument(
        case=case, required_document_id=item_id, on_paper=True, recorded_by=actor,
        uploaded_by_kind=ActorKind.STAFF, received_at=at, notice=notice)
        for item_id in item_ids)


def _repeat(idempotency_key: str, organisation: Organisation) -> Case | None:
    # Nearly every key is new: asking whether it exists costs half of reading a case.
    if not Case.objects.filter(idempotency_key=idempotency_key).exists():
        return None
    existing = Case.objects.get(idempotency_key=idempotency_key)
    if existing.organisation_id != organisation.pk:
        raise Conflict(_("This request key was already used for another application."),
                       code="idempotency_key_reused")
    return existing


def _cross_agency_errors(version: ServiceTypeVersion, received_by: Organisation | None,
                         channel: str, on_behalf_of_unit: Unit | None) -> dict[str, list[str]]:
    if received_by is None:
        return {}
    if not version.service_type.cross_agency_openings.filter(
            receiving_organisation=received_by).exists():
        return {"received_by": [str(_("The owning agency has not opened this service for "
                                      "intake at this agency."))]}
    if channel != Channel.COUNTER or on_behalf_of_unit is not None:
        return {"received_by": [str(_("Another agency's service is received at the "
                                      "counter, for its responsible unit."))]}
    return {}


def _create(*, organisation, unit, version, channel, applicant: Applicant, answers,
            received_at, access_hmac, idempotency_key, actor, documents,
            paper_items=(), received_by: Organisation | None = None) -> Case:
    case = Case(
        organisation=organisation, unit=unit, service_type_version=version, channel=channel,
        number=number_allocate(organisation=organisation, kind=APPLICATION,
                               day=timezone.localtime(received_at).date()),
        access_code_hmac=access_hmac,
        applicant_kind=applicant.kind, applicant_name=applicant.name.strip(),
        applicant_id_number=applicant.id_number.strip().upper(),
        contact_email=applicant.email.strip(), contact_phone=applicant.phone.strip(),
        language=applicant.language or settings.LANGUAGE_CODE, consent_at=timezone.now(),
        answers=answers, state=workflow.State.RECEIVED, received_at=received_at,
        idempotency_key=idempotency_key, received_by=received_by)
    case.assistance_set(applicant.assistance)
    recalculate_due_dates(case)
    save_with_version(case, expected_version=None)
    document_changed(source=search.SOURCE, key=str(case.pk))
    kind = ActorKind.STAFF if actor is not None else ActorKind.APPLICANT
    stored = _store_documents(case, documents, kind=kind, at=received_at)
    paper = _record_paper(case, paper_items, actor=actor, at=received_at)
    _append(case, action=actions.CASE_SUBMITTED, actor=actor, actor_kind=kind, from_state="",
            before=None,
            at=received_at, data={"channel": channel, "documents": [d.pk for d in stored],
                                  "seen_on_paper": [d.required_document_id for d in paper]})
    if received_by is not None:
        _handed_over(case, received_by, actor=actor, at=received_at,
                     documents=len(stored) + len(paper))
    return case


def _handed_over(case: Case, received_by: Organisation, *, actor, at: dt.datetime,
                 documents: int) -> None:
    """Both timelines show the hand-over: the event names the receiving agency, which
    reads it on its hand-over page (selectors.handover_get_for)."""
    owner = case.organisation
    _append(case, action=actions.CASE_HANDED_OVER, actor=actor, actor_kind=ActorKind.STAFF,
            from_state=case.state, before=None, at=at,
            data={"received_by": received_by.code, "owner": owner.code, "documents": documents},
            public_note_zh=f"由{received_by.name_zh}跨機關收件，移由{owner.name_zh}辦理。",
            public_note_en=f"Received at the counter of {received_by.name_en or received_by.name_zh}"
                           f" and handed over to {owner.name_en or owner.name_zh}.")


# ----- moving a case along -----------------------------------------------------------

def _step(case: Case, action: str, *, actor, expected_version: int | None,
          permission: str | None = HANDLE, actor_kind: str | None = None,
          data: dict | None = None, public_note_zh: str = "", public_note_en: str = "",
          outcome: str | None = None, apply=None) -> Case:
    """One state change: lock, check, move, let `apply` set the other fields, save,
    append the history."""
    stored = _locked(case, expected_version)
    if permission:
        require(actor, permission, unit=stored.unit)
    before = _summary(stored)
    from_state = stored.state
    stored.state = workflow.MACHINE.next_state(stored.state, action, choice=outcome)
    extra = apply(stored) if apply else None
    _save(stored, stored.version)
    _append(stored, action=actions.STEP_EVENTS[action], actor=actor,
            actor_kind=actor_kind or _actor_kind(actor),
            from_state=from_state, before=before, data=(data or {}) | (extra or {}),
            public_note_zh=public_note_zh, public_note_en=public_note_en)
    return stored


@transaction.atomic
def case_accept(*, case: Case, actor=None, expected_version: int | None = None) -> Case:
    """Accept; whoever accepts becomes the officer unless the unit's supervisor assigns."""
    def take_on(stored: Case) -> None:
        if actor is not None and stored.assigned_officer_id is None \
                and not stored.unit.supervisor_assigns:
            stored.assigned_officer = actor

    return _step(case, workflow.Action.ACCEPT, actor=actor, expected_version=expected_version,
                 apply=take_on)


@transaction.atomic
def case_start_review(*, case: Case, actor=None, expected_version: int | None = None) -> Case:
    return _step(case, workflow.Action.START_REVIEW, actor=actor,
                 expected_version=expected_version)


@transaction.atomic
def deficiency_notice_issue(*, case: Case, items: Sequence[int], supplement_due_date: dt.date,
                            notes: Mapping[int, str] | None = None, note: str = "",
                            reason_for_repeat: str | None = None, actor=None,
                            expected_version: int | None = None) -> DeficiencyNotice:
    """Tell the applicant every missing item at once (一次告知) and stop the clock until
    the supplement arrives. `items` are ids of the checklist of the case's version,
    `notes` per-item remarks by id. A second notice on the same case needs a reason."""
    now = timezone.now()
    stored = _locked(case, expected_version)
    require(actor, HANDLE, unit=stored.unit)
    checklist = {doc.pk: doc for doc in stored.service_type_version.documents.all()}
    notes = notes or {}
    errors = _notice_errors(items, checklist, supplement_due_date, now)
    sequence = stored.deficiency_notices.count() + 1
    reason_for_repeat = (reason_for_repeat or "").strip()
    if sequence > 1 and not reason_for_repeat:
        errors["reason_for_repeat"] = [str(_("A further notice must say why the first did "
                                             "not list everything."))]
    if errors:
        raise ValidationFailed(_("The deficiency notice cannot be issued."), details=errors)
    before = _summary(stored)
    from_state = stored.state
    stored.state = workflow.MACHINE.next_state(stored.state,
                                                workflow.Action.REQUEST_SUPPLEMENT)
    pause = CasePause.objects.create(
        case=stored, kind=CasePause.Kind.SUPPLEMENT, started_at=now,
        reason=f"deficiency notice {sequence}")
    notice = DeficiencyNotice.objects.create(
        case=stored, sequence=sequence, note=note.strip(), pause=pause,
        items=[{"document_id": pk, "name_zh": checklist[pk].name_zh,
                "name_en": checklist[pk].name_en, "note": str(notes.get(pk, "")).strip()}
               for pk in items],
        supplement_due_date=supplement_due_date, reason_for_repeat=reason_for_repeat,
        issued_by=actor, issued_at=now)
    recalculate_due_dates(stored, now=now)
    _save(stored, stored.version)
    _append(stored, action=actions.CASE_SUPPLEMENT_REQUESTED, actor=actor,
            actor_kind=_actor_kind(actor),
            from_state=from_state, before=before, at=now,
            data={"notice_id": notice.pk, "sequence": sequence, "items": list(items),
                  "supplement_due_date": supplement_due_date.isoformat()})
    audit.record(actor=actor, action=actions.DEFICIENCY_NOTICE_ISSUED, obj=notice, after={
        "case_id": stored.pk, "sequence": sequence, "items": list(items),
        "reason_for_repeat": reason_for_repeat}, organisation=stored.organisation_id)
    document_issue(organisation=stored.organisation, kind=DocumentKind.DEFICIENCY_NOTICE,
                   subject=f"deficiency_notice:{notice.pk}", on=timezone.localtime(now).date())
    notices.notify_deficiency(notice)
    return notice


def _notice_errors(items, checklist, supplement_due_date, now) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not items:
        errors["items"] = [str(_("List at least one missing item."))]
    elif len(set(items)) != len(items) or not set(items) <= set(checklist):
        errors["items"] = [str(_("Choose each missing item once, from this service's "
                                 "checklist."))]
    if supplement_due_date <= timezone.localtime(now).date():
        errors["supplement_due_date"] = [str(_("The date to supply by must be in the future."))]
    return errors


@files_removed_on_rollback()
@transaction.atomic
def case_supplement_receive(*, case: Case, documents: Sequence[IncomingFile],
                            actor=None, expected_version: int | None = None,
                            paper_items: Sequence[int] = ()) -> Case:
    """The applicant supplied the missing documents: the pause ends and the clock resumes
    where it stopped. `actor` is the officer recording a supplement brought to the counter
    (channel counter), whose originals may be `paper_items` (items of the open notice seen
    on paper, no scan); None when the applicant uploads it online."""
    now = timezone.now()
    stored = _locked(case, expected_version)
    require(actor, HANDLE, unit=stored.unit)
    if not documents and not paper_items:
        raise ValidationFailed(_("Add the documents that were supplied."), code="no_documents")
    if paper_items and actor is None:
        raise ValidationFailed(_("Only an officer can record originals seen on paper."),
                               code="paper_needs_officer")
    before = _summary(stored)
    from_state = stored.state
    stored.state = workflow.MACHINE.next_state(stored.state,
                                                workflow.Action.SUPPLEMENT_RECEIVED)
    pause = stored.pauses.filter(kind=CasePause.Kind.SUPPLEMENT, ended_at__isnull=True).first()
    notice = getattr(pause, "notice", None) if pause else None
    asked = {item.get("document_id") for item in notice.items} if notice else set()
    if paper_items and not set(paper_items) <= asked:
        raise ValidationFailed(_("Items seen on paper must be items the notice asked for."),
                               code="paper_not_in_notice",
                               details={"paper_items": [str(_("Choose items of the notice."))]})
    if pause is not None:
        pause.ended_at = now
        pause.save(update_fields=["ended_at"])
    kind = ActorKind.STAFF if actor is not None else ActorKind.APPLICANT
    stored_documents = _store_documents(stored, documents, kind=kind, at=now, notice=notice)
    paper = _record_paper(stored, dict.fromkeys(paper_items), actor=actor, at=now,
                          notice=notice)
    recalculate_due_dates(stored, now=now)
    _save(stored, stored.version)
    channel = Channel.COUNTER if actor is not None else Channel.ONLINE
    _append(stored, action=actions.CASE_SUPPLEMENT_RECEIVED, actor=actor, actor_kind=kind,
            from_state=from_state, before=before, at=now,
            data={"documents": [d.pk for d in stored_documents],
                  "seen_on_paper": [d.required_document_id for d in paper],
                  "channel": channel, "notice_id": notice.pk if notice else None})
    return stored


@transaction.atomic
def case_supply_lapsed(*, case: Case, actor=None, expected_version: int | None = None,
                       today: dt.date | None = None) -> Case:
    """The supply-by date passed without the documents and the officer reviews the
    application on the record as it is (the other choices are a refusal, `case_decide`
    rejected, or accepting late documents, `case_supplement_receive`). The clock resumes
    from the day after the last day to supply: the applicant's time is not the agency's."""
    now = timezone.now()
    today = today or timezone.localdate()
    stored = _locked(case, expected_version)
    require(actor, HANDLE, unit=stored.unit)
    pause = stored.pauses.filter(kind=CasePause.Kind.SUPPLEMENT, ended_at__isnull=True).first()
    notice = getattr(pause, "notice", None) if pause else None
    calendar = calendar_for(stored.organisation)
    if notice is None or not supply.has_lapsed(notice.supplement_due_date, today, calendar):
        raise Conflict(_("The supply-by date has not passed yet."), code="supply_not_lapsed")
    before, from_state = _summary(stored), stored.state
    stored.state = workflow.MACHINE.next_state(stored.state, workflow.Action.SUPPLY_LAPSED)
    resumes = dt.datetime.combine(supply.last_day(notice.supplement_due_date, calendar)
                                  + dt.timedelta(days=1), dt.time.min,
                                  tzinfo=timezone.get_current_timezone())
    pause.ended_at = min(now, max(resumes, pause.started_at))
    pause.save(update_fields=["ended_at"])
    recalculate_due_dates(stored, now=now)
    _save(stored, stored.version)
    _append(stored, action=actions.CASE_SUPPLY_LAPSED, actor=actor,
            actor_kind=_actor_kind(actor), from_state=from_state, before=before, at=now,
            data={"notice_id": notice.pk, "supply_by": notice.supplement_due_date.isoformat()})
    return stored


@transaction.atomic
def fetched_document_check(*, case: Case, item: int, method: str, checked_on: dt.date,
                           note: str = "", actor=None,
                           expected_version: int | None = None) -> FetchedDocumentCheck:
    """Record how the agency obtained checklist item `item`, one it fetches itself (免附):
    electronic transcript, cross-agency query or its own records, on `checked_on` (not
    before receipt, not in the future). Once per item; the case keeps its state."""
    stored = _locked(case, expected_version)
    require(actor, HANDLE, unit=stored.unit)
    errors = _fetched_check_errors(stored, item, method, checked_on)
    if errors:
        raise ValidationFailed(details=errors)
    check = FetchedDocumentCheck.objects.create(
        case=stored, required_document_id=item, method=method, checked_on=checked_on,
        note=note.strip(), checked_by=actor, recorded_at=timezone.now())
    _save(stored, stored.version)
    _append(stored, action=actions.CASE_FETCHED_DOCUMENT_CHECKED, actor=actor,
            actor_kind=_actor_kind(actor), from_state=stored.state, before=_summary(stored),
            data={"item": item, "method": method, "checked_on": checked_on.isoformat()})
    return check


def _fetched_check_errors(case: Case, item: int, method: str,
                          checked_on: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    fetched = case.service_type_version.documents.filter(pk=item, fetched_by_agency=True)
    if not fetched.exists():
        errors["item"] = [str(_("Choose an item of this service that the agency fetches "
                                "itself."))]
    elif case.fetched_checks.filter(required_document_id=item).exists():
        errors["item"] = [str(_("How this item was checked is already recorded."))]
    if method not in FetchMethod.values:
        errors["method"] = [str(_("Choose how the document was checked."))]
    received = timezone.localtime(case.received_at).date()
    if not received <= checked_on <= timezone.localdate():
        errors["checked_on"] = [str(_("The day must be between the day of receipt and "
                                      "today."))]
    return errors


@transaction.atomic
def case_document_viewed(*, case: Case, document: CaseDocument, actor) -> None:
    """Leave a trace of who opened an application's file (personal data)."""
    audit.record(actor=actor, action=actions.CASE_DOCUMENT_VIEWED, obj=document,
                 after={"case_id": case.pk, "number": case.number,
                        "document_id": document.pk, "name": document.original_name},
                 organisation=case.organisation_id)


@transaction.atomic
def case_pause_start(*, case: Case, reason: str, legal_basis: str, actor=None,
                     expected_version: int | None = None) -> CasePause:
    """Stop the clock while waiting on another authority (a ruling, a record)."""
    now = timezone.now()
    stored = _locked(case, expected_version)
    require(actor, HANDLE, unit=stored.unit)
    errors = {}
    if not reason.strip():
        errors["reason"] = [str(_("Say what the case is waiting for."))]
    if not legal_basis.strip():
        errors["legal_basis"] = [str(_("Name the legal basis for stopping the clock."))]
    if errors:
        raise ValidationFailed(details=errors)
    if stored.state not in workflow.OPEN_STATES:
        raise Conflict(_("Only an open application can be paused."), code="not_open")
    if stored.pauses.filter(kind=CasePause.Kind.AWAITING_AUTHORITY,
                            ended_at__isnull=True).exists():
        raise Conflict(_("The application is already waiting on another authority."),
                       code="already_paused")
    before = _summary(stored)
    pause = CasePause.objects.create(case=stored, kind=CasePause.Kind.AWAITING_AUTHORITY,
                                     reason=reason.strip(), legal_basis=legal_basis.strip(),
                                     started_at=now)
    recalculate_due_dates(stored, now=now)
    _save(stored, stored.version)
    _append(stored, action=actions.CASE_PAUSE_STARTED, actor=actor,
            actor_kind=_actor_kind(actor),
            from_state=stored.state, before=before, at=now,
            data={"pause_id": pause.pk, "reason": pause.reason, "legal_basis": pause.legal_basis})
    return pause


@transaction.atomic
def case_pause_end(*, case: Case, actor=None, expected_version: int | None = None) -> CasePause:
    now = timezone.now()
    stored = _locked(case, expected_version)
    require(actor, HANDLE, unit=stored.unit)
    pause = stored.pauses.filter(kind=CasePause.Kind.AWAITING_AUTHORITY,
                                 ended_at__isnull=True).first()
    if pause is None:
        raise Conflict(_("The application is not waiting on another authority."),
                       code="not_paused")
    before = _summary(stored)
    pause.ended_at = now
    pause.save(update_fields=["ended_at"])
    recalculate_due_dates(stored, now=now)
    _save(stored, stored.version)
    _append(stored, action=actions.CASE_PAUSE_ENDED, actor=actor,
            actor_kind=_actor_kind(actor),
            from_state=stored.state, before=before, at=now, data={"pause_id": pause.pk})
    return pause


@transaction.atomic
def case_extend(*, case: Case, reason: str, extra_value: int, approved_by, actor=None,
                expected_version: int | None = None) -> CaseExtension:
    """Extend the legal period once (§51), by at most the original period, before it
    ends, approved by someone who may approve extensions. The notice to the applicant goes
    through the outbox; `notice_sent_at` is set when it was queued (notices.py)."""
    now = timezone.now()
    stored = _locked(case, expected_version)
    require(actor, HANDLE, unit=stored.unit)
    if not can(approved_by, APPROVE_EXTENSION, unit=stored.unit):
        raise PermissionDenied(_("The approver may not approve extensions for this unit."),
                               code="approver_not_allowed")
    if stored.state not in workflow.OPEN_STATES:
        raise Conflict(_("Only an open application can be extended."), code="not_open")
    if stored.extensions.exists():
        raise Conflict(_("The period has already been extended once."), code="already_extended")
    period = stored.service_type_version.period
    errors = {}
    if not reason.strip():
        errors["reason"] = [str(_("Give the reason the applicant will be told."))]
    if not 1 <= extra_value <= period.value:
        errors["extra_value"] = [str(_("The extension may be at most the original period "
                                       "(%(value)d).") % {"value": period.value})]
    if errors:
        raise ValidationFailed(details=errors)
    if _period_ended(stored, now):
        raise Conflict(_("The legal period has ended; it can only be extended before it "
                         "ends."), code="period_ended")
    before = _summary(stored)
    previous_due_on = stored.legal_due_date
    extension = CaseExtension.objects.create(
        case=stored, reason=reason.strip(), approved_by=approved_by, extra_value=extra_value,
        extra_unit=period.unit.value)
    recalculate_due_dates(stored, now=now)
    _save(stored, stored.version)
    _append(stored, action=actions.CASE_EXTENDED, actor=actor, actor_kind=_actor_kind(actor),
            from_state=stored.state, before=before, at=now,
            data={"extension_id": extension.pk, "extra_value": extra_value,
                  "extra_unit": extension.extra_unit, "approved_by_id": approved_by.pk,
                  "previous_due_date": previous_due_on.isoformat() if previous_due_on else None},
            public_note_zh=reason.strip(), public_note_en=reason.strip())
    document_issue(organisation=stored.organisation, kind=DocumentKind.EXTENSION_NOTICE,
                   subject=f"extension:{extension.pk}", on=timezone.localtime(now).date())
    notices.notify_extended(extension, previous_due_on=previous_due_on)
    return extension


def _period_ended(case: Case, now: dt.datetime) -> bool:
    if case.legal_due_at is not None:
        return now > case.legal_due_at
    return timezone.localtime(now).date() > case.legal_due_date


@transaction.atomic
def case_decide(*, case: Case, outcome: str, actor=None, public_note_zh: str = "",
                public_note_en: str = "", expected_version: int | None = None) -> Case:
    _require_reasons_for_refusal(outcome, public_note_zh, public_note_en)
    now = timezone.now()

    def apply(stored: Case) -> dict:
        stored.decided_at = now
        ended = _end_open_pauses(stored, now)
        recalculate_due_dates(stored, now=now)
        return {"outcome": outcome, "pauses_ended": ended}

    stored = _step(case, workflow.Action.DECIDE, actor=actor,
                   expected_version=expected_version, outcome=outcome, apply=apply,
                   public_note_zh=public_note_zh.strip(), public_note_en=public_note_en.strip())
    document_issue(organisation=stored.organisation, kind=DocumentKind.DECISION,
                   subject=f"case:{stored.pk}", on=timezone.localtime(now).date())
    notices.notify_decided(stored, note_zh=public_note_zh.strip(), note_en=public_note_en.strip())
    return stored


def _require_reasons_for_refusal(outcome: str, *notes: str) -> None:
    """行政程序法 §96: a decision that refuses, wholly or in part, states its reasons; the
    note is the reasons the applicant reads in the notice and the decision letter."""
    if outcome in (workflow.Outcome.REJECTED, workflow.Outcome.PARTLY_APPROVED) \
            and not any(note.strip() for note in notes):
        raise ValidationFailed(details={"public_note_zh": [str(_(
            "A refusal states its reasons: write them in the note to the applicant."))]})


@transaction.atomic
def case_close(*, case: Case, actor=None, expected_version: int | None = None) -> Case:
    """Close a decided case, storing the working days it took (receipt to decision,
    pauses excluded) and whether the decision met the legal period and the norm."""
    now = timezone.now()

    def apply(stored: Case) -> dict:
        stored.closed_at = now
        _record_time_used(stored)
        return {"working_days_used": stored.working_days_used,
                "legal_on_time": stored.legal_on_time, "norm_on_time": stored.norm_on_time}

    return _step(case, workflow.Action.CLOSE, actor=actor, expected_version=expected_version,
                 apply=apply)


def _record_time_used(case: Case) -> None:
    decided = timezone.localtime(case.decided_at)
    received = timezone.localtime(case.received_at)
    try:
        case.working_days_used = calendar_for(case.organisation).working_days_between(
            received.date(), decided.date(), _pause_intervals(case, case.decided_at))
    except CalendarGapError as error:
        raise gap_error(error) from error
    case.legal_on_time = _met(decided, case.legal_due_date, case.legal_due_at)
    case.norm_on_time = _met(decided, case.norm_due_date, case.norm_due_at) \
        if case.norm_due_date else None


def _met(decided: dt.datetime, due_date: dt.date, due_at: dt.datetime | None) -> bool:
    return decided <= due_at if due_at is not None else decided.date() <= due_date


@transaction.atomic
def case_withdraw(*, case: Case, reason: str = "", actor=None,
                  expected_version: int | None = None) -> Case:
    """The applicant withdraws before a decision (actor None: through the lookup; an
    officer when recording a withdrawal made at the counter)."""
    now = timezone.now()

    def apply(stored: Case) -> dict:
        stored.closed_at = now
        return {"reason": reason.strip(), "pauses_ended": _end_open_pauses(stored, now)}

    kind = ActorKind.STAFF if actor is not None else ActorKind.APPLICANT
    stored = _step(case, workflow.Action.WITHDRAW, actor=actor, actor_kind=kind,
                   expected_version=expected_version, apply=apply)
    notices.notify_withdrawn(stored, reason=reason.strip())
    return stored


@transaction.atomic
def case_transfer(*, case: Case, to_organisation_name: str, reason: str, actor=None,
                  expected_version: int | None = None) -> Case:
    """Send the application to the competent authority; the applicant is told where."""
    now = timezone.now()
    target, reason = to_organisation_name.strip(), reason.strip()
    errors = {}
    if not target:
        errors["to_organisation_name"] = [str(_("Name the competent authority."))]
    if not reason:
        errors["reason"] = [str(_("Give the reason for the transfer."))]
    if errors:
        raise ValidationFailed(details=errors)

    def apply(stored: Case) -> dict:
        stored.closed_at = now
        stored.transferred_to = target[:200]
        return {"to": target, "reason": reason, "pauses_ended": _end_open_pauses(stored, now)}

    stored = _step(case, workflow.Action.TRANSFER, actor=actor,
                   expected_version=expected_version, apply=apply,
                   public_note_zh=f"{target}: {reason}", public_note_en=f"{target}: {reason}")
    notices.notify_transferred(stored, reason=reason)
    return stored


@transaction.atomic
def case_assign(*, cases: Iterable[Case], officer, actor=None) -> list[Case]:
    """Assign cases to an officer in bulk (a supervisor's work). Each case must be open,
    in a unit where the actor may reassign and the officer may handle cases. Assignment
    does not depend on what the case says, so the versions the caller read are not
    compared."""
    assigned = []
    for case in cases:
        stored = _locked(case, None, check_version=False)
        require(actor, REASSIGN, unit=stored.unit)
        if not can(officer, HANDLE, unit=stored.unit):
            raise ValidationFailed(
                _("%(officer)s may not handle applications of this unit.")
                % {"officer": officer.get_username()}, code="officer_not_allowed",
                details={"case": stored.number})
        if workflow.MACHINE.is_terminal(stored.state):
            raise Conflict(_("Application %(number)s is finished.") % {"number": stored.number},
                           code="finished")
        before = _summary(stored)
        stored.assigned_officer = officer
        _save(stored, stored.version)
        _append(stored, action=actions.CASE_ASSIGNED, actor=actor,
                actor_kind=_actor_kind(actor),
                from_state=stored.state, before=before, data={"officer_id": officer.pk})
        assigned.append(stored)
    return assigned


# ----- recount after a closure ------------------------------------------------------

DUE_FIELDS = ("legal_due_date", "legal_due_at", "norm_due_date", "norm_due_at")
# What a recount reads of a case: its due dates, what counts them and what `_summary` shows.
RECOUNT_READS = ("id", "number", "version", "state", "organisation_id", "unit_id",
                 "assigned_officer_id", "service_type_version_id", "received_at", *DUE_FIELDS)


def cases_recalculate_for_locality(*, locality: str, actor=None,
                                   chunk_size: int | None = None) -> int:
    """Recount the due dates of the open cases of organisations in a locality, after a
    closure there was recorded or corrected: in chunks of `chunk_size` cases, each its
    own transaction (see minfu.records.recount), on one calendar with `due_many_for`.
    The same due dates as `recalculate_due_dates` gives case by case; each case that
    moved gets a `due_dates_recalculated` event. Returns how many cases moved."""
    return recount.recount_open_in_locality(
        what="applications", model=Case, open_states=workflow.OPEN_STATES,
        recount_chunk=_recount_cases, locality=locality, actor=actor, chunk_size=chunk_size)


def _recount_cases(ids, *, locality: str, actor) -> int:
    """One chunk: lock and re-read the cases still open (as rows, not models), count on
    one calendar, write those that moved and their events, each in one statement."""
    now, tz = timezone.now(), timezone.get_current_timezone()
    chunk = recount.open_in_locality(Case, workflow.OPEN_STATES, locality).filter(
        pk__range=(ids[0], ids[-1]))
    cases = list(chunk.select_for_update(of=("self",)).order_by("pk")
                 .values_list(*RECOUNT_READS, named=True))
    versions = ServiceTypeVersion.objects.in_bulk({case.service_type_version_id
                                                   for case in cases})
    pauses: dict[int, list] = defaultdict(list)
    for case_id, started, ended in CasePause.objects.filter(case__in=chunk).values_list(
            "case_id", "started_at", "ended_at"):
        pauses[case_id].append((started, ended or max(now, started)))  # as _pause_intervals
    extensions = dict(CaseExtension.objects.filter(case__in=chunk)
                      .values_list("case_id", "extra_value"))
    wanted = [(case, _periods(versions[case.service_type_version_id], extensions.get(case.id)))
              for case in cases]
    counted = [(case, period) for case, periods in wanted for period in periods
               if period is not None]
    results = iter(due_many_for(locality=locality,
                                starts=[_start(case, period, tz) for case, period in counted],
                                periods=[period for _case, period in counted],
                                pauses=[pauses[case.id] for case, _period in counted]))
    updates, events = [], []
    for case, (_legal, norm) in wanted:
        legal_due, norm_due = next(results), next(results) if norm is not None else None
        failed = [due for due in (legal_due, norm_due) if isinstance(due, ValidationFailed)]
        if failed:
            logger.warning("Application %s keeps its due dates: %s", case.number, failed[0])
            continue
        fields = (*_due_fields(legal_due), *_due_fields(norm_due))
        if fields == tuple(getattr(case, name) for name in DUE_FIELDS):
            continue
        # The row is locked: nobody else can have moved its version on.
        updates.append((case.id, *fields, case.version + 1, now))
        after = _summary(case._replace(**dict(zip(DUE_FIELDS, fields, strict=True))))
        events.append((case.id, case.organisation_id, case.state,
                       {"locality": locality, "before": _summary(case), "after": after}))
    update_rows(Case, updates, [*DUE_FIELDS, "version", "updated_at"])
    # No audit event per case: the closure that caused the recount is audited, and these
    # events are the cases' history; one day marked for the metrics per organisation.
    events_append_many(CaseEvent, events, action=actions.CASE_DUE_DATES_RECALCULATED,
                       actor=actor, actor_kind=_actor_kind(actor), occurred_at=now)
    for organisation_id in {organisation_id for _id, organisation_id, *_rest in events}:
        hooks.record_changed(kind="case", organisation_id=organisation_id,
                             day=timezone.localtime(now).date())
    return len(updates)
