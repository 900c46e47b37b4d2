"""Absolute links for messages that leave the site (e-mails, SMS, documents)."""

from django.conf import settings


def site_url(path: str = "") -> str:
    return settings.MINFU_SITE_URL.rstrip("/") + path
