"""Notices to petitioners through the outbox, in the caller's transaction: e-mail when
given, else SMS; in the petitioner's language. With no contact (anonymous petitions) or
no usable template nothing is queued and a `notice_not_sent` event says why.

Anyone can type someone else's address into the public form, so an address the petitioner
has not confirmed gets one message only: the receipt, without any text the sender chose
(no name, no subject), with a link to confirm the address (`confirm_url`). Every further
notice (extension, reply, transfer ...) waits until the link was followed; until then it
is recorded as not sent. Petitions staff record count as confirmed (voice.services)."""

from __future__ import annotations

import hashlib
import logging

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound, ValidationFailed
from minfu.core.site import site_url
from minfu.notify.models import Channel, Language, OutboxMessage
from minfu.notify.services import first_event_with_template, notification_queue
from minfu.records.assistance import notice_events
from minfu.records.events import event_record
from minfu.records.models import ActorKind
from minfu.voice import actions
from minfu.voice.models import Petition

logger = logging.getLogger(__name__)

LOOKUP_PATH = "/voice/lookup/"
RECEIPT = "petition.received"
# What the sender of a petition chose, kept out of messages to an unconfirmed address.
SENDER_TEXT = ("recipient_name", "subject")
CONFIRM_SALT = "minfu.voice.contact-confirm"


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
    confirmed = petition.contact_confirmed_at is not None
    if not confirmed and event != RECEIPT:
        _not_sent(petition, event, "contact_unconfirmed")
        return None
    channel, recipient = contact
    language = reader_language(petition.language)
    base = {"recipient_name": petition.petitioner_name,
            "organisation_name": _organisation_name(petition, language),
            "site_url": site_url(), "petition_number": petition.number,
            "subject": petition.subject, "lookup_url": site_url(LOOKUP_PATH)}
    context = base | context
    if not confirmed:
        context |= dict.fromkeys(SENDER_TEXT, "") | {"confirm_url": confirm_url(petition)}
    # A petitioner who asked for easy-read replies gets the easy-read text where there is one.
    template_event = first_event_with_template(
        notice_events(event, petition.assistance), channel=channel,
        organisation=petition.organisation)
    try:
        return notification_queue(
            event=template_event, organisation=petition.organisation, recipient=recipient,
            channel=channel, language=language, context=context,
            dedupe_key=f"petition:{petition.pk}:{event.removeprefix('petition.')}:{sequence}",
            related=petition)
    except ValidationFailed as error:
        logger.error("Notice %s for petition %s not queued: %s", event, petition.pk, error.code)
        _not_sent(petition, event, error.code)
        return None


# ----- confirming the contact address --------------------------------------------------

def _contact_digest(petition: Petition) -> str:
    contact = contact_of(petition)
    return hashlib.sha256(contact[1].lower().encode()).hexdigest()[:16] if contact else ""


def confirm_token(petition: Petition) -> str:
    """The signed part of the link that confirms the petition's contact address; it names
    the address, so it confirms no other. It does not expire: it only lets the agency
    write to the address it was sent to."""
    return signing.Signer(salt=CONFIRM_SALT).sign_object(
        {"p": petition.pk, "c": _contact_digest(petition)}, compress=True)


def confirm_url(petition: Petition) -> str:
    return site_url(reverse("voice:public-confirm", args=[confirm_token(petition)]))


def petition_from_confirm_token(token: str) -> Petition:
    """The petition a confirmation link names; NotFound for a forged link or one sent to
    an address the petition no longer has."""
    try:
        payload = signing.Signer(salt=CONFIRM_SALT).unsign_object(token)
        petition = Petition.objects.select_related("organisation").get(pk=int(payload["p"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Petition.DoesNotExist):
        raise NotFound(_("This confirmation link is not valid.")) from None
    if not payload.get("c") or payload.get("c") != _contact_digest(petition):
        raise NotFound(_("This confirmation link is not valid."))
    return petition


def _not_sent(petition: Petition, event: str, reason: str) -> None:
    event_record(
        record=petition, actor_kind=ActorKind.SYSTEM, action=actions.PETITION_NOTICE_SKIPPED,
        from_state=petition.state, to_state=petition.state,
        data={"event": event, "reason": reason})
