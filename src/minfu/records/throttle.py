"""A fixed-window limit on progress lookups per client address, kept in Django's cache
(shared by every process when CACHE_URL points at Redis). With an access code of about
49.5 bits, a few tries per window make guessing useless.

`MINFU_LOOKUP_RATE` reads `<tries>/<seconds>`, e.g. `10/600`.

While the shared cache is down (`CacheUnavailable`), each process counts on its own, in
memory, and allows half the tries (at least one): a limit stays in force, a little looser
across processes than the shared one, and no citizen gets an error for it
(docs/operations.md)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from minfu.core.errors import RateLimited
from minfu.core.outages import CacheUnavailable

LOOKUP_KEY_PREFIX = "minfu:cases:lookup"
# This process's counts while the shared cache is down; bounded like any LocMemCache.
_local_counts = LocMemCache("minfu-throttle-local", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


@dataclass(frozen=True)
class Rate:
    tries: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (meaningful when refused)
    remaining: int = 0  # tries left in this window after this one


def parse_rate(text: str, *, setting: str = "MINFU_LOOKUP_RATE") -> Rate:
    try:
        tries, seconds = (int(part) for part in text.strip().split("/"))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{setting} must read <tries>/<seconds>, e.g. 10/600; got {text!r}."
        ) from error
    if tries < 1 or seconds < 1:
        raise ImproperlyConfigured(f"{setting} needs at least 1 try and 1 second.")
    return Rate(tries, seconds)


def lookup_rate() -> Rate:
    return parse_rate(getattr(settings, "MINFU_LOOKUP_RATE", "10/600"))


def attempt(*, key_prefix: str, client: str | None, rate: Rate,
            now: float | None = None) -> Verdict:
    """Count one attempt by `client` in the current window of `rate` and say whether it
    may go ahead. `key_prefix` keeps separate counts for separate limits."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    retry_after = max(1, int((window + 1) * rate.seconds - now))
    key = f"{key_prefix}:{client or 'unknown'}:{window}"
    try:
        count, tries = _count(cache, key, rate), rate.tries
    except CacheUnavailable:
        count, tries = _count(_local_counts, key, rate), max(1, rate.tries // 2)
    return Verdict(allowed=count <= tries, retry_after=retry_after,
                   remaining=max(0, tries - count))


def _count(counts, key: str, rate: Rate) -> int:
    """Add one to the count at `key` in the cache `counts` and return it."""
    counts.add(key, 0, timeout=rate.seconds + 1)
    try:
        return counts.incr(key)
    except ValueError:  # expired between add and incr: this try opens a new count
        counts.set(key, 1, timeout=rate.seconds + 1)
        return 1


def lookup_attempt(client: str | None, *, now: float | None = None) -> Verdict:
    """Count one progress lookup (applications and petitions share the count)."""
    return attempt(key_prefix=LOOKUP_KEY_PREFIX, client=client, rate=lookup_rate(), now=now)


def lookup_check(client: str | None) -> None:
    """For the API: count one lookup, refuse it with RateLimited when over the limit."""
    verdict = lookup_attempt(client)
    if not verdict.allowed:
        raise RateLimited(_("Too many lookups. Try again later."),
                          details={"retry_after": verdict.retry_after})
