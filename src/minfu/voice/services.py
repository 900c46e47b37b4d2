"""Every write to petitions. Each function runs in one transaction, moves the state only
through `workflow.MACHINE`, appends a PetitionEvent (the timeline, through
records.events.event_record) and a core audit event. `actor=None` is the petitioner or
the system (web form, mailbox, rating link); a staff actor must hold the action's
permission on the petition's unit (or organisation while it has no unit)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.citizens.models import Citizen
from minfu.citizens.services import record_link_add
from minfu.core import audit
from minfu.core.errors import Conflict, NotFound, ValidationFailed
from minfu.core.identifiers import validate_personal_id
from minfu.core.services import save_with_version, update_rows
from minfu.documents.kinds import DocumentKind
from minfu.documents.services import document_issue
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import can, require
from minfu.records import access, recount
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
from minfu.voice import actions, notices, rules, search, workflow
from minfu.voice.kind import PETITION
from minfu.voice.models import (
    Category,
    FollowUp,
    Kind,
    LimitUnit,
    MailboxReader,
    NotHandledGround,
    Petition,
    PetitionAttachment,
    PetitionChannel,
    PetitionEvent,
    Rating,
    Reply,
    RoutingRule,
)
from minfu.voice.selectors import APPROVE_REPLY, CONFIGURE, HANDLE, require_on, routes_of
from minfu.workcal.periods import Period, PeriodUnit
from minfu.workcal.selectors import due_for, due_many_for

logger = logging.getLogger(__name__)

REASSIGN = "voice.reassign"

DEFAULT_LIMIT = Period(30, PeriodUnit.CALENDAR_DAYS)
RATING_DAYS = 30  # how long a rating link works
RATING_SALT = "minfu.voice.rating"
STAFF_CHANNELS = frozenset({PetitionChannel.ORAL, PetitionChannel.HOTLINE,
                            PetitionChannel.EMAIL})
PUBLIC_CHANNELS = frozenset({PetitionChannel.WEB, PetitionChannel.MAILBOX,
                             PetitionChannel.OPEN311})


@dataclass(frozen=True)
class Petitioner:
    name: str = ""
    id_number: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    language: str = ""
    anonymous: bool = False
    assistance: Assistance = Assistance()  # the needs declared (records.assistance)


# ----- helpers -----------------------------------------------------------------------

def _summary(petition: Petition) -> dict:
    return {"state": petition.state, "unit_id": petition.unit_id,
            "assigned_officer_id": petition.assigned_officer_id,
            "due_date": petition.due_date.isoformat() if petition.due_date else None}


def _actor_kind(actor) -> str:
    return ActorKind.STAFF if actor is not None else ActorKind.SYSTEM


def _append(petition: Petition, *, action: str, actor, from_state: str, before: dict | None,
            data: dict | None = None, note: str = "", at: dt.datetime | None = None,
            actor_kind: str | None = None) -> PetitionEvent:
    kind = actor_kind or (ActorKind.STAFF if actor is not None else ActorKind.SYSTEM)
    # Receipts, replies and ratings are counted by their day (voice.metrics).
    return record_change(record=petition, occurred_at=at, actor=actor, actor_kind=kind,
                         action=action, from_state=from_state, before=before,
                         after=_summary(petition), data=data, public_note_zh=note)


def _locked(petition: Petition, expected_version: int | None) -> Petition:
    expected = petition.version if expected_version is None else expected_version
    stored = Petition.objects.select_for_update(of=("self",)).select_related(
        "organisation", "unit", "category").get(pk=petition.pk)
    if stored.version != expected:
        raise Conflict(details={"expected_version": expected, "current_version": stored.version})
    return stored


def _stepped(petition: Petition, step: workflow.Action) -> tuple[dict, str]:
    """Move the locked petition by `step` (refused by the workflow if it may not); its
    summary and state from before, for the event."""
    before, from_state = _summary(petition), petition.state
    petition.state = workflow.MACHINE.next_state(petition.state, step)
    return before, from_state


def _save(petition: Petition) -> Petition:
    return save_with_version(petition, expected_version=petition.version)


# ----- handling limit ------------------------------------------------------------------

def handling_period(petition: Petition) -> Period:
    extra = petition.extension_value or 0
    return Period(petition.limit_value + extra, PeriodUnit(petition.limit_unit))


def due_date_of(petition: Petition) -> dt.date:
    """The reply due date: the limit (plus any extension) counted from the day of receipt
    on the organisation's office calendar, its locality's closures included."""
    start = timezone.localtime(petition.received_at).date()
    return due_for(organisation=petition.organisation, start=start,
                   period=handling_period(petition))


# ----- configuration -------------------------------------------------------------------

def category_save(*, actor, category: Category) -> Category:
    require(actor, CONFIGURE, organisation=category.organisation)
    if category.limit_value < 1:
        raise ValidationFailed(details={"limit_value": [str(_("The limit is at least 1 day."))]})
    if category.limit_unit not in LimitUnit.values:
        raise ValidationFailed(details={"limit_unit": [str(_("Choose working or calendar "
                                                             "days."))]})
    if category.default_unit and category.default_unit.organisation_id != category.organisation_id:
        raise ValidationFailed(details={"default_unit": [str(_("Choose a unit of the same "
                                                               "organisation."))]})
    with transaction.atomic():
        before = None
        if category.pk:
            old = Category.objects.get(pk=category.pk)
            before = {"limit_value": old.limit_value, "limit_unit": old.limit_unit}
        try:
            with transaction.atomic():
                category.save()
        except IntegrityError:
            raise ValidationFailed(details={"code": [str(_("This code is already used."))]}
                                   ) from None
        audit.record(actor=actor, action=actions.PETITION_CATEGORY_SAVED, obj=category,
                     before=before,
                     after={"limit_value": category.limit_value,
                            "limit_unit": category.limit_unit, "code": category.code})
    return category


def routing_rule_save(*, actor, rule: RoutingRule) -> RoutingRule:
    require(actor, CONFIGURE, organisation=rule.organisation)
    errors = {}
    if rule.unit.organisation_id != rule.organisation_id:
        errors["unit"] = [str(_("Choose a unit of the same organisation."))]
    if rule.category and rule.category.organisation_id != rule.organisation_id:
        errors["category"] = [str(_("Choose a category of the same organisation."))]
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        rule.save()
        audit.record(actor=actor, action=actions.ROUTING_RULE_SAVED, obj=rule,
                     after={"unit_id": rule.unit_id, "category_id": rule.category_id,
                            "keywords": rule.keyword_list, "priority": rule.priority})
    return rule


def mailbox_reader_add(*, actor, organisation: Organisation, user) -> MailboxReader:
    require(actor, CONFIGURE, organisation=organisation)
    if not user.is_superuser and not user.memberships.filter(
            unit__organisation=organisation).exists():
        raise ValidationFailed(details={"user": [str(_("Only staff of this organisation can "
                                                       "read its mailbox."))]})
    with transaction.atomic():
        reader, created = MailboxReader.objects.get_or_create(organisation=organisation,
                                                              user=user)
        if created:
            audit.record(actor=actor, action=actions.MAILBOX_READER_ADDED, obj=reader,
                         after={"user_id": user.pk})
    return reader


def mailbox_reader_remove(*, actor, reader: MailboxReader) -> None:
    require(actor, CONFIGURE, organisation=reader.organisation)
    with transaction.atomic():
        audit.record(actor=actor, action=actions.MAILBOX_READER_REMOVED, obj=reader,
                     before={"user_id": reader.user_id})
        reader.delete()


# ----- intake ------------------------------------------------------------------------

def _validate(*, organisation, kind, channel, petitioner: Petitioner, subject, text,
              category, consent_given, actor, on: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = petitioner.assistance.errors()
    if kind not in Kind.values:
        errors["kind"] = [str(_("Choose what kind of message this is."))]
    if channel not in PetitionChannel.values:
        errors["channel"] = [str(_("Choose a channel."))]
    elif actor is None and channel not in PUBLIC_CHANNELS:
        errors["channel"] = [str(_("Staff record oral, telephone and e-mail petitions."))]
    if not subject.strip():
        errors["subject"] = [str(_("Enter a subject."))]
    if not text.strip():
        errors["text"] = [str(_("Write your message."))]
    if category is not None and category.organisation_id != organisation.pk:
        errors["category"] = [str(_("Choose a category of this agency."))]
    if petitioner.id_number.strip():
        try:
            validate_personal_id(petitioner.id_number.strip().upper(), on=on)
        except ValidationError as error:
            errors["id_number"] = [str(message) for message in error.messages]
    gives_data = any(getattr(petitioner, field).strip()
                     for field in ("name", "id_number", "email", "phone", "address"))
    if gives_data and not consent_given and actor is None:
        errors["consent"] = [str(_("Agree to the use of your personal data, or send the "
                                   "message anonymously."))]
    if not petitioner.anonymous and not petitioner.name.strip():
        errors["name"] = [str(_("Enter your name, or choose to send anonymously."))]
    return errors


def _route(organisation: Organisation, category: Category | None, text: str) -> Unit | None:
    chosen = rules.route(routes_of(organisation),
                         category_id=category.pk if category else None, text=text)
    if chosen is not None:
        return Unit.objects.get(pk=chosen.unit_id)
    return category.default_unit if category is not None else None


def _limit(category: Category | None) -> tuple[int, str]:
    if category is None:
        return DEFAULT_LIMIT.value, DEFAULT_LIMIT.unit.value
    return category.limit_value, category.limit_unit


def petition_submit(*, organisation: Organisation, kind: str, channel: str,
                    petitioner: Petitioner, subject: str, text: str,
                    category: Category | None = None, consent_given: bool = False,
                    attachments: Sequence[IncomingFile] = (), received_at: dt.datetime | None = None,
                    actor=None, idempotency_key: str | None = None,
                    transferred_from: Petition | None = None,
                    owner: Citizen | None = None) -> tuple[Petition, str | None]:
    """Register a petition (every one is registered, anonymous ones too) and route it.
    Returns (petition, access code); a repeated `idempotency_key` returns the petition it
    created and None for the code. A petition sent by a signed-in citizen (`owner`) is in
    their account from the start."""
    idempotency_key = (idempotency_key or "").strip() or None
    if idempotency_key:
        existing = Petition.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, None
    if actor is not None and transferred_from is None:
        require(actor, HANDLE, within=organisation)
    received_at = received_at or timezone.now()
    on = timezone.localtime(received_at).date()
    errors = _validate(organisation=organisation, kind=kind, channel=channel,
                       petitioner=petitioner, subject=subject, text=text, category=category,
                       consent_given=consent_given, actor=actor, on=on)
    if errors:
        raise ValidationFailed(details=errors)
    code, access_hmac = access_code_issue(PETITION)
    try:
        with files_removed_on_rollback(), transaction.atomic():
            petition = _create(organisation=organisation, kind=kind, channel=channel,
                               petitioner=petitioner, subject=subject, text=text,
                               category=category, received_at=received_at,
                               access_hmac=access_hmac,
                               idempotency_key=idempotency_key, actor=actor,
                               consent=consent_given or actor is not None,
                               transferred_from=transferred_from)
            for incoming in attachments:
                _store_attachment(petition, incoming, received_at)
            record_link_add(citizen=owner, record_obj=petition)
            notices.petition_notice_queue(petition=petition, event="petition.received",
                                          context={"due_on": petition.due_date,
                                                   "access_code": access.display_code(code)})
    except IntegrityError:
        existing = Petition.objects.filter(idempotency_key=idempotency_key).first() \
            if idempotency_key else None
        if existing is None:
            raise
        return existing, None
    return petition, code


def _create(*, organisation, kind, channel, petitioner: Petitioner, subject, text, category,
            received_at, access_hmac, idempotency_key, actor, consent,
            transferred_from) -> Petition:
    limit_value, limit_unit = _limit(category)
    unit = _route(organisation, category, f"{subject}\n{text}")
    petition = Petition(
        organisation=organisation, unit=unit, category=category, kind=kind, channel=channel,
        number=number_allocate(organisation=organisation, kind=PETITION,
                               day=timezone.localtime(received_at).date()),
        access_code_hmac=access_hmac,
        anonymous=petitioner.anonymous,
        petitioner_name="" if petitioner.anonymous else petitioner.name.strip(),
        petitioner_id_number=petitioner.id_number.strip().upper(),
        contact_email=petitioner.email.strip(), contact_phone=petitioner.phone.strip(),
        contact_address=petitioner.address.strip(),
        language=petitioner.language or settings.LANGUAGE_CODE,
        consent_at=timezone.now() if consent else None,
        contact_confirmed_at=_contact_confirmed_at(actor, transferred_from),
        subject=subject.strip(), text=text.strip(), state=workflow.State.RECEIVED,
        received_at=received_at, limit_value=limit_value, limit_unit=limit_unit,
        due_date=dt.date.min, transferred_from=transferred_from,
        idempotency_key=idempotency_key)
    petition.assistance_set(petitioner.assistance)
    petition.due_date = due_date_of(petition)
    save_with_version(petition, expected_version=None)
    document_changed(source=search.PETITION, key=str(petition.pk))
    kind_of_actor = ActorKind.STAFF if actor is not None else ActorKind.PETITIONER
    _append(petition, action=actions.PETITION_TRANSFER_RECEIVED if transferred_from
            else actions.PETITION_SUBMITTED, actor=actor,
            actor_kind=kind_of_actor, from_state="", before=None, at=received_at,
            data={"channel": channel, "unit_id": unit.pk if unit else None})
    return petition


def _contact_confirmed_at(actor, transferred_from: Petition | None) -> dt.datetime | None:
    """Staff recording a petition took the address from the petitioner; a transferred
    petition keeps what the first agency knew. A petition sent from the public pages waits
    for the link of its receipt (petition_contact_confirm)."""
    if transferred_from is not None:
        return transferred_from.contact_confirmed_at
    return timezone.now() if actor is not None else None


def petition_contact_confirm(*, token: str) -> Petition:
    """The petitioner opened the link of the receipt sent to the contact address and
    confirmed it: from now on the petition's notices go there. NotFound for a link that
    is forged or names another address; confirming twice changes nothing."""
    with transaction.atomic():
        petition = notices.petition_from_confirm_token(token)
        # Not through the version: confirming never conflicts with an officer's work.
        confirmed = Petition.objects.filter(pk=petition.pk, contact_confirmed_at__isnull=True
                                            ).update(contact_confirmed_at=timezone.now())
        if confirmed:
            petition.refresh_from_db()
            _append(petition, action=actions.PETITION_CONTACT_CONFIRMED, actor=None,
                    actor_kind=ActorKind.PETITIONER, from_state=petition.state, before=None,
                    data={"channel": notices.contact_of(petition)[0]})
    return petition


def _store_attachment(petition: Petition, incoming: IncomingFile, at: dt.datetime
                      ) -> PetitionAttachment:
    attachment = record_file_build(PetitionAttachment, incoming, petition=petition,
                                   received_at=at)
    attachment.save()
    return attachment


# ----- handling ----------------------------------------------------------------------

def petition_assign(*, actor, petition: Petition, officer=None, unit: Unit | None = None,
                    expected_version: int | None = None) -> Petition:
    """Send to another unit and/or officer (reassign), or take the case oneself."""
    taking = officer == actor and unit is None
    require_on(actor, HANDLE if taking else REASSIGN, petition)
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        before = _summary(petition)
        if unit is not None:
            if unit.organisation_id != petition.organisation_id:
                raise ValidationFailed(details={"unit": [str(_("Choose a unit of this "
                                                               "agency."))]})
            petition.unit = unit
        if officer is not None and not can(officer, HANDLE, unit=petition.unit):
            raise ValidationFailed(details={"officer": [str(_("This person cannot handle "
                                                              "petitions of the unit."))]})
        petition.assigned_officer = officer
        _save(petition)
        document_changed(source=search.PETITION, key=str(petition.pk))
        _append(petition, action=actions.PETITION_ASSIGNED, actor=actor,
                from_state=petition.state,
                before=before, data={"officer_id": officer.pk if officer else None,
                                     "unit_id": petition.unit_id})
    return petition


def petition_start(*, actor, petition: Petition, expected_version: int | None = None) -> Petition:
    require_on(actor, HANDLE, petition)
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        before, from_state = _stepped(petition, workflow.Action.START)
        if petition.assigned_officer_id is None and not (
                petition.unit and petition.unit.supervisor_assigns):
            petition.assigned_officer = actor
        _save(petition)
        _append(petition, action=actions.PETITION_HANDLING_STARTED, actor=actor,
                from_state=from_state, before=before)
    return petition


def petition_extend(*, actor, petition: Petition, value: int, reason: str,
                    expected_version: int | None = None) -> Petition:
    """Extend the handling limit once, with a reason; the petitioner gets a written notice."""
    require_on(actor, HANDLE, petition)
    if not reason.strip():
        raise ValidationFailed(details={"reason": [str(_("Give the reason for the "
                                                         "extension."))]})
    if not 1 <= value <= 60:
        raise ValidationFailed(details={"value": [str(_("Extend by 1 to 60 days."))]})
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        if not workflow.is_open(petition.state):
            raise Conflict(_("Only a petition still being handled can be extended."),
                           code="not_open")
        if petition.extension_value:
            raise Conflict(_("The handling limit of this petition was already extended."),
                           code="already_extended")
        before, previous = _summary(petition), petition.due_date
        petition.extension_value = value
        petition.extension_reason = reason.strip()
        petition.due_date = due_date_of(petition)
        _save(petition)
        _append(petition, action=actions.PETITION_EXTENDED, actor=actor,
                from_state=petition.state,
                before=before, note=reason.strip(),
                data={"value": value, "previous_due_date": previous.isoformat()})
        notices.petition_notice_queue(petition=petition, event="petition.extended", context={
            "reason": reason.strip(), "previous_due_on": previous, "due_on": petition.due_date})
    return petition


def petition_mark_not_handled(*, actor, petition: Petition, ground: str, note: str = "",
                              expected_version: int | None = None) -> Petition:
    """行政程序法 §173: the petition stays registered with the ground; the petitioner is
    told where contact details allow."""
    require_on(actor, HANDLE, petition)
    if ground not in NotHandledGround.values:
        raise ValidationFailed(details={"ground": [str(_("Choose the ground for not "
                                                         "handling."))]})
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        before, from_state = _stepped(petition, workflow.Action.MARK_NOT_HANDLED)
        petition.not_handled_ground = ground
        petition.closed_at = timezone.now()
        _save(petition)
        _append(petition, action=actions.PETITION_DISMISSED, actor=actor,
                from_state=from_state,
                before=before, note=note.strip(), data={"ground": ground})
        notices.petition_notice_queue(petition=petition, event="petition.not_handled", context={
            "ground": str(NotHandledGround(ground).label), "ground_code": ground,
            "note": note.strip()})
    return petition


def petition_merge(*, actor, petition: Petition, into: Petition,
                   expected_version: int | None = None) -> Petition:
    """併案: `petition` joins `into`; the reply to `into` answers both petitioners."""
    require_on(actor, HANDLE, petition)
    require_on(actor, HANDLE, into)
    if into.pk == petition.pk or into.organisation_id != petition.organisation_id:
        raise ValidationFailed(details={"into": [str(_("Choose another case of the same "
                                                       "agency."))]})
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        target = Petition.objects.select_for_update().get(pk=into.pk)
        if target.state in workflow.TERMINAL_STATES:
            raise Conflict(_("A case that was merged, transferred or not handled cannot "
                             "receive others."), code="merge_target_closed")
        before, from_state = _stepped(petition, workflow.Action.MERGE)
        petition.merged_into = target
        petition.closed_at = timezone.now()
        _save(petition)
        # Cases merged into this one follow it into the main case.
        Petition.objects.filter(merged_into=petition).update(merged_into=target)
        _append(petition, action=actions.PETITION_MERGED, actor=actor, from_state=from_state,
                before=before,
                data={"into": target.pk, "into_number": target.number})
        _append(target, action=actions.PETITION_MERGE_RECEIVED, actor=actor,
                from_state=target.state, before=None,
                data={"petition": petition.pk, "number": petition.number})
    return petition


def petition_transfer(*, actor, petition: Petition, reason: str,
                      to_organisation: Organisation | None = None, to_name: str = "",
                      expected_version: int | None = None) -> Petition:
    """§172: a petition for another agency goes to it with notice to the petitioner. An
    organisation in the system receives it as a new case linked to this one."""
    require_on(actor, HANDLE, petition)
    if to_organisation is None and not to_name.strip():
        raise ValidationFailed(details={"to_name": [str(_("Name the competent agency."))]})
    if to_organisation is not None and to_organisation.pk == petition.organisation_id:
        raise ValidationFailed(details={"to_organisation": [str(_("Choose another "
                                                                  "agency."))]})
    if not reason.strip():
        raise ValidationFailed(details={"reason": [str(_("Give the reason for the "
                                                         "transfer."))]})
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        before, from_state = _stepped(petition, workflow.Action.TRANSFER)
        petition.transferred_to_organisation = to_organisation
        petition.transferred_to_name = to_organisation.name_zh if to_organisation \
            else to_name.strip()
        petition.closed_at = timezone.now()
        _save(petition)
        received = None
        if to_organisation is not None:
            received, _code = petition_submit(
                organisation=to_organisation, kind=petition.kind, channel=petition.channel,
                petitioner=_petitioner_of(petition), subject=petition.subject,
                text=petition.text, consent_given=petition.consent_at is not None,
                actor=actor, transferred_from=petition)
        _append(petition, action=actions.PETITION_TRANSFERRED, actor=actor,
                from_state=from_state, before=before,
                note=reason.strip(), data={"to": petition.transferred_to_name,
                                           "received_as": received.pk if received else None})
        notices.petition_notice_queue(petition=petition, event="petition.transferred", context={
            "to_authority": petition.transferred_to_name, "reason": reason.strip(),
            "new_number": received.number if received else ""})
    return petition


def _petitioner_of(petition: Petition) -> Petitioner:
    return Petitioner(name=petition.petitioner_name, id_number=petition.petitioner_id_number,
                      email=petition.contact_email, phone=petition.contact_phone,
                      address=petition.contact_address, language=petition.language,
                      anonymous=petition.anonymous, assistance=petition.assistance)


# ----- reply -------------------------------------------------------------------------

def reply_draft(*, actor, petition: Petition, text: str, legal_basis: str = "",
                remedies: str = "", publish: bool = False,
                expected_version: int | None = None) -> Reply:
    require_on(actor, HANDLE, petition)
    if not text.strip():
        raise ValidationFailed(details={"text": [str(_("Write the reply."))]})
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        before, from_state = _stepped(petition, workflow.Action.DRAFT_REPLY)
        if petition.assigned_officer_id is None and not (
                petition.unit and petition.unit.supervisor_assigns):
            petition.assigned_officer = actor
        _save(petition)
        reply = Reply.objects.create(
            petition=petition, language=notices.reader_language(petition.language),
            text=text.strip(), legal_basis=legal_basis.strip(), remedies=remedies.strip(),
            publish=publish, drafted_by=actor)
        _append(petition, action=actions.PETITION_REPLY_DRAFTED, actor=actor,
                from_state=from_state,
                before=before, data={"reply": reply.pk})
    return reply


def reply_return(*, actor, petition: Petition, note: str,
                 expected_version: int | None = None) -> Petition:
    require_on(actor, APPROVE_REPLY, petition)
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        before, from_state = _stepped(petition, workflow.Action.RETURN_DRAFT)
        _save(petition)
        _append(petition, action=actions.PETITION_REPLY_RETURNED, actor=actor,
                from_state=from_state,
                before=before, data={"note": note.strip()})
    return petition


def reply_approve(*, actor, petition: Petition, expected_version: int | None = None) -> Reply:
    """A supervisor approves the draft: it is sent to the petitioner and to everyone whose
    case was merged into this one, each with a rating link."""
    require_on(actor, APPROVE_REPLY, petition)
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        reply = petition.replies.filter(approved_at__isnull=True).order_by("-id").first()
        before, from_state = _stepped(petition, workflow.Action.APPROVE_REPLY)
        if reply is None:
            raise Conflict(_("There is no draft reply to approve."), code="no_draft")
        now = timezone.now()
        reply.approved_by, reply.approved_at = actor, now
        if reply.publish:
            reply.published_text = _masked(petition, reply.text)
            reply.published_question = _masked(petition, f"{petition.subject}\n\n{petition.text}")
        reply.save()
        first_reply = petition.replied_at is None
        petition.replied_at = now
        if first_reply:
            petition.on_time = rules.on_time(timezone.localtime(now).date(), petition.due_date)
        _save(petition)
        _append(petition, action=actions.PETITION_REPLY_APPROVED, actor=actor,
                from_state=from_state, before=before,
                data={"reply": reply.pk, "on_time": petition.on_time})
        document_issue(organisation=petition.organisation, kind=DocumentKind.PETITION_REPLY,
                       subject=f"reply:{reply.pk}", on=timezone.localtime(now).date())
        for answered in [petition, *petition.merged_cases.all()]:
            _send_reply(answered, reply, sequence=petition.replies.count())
        if reply.publish:   # after the rating links: it is public once they close
            document_changed(source=search.REPLY, key=str(reply.pk))
    return reply


def _masked(petition: Petition, text: str) -> str:
    return rules.mask_personal_data(text, name=petition.petitioner_name,
                                    id_number=petition.petitioner_id_number,
                                    email=petition.contact_email, phone=petition.contact_phone)


def _send_reply(petition: Petition, reply: Reply, *, sequence: int) -> Rating:
    rating = Rating.objects.create(reply=reply, petition=petition,
                                   nonce=secrets.token_hex(16),
                                   expires_at=timezone.now() + dt.timedelta(days=RATING_DAYS))
    if petition.merged_into_id is not None:
        _append(petition, action=actions.PETITION_REPLY_SENT, actor=reply.approved_by,
                from_state=petition.state,
                before=None, data={"reply": reply.pk, "via": petition.merged_into_id})
    notices.petition_notice_queue(petition=petition, event="petition.replied", sequence=sequence,
                                  context={
        "replied_on": timezone.localtime(reply.approved_at).date(), "reply_text": reply.text,
        "legal_basis": reply.legal_basis, "remedies": reply.remedies,
        "rating_url": notices.site_url(f"/voice/rate/{rating_token(rating)}/")})
    return rating


def petition_close(*, actor, petition: Petition, expected_version: int | None = None) -> Petition:
    require_on(actor, HANDLE, petition)
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        before, from_state = _stepped(petition, workflow.Action.CLOSE)
        petition.closed_at = timezone.now()
        _save(petition)
        _append(petition, action=actions.PETITION_CLOSED, actor=actor, from_state=from_state,
                before=before)
    return petition


def petition_reopen(*, actor, petition: Petition, reason: str,
                    expected_version: int | None = None) -> Petition:
    require_on(actor, HANDLE, petition)
    with transaction.atomic():
        petition = _locked(petition, expected_version)
        before, from_state = _stepped(petition, workflow.Action.REOPEN)
        petition.closed_at = None
        _save(petition)
        _append(petition, action=actions.PETITION_REOPENED, actor=actor,
                from_state=from_state, before=before,
                note=reason.strip(),
                actor_kind=None if actor is not None else ActorKind.PETITIONER)
    return petition


# ----- rating ------------------------------------------------------------------------

def rating_token(rating: Rating) -> str:
    return signing.dumps({"r": rating.pk, "n": rating.nonce}, salt=RATING_SALT, compress=True)


def rating_from_token(token: str) -> Rating:
    """The rating a link names; NotFound for a forged or mangled token, Conflict for one
    already used or expired."""
    try:
        payload = signing.loads(token, salt=RATING_SALT)
        rating = Rating.objects.select_related("petition__organisation", "petition__unit",
                                               "reply").get(pk=int(payload["r"]),
                                                            nonce=str(payload["n"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Rating.DoesNotExist):
        raise NotFound(_("This rating link is not valid.")) from None
    if rating.answered_at is not None:
        raise Conflict(_("This reply has already been rated. Thank you."), code="rating_used")
    if rating.expires_at < timezone.now():
        raise Conflict(_("This rating link has expired."), code="rating_expired")
    return rating


def rating_submit(*, token: str, score: int, comment: str = "",
                  reopen: bool = False) -> Rating:
    """One answer per link. An unsatisfied answer opens a follow-up for the unit and, if
    the petitioner asks, reopens the case."""
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationFailed(details={"score": [str(_("Choose a rating from 1 to 5."))]})
    with transaction.atomic():
        found = rating_from_token(token)
        rating = Rating.objects.select_for_update().get(pk=found.pk)
        if rating.answered_at is not None:
            raise Conflict(_("This reply has already been rated. Thank you."),
                           code="rating_used")
        rating.score, rating.comment = score, comment.strip()[:4000]
        rating.satisfied = rules.is_satisfied(score)
        rating.answered_at = timezone.now()
        rating.save()
        petition = found.petition
        _append(petition, action=actions.PETITION_REPLY_RATED, actor=None,
                actor_kind=ActorKind.PETITIONER,
                from_state=petition.state, before=None,
                data={"score": score, "satisfied": rating.satisfied})
        document_changed(source=search.REPLY, key=str(rating.reply_id))
        if not rating.satisfied:
            main = petition.merged_into or petition
            FollowUp.objects.create(petition=main, rating=rating, unit=main.unit,
                                    note=rating.comment)
            if reopen and main.state in (workflow.State.REPLIED, workflow.State.CLOSED):
                petition_reopen(actor=None, petition=main,
                                reason=str(_("The petitioner was not satisfied with the "
                                             "reply.")))
    return rating


def follow_up_close(*, actor, follow_up: FollowUp, note: str = "") -> FollowUp:
    require_on(actor, HANDLE, follow_up.petition)
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.closed_at is not None:
            raise Conflict(_("This follow-up is already closed."), code="already_closed")
        follow_up.closed_at = timezone.now()
        if note.strip():
            follow_up.note = f"{follow_up.note}\n{note.strip()}".strip()
        follow_up.save()
        petition = follow_up.petition
        _append(petition, action=actions.PETITION_FOLLOW_UP_CLOSED, actor=actor,
                from_state=petition.state,
                before=None, data={"follow_up": follow_up.pk})
    return follow_up


# What a recount reads of a petition: its due date, what counts it and what `_summary` shows.
RECOUNT_READS = ("id", "number", "version", "state", "organisation_id", "unit_id",
                 "assigned_officer_id", "received_at", "limit_value", "limit_unit",
                 "extension_value", "due_date")


def petitions_recalculate_for_locality(*, locality: str, actor=None,
                                       chunk_size: int | None = None) -> int:
    """Recount the due dates of open petitions in a locality after a closure there was
    recorded or corrected: in chunks, each its own transaction, on one calendar (see
    minfu.records.recount), the same dates as `due_date_of`. Returns how many moved."""
    return recount.recount_open_in_locality(
        what="petitions", model=Petition, open_states=workflow.OPEN_STATES,
        recount_chunk=_recount_petitions, locality=locality, actor=actor, chunk_size=chunk_size)


def _recount_petitions(ids, *, locality: str, actor) -> int:
    """One chunk: lock and re-read the petitions still open (as rows, not models), count
    on one calendar, write those that moved and their events, each in one statement."""
    now, tz = timezone.now(), timezone.get_current_timezone()
    open_petitions = recount.open_in_locality(Petition, workflow.OPEN_STATES, locality)
    petitions = list(open_petitions.filter(pk__range=(ids[0], ids[-1]))
                     .select_for_update(of=("self",)).order_by("pk")
                     .values_list(*RECOUNT_READS, named=True))
    results = due_many_for(
        locality=locality,
        starts=[timezone.localtime(petition.received_at, tz).date() for petition in petitions],
        periods=[handling_period(petition) for petition in petitions])
    updates, events = [], []
    for petition, due in zip(petitions, results, strict=True):
        if isinstance(due, ValidationFailed):
            logger.warning("Petition %s keeps its due date: %s", petition.number, due)
            continue
        if due == petition.due_date:
            continue
        # The row is locked: nobody else can have moved its version on.
        updates.append((petition.id, due, petition.version + 1, now))
        # Each event keeps the summary before and after; the closure itself is audited.
        events.append((petition.id, petition.organisation_id, petition.state,
                       {"locality": locality, "before": _summary(petition),
                        "after": _summary(petition._replace(due_date=due))}))
    update_rows(Petition, updates, ["due_date", "version", "updated_at"])
    events_append_many(PetitionEvent, events, action=actions.PETITION_DUE_DATE_RECALCULATED,
                       actor=actor, actor_kind=_actor_kind(actor), occurred_at=now)
    return len(updates)
