"""Access codes: what a citizen types, with the case number, to follow an application.

A code is 10 characters drawn by `secrets` from an alphabet without look-alikes (no 0/O,
1/I/L), about 49.5 bits: far beyond guessing when lookups are rate-limited. Only an
HMAC-SHA256 of the code is stored, keyed by a key derived from SECRET_KEY for this one
purpose; a fast keyed hash suffices (the code is random, not a chosen password, so
dictionary attacks do not apply) and checks compare in constant time. Pure: the caller
passes the key."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
GROUP = 5
_KEY_PURPOSE = b"minfu.records.access-code.v1"


def derive_key(secret_key: str | bytes) -> bytes:
    """A key for access codes only, so that SECRET_KEY itself never keys stored hashes."""
    secret = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return hmac.new(secret, _KEY_PURPOSE, hashlib.sha256).digest()


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display_code(code: str) -> str:
    """ABCDE-FGHJK: easier to read out and copy; the hyphen is ignored when typed back."""
    code = normalise_code(code)
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(text: str) -> str:
    """Full-width forms folded, spaces and hyphens dropped, upper case."""
    folded = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in folded if ch not in " -\t\r\n")


def code_hmac(code: str, key: bytes) -> str:
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def code_matches(code: str, stored_hmac: str, key: bytes) -> bool:
    """Constant-time check of a typed code against the stored HMAC."""
    return hmac.compare_digest(code_hmac(code, key), stored_hmac or "")
