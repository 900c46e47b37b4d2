"""Delivery channels. E-mail goes through Django's mail API (EMAIL_BACKEND); SMS through
the class named by MINFU_SMS_BACKEND: any class whose instances have
`send(*, to: str, text: str)` and raise on failure."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class ConsoleSmsBackend:
    """Logs the text instead of sending it (development and demos)."""

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


class MemorySmsBackend:
    """Keeps sent texts in `MemorySmsBackend.outbox` (tests)."""

    outbox: list[dict] = []

    def send(self, *, to: str, text: str) -> None:
        MemorySmsBackend.outbox.append({"to": to, "text": text})


def sms_backend():
    return import_string(settings.MINFU_SMS_BACKEND)()


def send_email(*, to: str, subject: str, body: str) -> None:
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                 to=[to]).send(fail_silently=False)


def send_sms(*, to: str, text: str) -> None:
    sms_backend().send(to=to, text=text)
