"""Notices to the applicant through the outbox, written in the caller's transaction.

`case_notice_queue` is the one path: it picks the channel (e-mail when the applicant gave
an address, else SMS), the applicant's language, builds the event's context and the
dedupe key `case:<id>:<event>:<n>`. With no contact, or no usable template, nothing is
queued and a `notice_not_sent` history event says why, so the change itself still
happens and staff can see that the applicant was not told."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone, translation

from minfu.cases import actions
from minfu.cases.models import Case, CaseExtension, DeficiencyNotice
from minfu.core import audit
from minfu.core.errors import ValidationFailed
from minfu.core.site import site_url
from minfu.notify.models import Channel, Language, OutboxMessage
from minfu.notify.services import first_event_with_template, notification_queue
from minfu.records.assistance import notice_events
from minfu.records.events import event_record
from minfu.records.models import ActorKind

logger = logging.getLogger(__name__)

LOOKUP_PATH = "/applications/lookup/"
APPEAL_DAYS = 30  # 訴願法 §14: within 30 days of the day after the decision arrives
APPEALABLE_STATES = ("decided_rejected", "decided_partly_approved")


def reader_language(language: str) -> str:
    return Language.ENGLISH if (language or "").lower().startswith("en") else Language.CHINESE


def _in(language: str, zh: str, en: str) -> str:
    return en if language == Language.ENGLISH and en else zh or en


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def base_context(case: Case, language: str) -> dict:
    version = case.service_type_version
    organisation = case.organisation
    return {
        "recipient_name": case.applicant_name,
        "organisation_name": _in(language, organisation.name_zh, organisation.name_en),
        "site_url": site_url(),
        "case_number": case.number,
        "service_name": _in(language, version.name_zh, version.name_en),
        "lookup_url": site_url(LOOKUP_PATH),
    }


def _contact(case: Case) -> tuple[str, str] | None:
    if case.contact_email.strip():
        return Channel.EMAIL, case.contact_email.strip()
    if case.contact_phone.strip():
        return Channel.SMS, case.contact_phone.strip()
    return None


def _not_sent(case: Case, event: str, reason: str, details: dict | None = None) -> None:
    event_record(
        record=case, actor_kind=ActorKind.SYSTEM, action=actions.CASE_NOTICE_SKIPPED,
        from_state=case.state, to_state=case.state,
        data={"event": event, "reason": reason} | ({"details": details} if details else {}))
    audit.record(actor=None, action=actions.CASE_NOTICE_SKIPPED, obj=case,
                 after={"event": event, "reason": reason}, organisation=case.organisation_id)


def case_notice_queue(*, case: Case, event: str, context: dict, sequence: int | str = 1
                      ) -> OutboxMessage | None:
    """Queue the notice of `event` ("case.received" ...) to the applicant; `context`
    adds the event's own keys to the common ones. Returns the message, or None when
    none could be queued (the case history records why)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_notice_queue must run inside the caller's transaction.")
    contact = _contact(case)
    if contact is None:
        _not_sent(case, event, "no_contact")
        return None
    channel, recipient = contact
    language = reader_language(case.language)
    short_event = event.removeprefix("case.")
    service_type = case.service_type_version.service_type
    # An applicant who asked for easy-read replies gets the easy-read text where there is one.
    template_event = first_event_with_template(
        notice_events(event, case.assistance), channel=channel,
        organisation=case.organisation, service_type=service_type)
    try:
        return notification_queue(
            event=template_event, organisation=case.organisation, recipient=recipient,
            channel=channel, language=language,
            context=base_context(case, language) | context,
            dedupe_key=f"case:{case.pk}:{short_event}:{sequence}",
            service_type=service_type, related=case)
    except ValidationFailed as error:  # no active template, or one that fails to render
        logger.error("Notice %s for case %s not queued: %s", event, case.pk, error.code)
        _not_sent(case, event, error.code, error.details)
        return None


# ----- the notices of each change ----------------------------------------------------

def notify_received(case: Case, *, access_code: str | None) -> OutboxMessage | None:
    return case_notice_queue(case=case, event="case.received", context={
        "access_code": access_code or "",
        "received_on": _local_day(case.received_at),
        "due_on": case.legal_due_date, "norm_due_on": case.norm_due_date})


def notify_deficiency(notice: DeficiencyNotice) -> OutboxMessage | None:
    case = notice.case
    language = reader_language(case.language)
    items = [{"name": _in(language, item["name_zh"], item["name_en"]), "note": item["note"]}
             for item in notice.items]
    return case_notice_queue(case=case, event="case.deficiency_notice", sequence=notice.sequence,
                             context={"missing_items": items, "note": notice.note,
                                      "notice_number": notice.sequence,
                                      "supply_by": notice.supplement_due_date})


def notify_supply_reminder(notice: DeficiencyNotice, *, reminder: str,
                           working_days_left: int) -> OutboxMessage | None:
    """The reminder `reminder` ("before" or "on_the_day") of the notice's supply-by date;
    one of each per notice (dedupe key `case:<id>:supply_reminder:<n>-<reminder>`)."""
    case = notice.case
    language = reader_language(case.language)
    items = [{"name": _in(language, item["name_zh"], item["name_en"]), "note": item["note"]}
             for item in notice.items]
    return case_notice_queue(
        case=case, event="case.supply_reminder", sequence=f"{notice.sequence}-{reminder}",
        context={"missing_items": items, "supply_by": notice.supplement_due_date,
                 "working_days_left": working_days_left,
                 "due_today": reminder == "on_the_day"})


def notify_extended(extension: CaseExtension, *, previous_due_on: dt.date | None
                    ) -> OutboxMessage | None:
    """The §51 notice. `notice_sent_at` is set here and only when the notice was queued."""
    case = extension.case
    message = case_notice_queue(case=case, event="case.extended", context={
        "reason": extension.reason, "due_on": case.legal_due_date,
        "previous_due_on": previous_due_on})
    if message is not None:
        extension.notice_sent_at = message.created_at
        extension.save(update_fields=["notice_sent_at"])
    return message


def notify_decided(case: Case, *, note_zh: str, note_en: str) -> OutboxMessage | None:
    language = reader_language(case.language)
    with translation.override(language):
        outcome = str(case.get_state_display())
    return case_notice_queue(case=case, event="case.decided", context={
        "outcome": outcome, "outcome_code": case.state.removeprefix("decided_"),
        "note": _in(language, note_zh, note_en), "decided_on": _local_day(case.decided_at),
        "appeal_days": APPEAL_DAYS if case.state in APPEALABLE_STATES else None})


def notify_transferred(case: Case, *, reason: str) -> OutboxMessage | None:
    return case_notice_queue(case=case, event="case.transferred", context={
        "to_authority": case.transferred_to, "reason": reason})


def notify_withdrawn(case: Case, *, reason: str) -> OutboxMessage | None:
    return case_notice_queue(case=case, event="case.withdrawn", context={
        "withdrawn_on": _local_day(case.closed_at), "reason": reason})
