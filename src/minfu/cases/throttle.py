"""A fixed-window limit on progress lookups per client address, kept in Django's cache
(shared by every process when CACHE_URL points at Redis). With an access code of about
49.5 bits, a few tries per window make guessing useless.

`MINFU_LOOKUP_RATE` reads `<tries>/<seconds>`, e.g. `10/600`."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_KEY = "minfu:cases:lookup:{client}:{window}"


@dataclass(frozen=True)
class Rate:
    tries: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (meaningful when refused)


def parse_rate(text: str) -> Rate:
    try:
        tries, seconds = (int(part) for part in text.strip().split("/"))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"MINFU_LOOKUP_RATE must read <tries>/<seconds>, e.g. 10/600; got {text!r}."
        ) from error
    if tries < 1 or seconds < 1:
        raise ImproperlyConfigured("MINFU_LOOKUP_RATE needs at least 1 try and 1 second.")
    return Rate(tries, seconds)


def lookup_rate() -> Rate:
    return parse_rate(getattr(settings, "MINFU_LOOKUP_RATE", "10/600"))


def lookup_attempt(client: str | None, *, now: float | None = None) -> Verdict:
    """Count one lookup by `client` and say whether it may go ahead."""
    rate = lookup_rate()
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    retry_after = max(1, int((window + 1) * rate.seconds - now))
    key = _KEY.format(client=client or "unknown", window=window)
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this try opens a new count
        cache.set(key, 1, timeout=rate.seconds + 1)
        count = 1
    return Verdict(allowed=count <= rate.tries, retry_after=retry_after)
