"""Values built from rarely changing rows (the office calendar, the published catalogue),
kept in each process until a change commits anywhere.

A version token in Django's cache (CACHE_URL: Redis when there are several processes)
is replaced when a change commits (`note_change`), which tells every process to drop
what it built; a process reads the token at most once every `check_every` seconds, so
another process's change shows within that time (this process's own at once). Inside
the transaction that makes a change, values are built fresh and not kept, so that the
transaction sees its own change and a rollback leaves no trace.
`max_age` also bounds how long a value is kept, for rows that other modules change
without telling (an organisation's name shown with a service, say).

The shared cache is a help, not a need: while it is down (`CacheUnavailable`, logged by
minfu.core.redis_cache) a process keeps values for at most `OUTAGE_MAX_AGE` seconds, so
that another process's change shows within that time, and its own changes at once; a
change it could not announce is announced when the cache answers again."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Hashable
from typing import Any

from django.core.cache import cache
from django.db import transaction

from minfu.core.outages import CacheUnavailable

MAX_ENTRIES = 2000  # a bound on memory: past it, the process starts again from empty
OUTAGE_MAX_AGE = 10.0  # seconds a value is kept while the shared cache is down
_LOCAL_ONLY = "local-only"  # the token while the shared cache is down (never a uuid)
_instances: list[ProcessCache] = []


def forget_all() -> None:
    """Drop every process cache (tests call it between cases)."""
    for instance in _instances:
        instance.forget()


class ProcessCache:
    def __init__(self, name: str, *, max_age: float | None = None, check_every: float = 1.0):
        self.version_key = f"minfu:{name}:version"
        self.max_age = max_age
        self.check_every = check_every
        self._token: str | None = None
        self._token_read_at = 0.0
        self._unannounced_change = False
        self._values: dict[Hashable, tuple[Any, float]] = {}  # key: (value, expires)
        self._lock = threading.Lock()
        self._thread = threading.local()
        _instances.append(self)

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value kept for `key`, or `build()` kept from now on. `build` may itself
        call `get` (the lock is not held while building)."""
        if self._sees_uncommitted_change():
            return build()
        token = self._current_token()
        with self._lock:
            if self._token != token:
                self._token, self._values = token, {}
            value, expires = self._values.get(key, (None, 0.0))
            if expires > time.monotonic():
                return value
        value = build()
        expires = time.monotonic() + self._lifetime(token)
        with self._lock:
            if self._token == token:
                if len(self._values) >= MAX_ENTRIES:
                    self._values = {}
                self._values[key] = (value, expires)
        return value

    def _lifetime(self, token: str) -> float:
        lifetime = self.max_age if self.max_age is not None else float("inf")
        return min(lifetime, OUTAGE_MAX_AGE) if token == _LOCAL_ONLY else lifetime

    def _current_token(self) -> str:
        now = time.monotonic()
        if self._token is not None and now - self._token_read_at < self.check_every:
            return self._token
        try:
            token = self.version()
            if self._unannounced_change:
                self.bump()
                token = self.version()
        except CacheUnavailable:
            token = _LOCAL_ONLY
        self._token_read_at = now
        return token

    def version(self) -> str:
        token = cache.get(self.version_key)
        if token is None:
            cache.add(self.version_key, uuid.uuid4().hex, None)
            token = cache.get(self.version_key) or ""
        return token

    def bump(self) -> None:
        """Make every process rebuild on next use (when the shared cache answers)."""
        self.forget()
        try:
            cache.set(self.version_key, uuid.uuid4().hex, None)
        except CacheUnavailable:
            self._unannounced_change = True
        else:
            self._unannounced_change = False

    def forget(self) -> None:
        """Drop this process's values and any note of an uncommitted change (tests call
        it between cases)."""
        with self._lock:
            self._token, self._values = None, {}
        self._thread.uncommitted_change = False

    def note_change(self) -> None:
        """Called by whatever changes the rows, inside its transaction: this thread stops
        keeping values until the transaction ends, and the commit makes every process
        rebuild."""
        self.forget()
        self._thread.uncommitted_change = True
        transaction.on_commit(self.bump)

    def _sees_uncommitted_change(self) -> bool:
        if not getattr(self._thread, "uncommitted_change", False):
            return False
        if transaction.get_connection().in_atomic_block:
            return True
        # The transaction ended without its commit hook: it was rolled back.
        self.forget()
        return False
