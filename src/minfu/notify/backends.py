"""Delivery channels. E-mail goes through Django's mail API (EMAIL_BACKEND); SMS through
the class named by MINFU_SMS_BACKEND: any class whose instances have
`send(*, to: str, text: str)` and raise on failure."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class ConsoleSmsBackend:
    """Logs the text instead of sending it (development and demos)."""

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


class FileSmsBackend:
    """Appends each text to a file a day under MINFU_SMS_FILE_PATH (the default outside
    production, like Django's file e-mail backend: the demo's texts stay out of the
    console and can be read afterwards)."""

    def send(self, *, to: str, text: str) -> None:
        folder = Path(settings.MINFU_SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        now = timezone.localtime()
        with open(folder / f"{now:%Y-%m-%d}.log", "a", encoding="utf-8") as log:
            log.write(f"{now:%H:%M:%S} to {to}: {text}\n")


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
