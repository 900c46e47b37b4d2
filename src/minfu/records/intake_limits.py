"""Limits on what anonymous clients can make the agency do when they hand something in,
next to the lookup limit (records.throttle, whose fixed windows they count in):

- a kind's submissions per client address: each writes rows and sends a receipt;
- a kind's submissions per contact address they name (e-mail or telephone, normalised,
  kept in the cache only as a hash): each receipt goes there, so one address cannot be
  flooded from many clients;
- submissions carrying files per client address (`UPLOADS`, every kind): each file is
  read and each image decoded.

A kind declares its own `Limit`s (voice.limits); a refusal is `RateLimited` (429) with the
seconds until the window ends in `details["retry_after"]` (the API's Retry-After)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import RateLimited
from minfu.records.throttle import attempt, parse_rate

KEY_PREFIX = "minfu:records:intake"


@dataclass(frozen=True)
class Limit:
    name: str  # part of the cache key: limits never share a count
    setting: str  # "<count>/<seconds>"
    default: str
    message: str | Promise
    code: str


UPLOADS = Limit("uploads", "MINFU_UPLOAD_RATE", "20/3600",
                _("Too many forms with files were sent from your connection. Try again "
                  "later."), "too_many_uploads")


def limit_check(limit: Limit, key: str | None) -> None:
    """Count one submission against `limit` for `key` (a client address, a contact
    hash); RateLimited when it is over."""
    rate = parse_rate(str(getattr(settings, limit.setting, limit.default)),
                      setting=limit.setting)
    verdict = attempt(key_prefix=f"{KEY_PREFIX}:{limit.name}", client=key, rate=rate)
    if not verdict.allowed:
        raise RateLimited(limit.message, code=limit.code,
                          details={"retry_after": verdict.retry_after})


def contacts_check(limit: Limit, *, email: str = "", phone: str = "") -> None:
    """Count one submission against `limit` for each contact address it names."""
    for key in contact_keys(email=email, phone=phone):
        limit_check(limit, key)


def contact_keys(*, email: str = "", phone: str = "") -> list[str]:
    """Hashes of the normalised addresses: spellings of one mailbox or one number count
    as one."""
    normalised = [value for value in (normal_email(email), normal_phone(phone)) if value]
    return [hashlib.sha256(value.encode()).hexdigest()[:32] for value in normalised]


# Providers that ignore dots in the local part.
_DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


def normal_email(email: str) -> str:
    """Lower case, without a +tag (most providers deliver a+x@ to a@), and without dots
    for providers that ignore them."""
    local, at, domain = (email or "").strip().lower().rpartition("@")
    if not at or not local:
        return ""
    local = local.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        domain, local = "gmail.com", local.replace(".", "")
    return f"{local}@{domain}"


def normal_phone(phone: str) -> str:
    """Digits only, a Taiwan number in its domestic form (+886 912 ... -> 0912...)."""
    digits = re.sub(r"\D", "", phone or "").removeprefix("00")  # 00: international call
    if digits.startswith("886") and len(digits) > 9:
        digits = "0" + digits[3:]
    return digits
