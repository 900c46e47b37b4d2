"""Notices to petitioners through the outbox, in the caller's transaction: e-mail when
given, else SMS; in the petitioner's language. With no contact (anonymous petitions) or
no usable template nothing is queued and a `notice_not_sent` event says why."""

from __future__ import annotations

import logging

from django.db import transaction

from minfu.core.errors import ValidationFailed
from minfu.core.site import site_url
from minfu.notify.models import Channel, Language, OutboxMessage
from minfu.notify.services import notification_queue
from minfu.records.events import event_record
from minfu.records.models import ActorKind
from minfu.voice import actions
from minfu.voice.models import Petition

logger = logging.getLogger(__name__)

LOOKUP_PATH = "/voice/lookup/"


def reader_language(language: str) -> str:
    return Language.ENGLISH if (language or "").lower().startswith("en") else Language.CHINESE


def contact_of(petition: Petition) -> tuple[str, str] | None:
    if petition.contact_email.strip():
        return Channel.EMAIL, petition.contact_email.strip()
    if petition.contact_phone.strip():
        return Channel.SMS, petition.contact_phone.strip()
    return None


def _organisation_name(petition: Petition, language: str) -> str:
    organisation = petition.organisation
    if language == Language.ENGLISH and organisation.name_en:
        return organisation.name_en
    return organisation.name_zh


def petition_notice_queue(*, petition: Petition, event: str, context: dict,
                          sequence: int = 1) -> OutboxMessage | None:
    """Queue `event` ("petition.received" ...) to the petitioner, or record why not."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("petition_notice_queue must run inside the caller's transaction.")
    contact = contact_of(petition)
    if contact is None:
        _not_sent(petition, event, "no_contact")
        return None
    channel, recipient = contact
    language = reader_language(petition.language)
    base = {"recipient_name": petition.petitioner_name,
            "organisation_name": _organisation_name(petition, language),
            "site_url": site_url(), "petition_number": petition.number,
            "subject": petition.subject, "lookup_url": site_url(LOOKUP_PATH)}
    try:
        return notification_queue(
            event=event, organisation=petition.organisation, recipient=recipient,
            channel=channel, language=language, context=base | context,
            dedupe_key=f"petition:{petition.pk}:{event.removeprefix('petition.')}:{sequence}",
            related=petition)
    except ValidationFailed as error:
        logger.error("Notice %s for petition %s not queued: %s", event, petition.pk, error.code)
        _not_sent(petition, event, error.code)
        return None


def _not_sent(petition: Petition, event: str, reason: str) -> None:
    event_record(
        record=petition, actor_kind=ActorKind.SYSTEM, action=actions.PETITION_NOTICE_SKIPPED,
        from_state=petition.state, to_state=petition.state,
        data={"event": event, "reason": reason})
