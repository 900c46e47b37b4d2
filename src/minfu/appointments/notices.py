"""Notices to the citizen about an appointment, through the outbox in the caller's
transaction: e-mail when given, else SMS, in the citizen's language. Every notice
carries the manage link (a secret: the outbox keeps it out of the stored text, see
notify.events.SECRET_KEYS). A notice that cannot be queued (no template) is logged and
the change goes on: a booking must not fail for want of a message."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from minfu.appointments.models import Appointment
from minfu.appointments.selectors import manage_token, offer_name
from minfu.core.errors import ValidationFailed
from minfu.core.site import site_url
from minfu.notify.models import Channel, Language, OutboxMessage
from minfu.notify.services import notification_queue

logger = logging.getLogger(__name__)


def _language(appointment: Appointment) -> str:
    return Language.ENGLISH if appointment.language.lower().startswith("en") \
        else Language.CHINESE


def manage_url(appointment: Appointment) -> str:
    return site_url(reverse("appointments:public-manage", args=[manage_token(appointment)]))


def notice_context(appointment: Appointment, language: str) -> dict:
    with translation.override(language):
        return _context(appointment, language)


def _context(appointment: Appointment, language: str) -> dict:
    point, organisation = appointment.offer.service_point, appointment.organisation
    english = language == Language.ENGLISH
    starts = timezone.localtime(appointment.starts_at) if appointment.starts_at else None
    return {
        "recipient_name": appointment.name,
        "organisation_name": (organisation.name_en if english and organisation.name_en
                              else organisation.name_zh),
        "site_url": site_url(), "appointment_number": appointment.number,
        "service_point": point.name_en if english and point.name_en else point.name_zh,
        "address": point.address_en if english and point.address_en else point.address_zh,
        "service_name": offer_name(appointment.offer),
        "day": starts.date() if starts else appointment.preferred_date,
        "time": f"{starts:%H:%M}" if starts else "",
        "manage_url": manage_url(appointment),
    }


def appointment_notice_queue(appointment: Appointment, *, event: str, key: str = "",
                             **context) -> bool:
    """Queue `event` to the citizen; True when a new message was queued (a repeat with
    the same event and `key` queues nothing)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("appointment_notice_queue must run inside the caller's transaction.")
    channel, recipient = ((Channel.EMAIL, appointment.email) if appointment.email
                          else (Channel.SMS, appointment.phone))
    language = _language(appointment)
    dedupe_key = f"appointment:{appointment.pk}:{event.removeprefix('appointment.')}:{key}"
    if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return False
    try:
        notification_queue(event=event, organisation=appointment.organisation,
                           recipient=recipient, channel=channel, language=language,
                           context=notice_context(appointment, language) | context,
                           dedupe_key=dedupe_key, related=appointment)
    except ValidationFailed as error:
        logger.error("Notice %s for appointment %s not queued: %s", event, appointment.pk,
                     error.code)
        return False
    return True
