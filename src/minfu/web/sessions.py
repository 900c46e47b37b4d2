"""The session engine without Redis (the default): Django's database sessions, saved only
when something changed or the last save is a minute old, and a new session's key drawn
without first asking whether it is taken. `cached_sessions` adds the cache on top.

The idle timeout (SESSION_SAVE_EVERY_REQUEST) restarts the session's age on every
request; here a session nothing changed in is saved again only when its last save is
`REFRESH_SECONDS` old, so that an officer paging through a queue does not cost a
transaction (and, with Redis, a cache write) per page. The idle timeout then counts from
a moment at most that much earlier than the last request.

Django draws a random 32-character key and asks whether it is taken before an INSERT
that refuses a taken key anyway (`create` then draws again): the question costs every
new session a query, and every application sent from a new browser starts one."""

import time

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.utils.crypto import get_random_string

REFRESH_SECONDS = 60
SAVED_AT = "_minfu_saved_at"  # epoch seconds of the last save, kept in the session


class QuietSaves:
    """Mixed into a database-backed session store: the two rules above. `_write` is
    where the store puts a session it saves."""

    def _get_new_session_key(self) -> str:
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create=False):
        if not must_create and not self.modified and self._saved_lately():
            return
        self._session[SAVED_AT] = int(time.time())
        self._write(must_create)

    def _write(self, must_create: bool) -> None:
        super().save(must_create)

    def _saved_lately(self) -> bool:
        saved_at = self._session.get(SAVED_AT)
        return saved_at is not None and time.time() - saved_at < REFRESH_SECONDS


class SessionStore(QuietSaves, DbSessionStore):
    pass
