"""Messages to a verified participant (a proposer, a registrant) through the outbox, in
the caller's transaction: by e-mail or SMS as the address was verified, in the language
the participant used. A participant whose address was erased at the end of its retention
period gets nothing, and neither does anyone when no active template fits the event (an
administrator switched it off): the change itself never fails for a message; the caller
records that it was not sent."""

from __future__ import annotations

import logging

from django.db import models

from minfu.core.errors import ValidationFailed
from minfu.core.site import site_url
from minfu.notify.models import Channel, Language, OutboxMessage
from minfu.notify.services import notification_queue

logger = logging.getLogger(__name__)
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
    try:
        return notification_queue(event=event, organisation=organisation,
                                  recipient=participant.address,
                                  channel=_CHANNELS.get(participant.kind, Channel.EMAIL),
                                  language=language, context=base | context,
                                  dedupe_key=dedupe_key, related=related)
    except ValidationFailed as error:  # no active template, or one that fails to render
        logger.warning("%s to participant %s not sent: %s", event, participant.pk, error.code)
        return None
