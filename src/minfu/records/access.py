"""Access codes: what a citizen types, with the record number, to follow a record of any
kind (an application, a petition, ...).

A code is 10 characters drawn by `secrets` from an alphabet without look-alikes (no 0/O,
1/I/L), about 49.5 bits: far beyond guessing when lookups are rate-limited. Only an
HMAC-SHA256 of the code is stored, keyed by a key derived from SECRET_KEY for access codes
and then for the record kind (`derive_key(secret, purpose)`), so a code of one kind never
opens a record of another. A fast keyed hash suffices (the code is random, not a chosen
password, so dictionary attacks do not apply) and checks compare in constant time. Pure: the caller
passes the key."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
GROUP = 5
# The name is historical (applications came first): changing it would void every code
# handed out, so it stays.
_ACCESS_CODE_PURPOSE = b"minfu.cases.access-code.v1"


def derive_key(secret_key: str | bytes, purpose: bytes = b"") -> bytes:
    """The key for access codes of one record kind, so that SECRET_KEY itself never keys
    stored hashes. Applications' codes were keyed with the access-code key itself, so the
    empty purpose gives that key; every other kind derives its own from it."""
    secret = secret_key.encode() if isinstance(secret_key, str) else secret_key
    key = hmac.new(secret, _ACCESS_CODE_PURPOSE, hashlib.sha256).digest()
    return hmac.new(key, purpose, hashlib.sha256).digest() if purpose else key


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
