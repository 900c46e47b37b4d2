"""Sealed texts: the version of a message that only its recipient may read, because it
carries a secret (an access code) that no staff page, API or admin shows.

The text is encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`)
under a key derived from SECRET_KEY for this purpose only (HKDF-SHA256), so neither a
database dump nor a database reader learns the secret; keys in SECRET_KEY_FALLBACKS still
open texts sealed before a key rotation. Fernet stamps each token with the time it was
made, and `unseal` refuses a token older than `max_age`: a sealed text is short-lived
even before anything erases it. No ORM."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PURPOSE = b"minfu.notify.sealed-message.v1"


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=PURPOSE).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    """The current key seals; the current and the fallback keys open."""
    secret_keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
    return MultiFernet([_fernet(key) for key in secret_keys])


def seal(subject: str, body: str) -> str:
    return _keys().encrypt(json.dumps([subject, body]).encode()).decode("ascii")


def unseal(token: str, *, max_age: timedelta) -> tuple[str, str] | None:
    """(subject, body), or None when the token is older than `max_age`, was sealed under
    a key no longer configured, or was altered."""
    try:
        opened = _keys().decrypt(token.encode("ascii"), ttl=int(max_age.total_seconds()))
    except InvalidToken:
        return None
    subject, body = json.loads(opened)
    return subject, body
