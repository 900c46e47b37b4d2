"""Messages to a verified participant (a proposer, a registrant) through the outbox, in
the caller's transaction: by e-mail or SMS as the address was verified, in the language
the participant used. A participant whose address was erased at the end of its retention
period gets nothing (and nothing fails)."""

from __future__ import annotations

from django.db import models

from minfu.core.site import site_url
from minfu.notify.models import Channel, Language, OutboxMessage
from minfu.notify.services import notification_queue

_CHANNELS = {"email": Channel.EMAIL, "phone": Channel.SMS}


def reader_language(language: str) -> str:
    return Language.ENGLISH if (language or "").lower().startswith("en") else Language.CHINESE


def organisation_name(organisation, language: str) -> str:
    if language == Language.ENGLISH and organisation.name_en:
        return organisation.name_en
    return organisation.name_zh


def participant_notify(*, participant, organisation, event: str, context: dict,
                       dedupe_key: str, language: str, related: models.Model,
                       path: str = "") -> OutboxMessage | None:
    """Queue `event` to the participant; `path` is the page the message links to."""
    if not participant.address:
        return None
    language = reader_language(language)
    base = {"recipient_name": "", "organisation_name": organisation_name(organisation, language),
            "site_url": site_url(), "page_url": site_url(path) if path else site_url()}
    return notification_queue(event=event, organisation=organisation,
                              recipient=participant.address,
                              channel=_CHANNELS.get(participant.kind, Channel.EMAIL),
                              language=language, context=base | context,
                              dedupe_key=dedupe_key, related=related)
