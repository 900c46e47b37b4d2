"""Django's cached_db session engine (sessions read from the cache, written through to
the database), without the existence check before each new session, and working from
the database alone while the cache is down.

Django draws a random 32-character key and asks the cache and then the database whether
it is taken, before an INSERT that refuses a taken key anyway (and `create` then draws
again). The question costs every new session a cache call and a query, and every
application sent from a new browser starts one.

While the cache is down (`CacheUnavailable`, logged by minfu.core.redis_cache), sessions
are read from and written to the database. Ending a session (signing out) removes the
cached copy first and fails with 503 when it cannot: otherwise the copy would sign the
browser back in once the cache answers again. Signing in, which replaces the session key,
goes ahead: the old key's cached copy is only what the browser held before (anonymous,
or the same officer) and ages out.

The idle timeout (SESSION_SAVE_EVERY_REQUEST) restarts the session's age on every
request; here a session nothing changed in is saved again only when its last save is
`REFRESH_SECONDS` old, so that an officer paging through a queue does not cost a
transaction and a cache write per page. The idle timeout then counts from a moment at
most that much earlier than the last request."""

import contextlib
import time

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.utils.crypto import get_random_string

from minfu.core.outages import CacheUnavailable

REFRESH_SECONDS = 60
SAVED_AT = "_minfu_saved_at"  # epoch seconds of the last save, kept in the session


class SessionStore(CachedDbSessionStore):
    def _get_new_session_key(self) -> str:
        return get_random_string(32, VALID_KEY_CHARS)

    def load(self):
        try:
            return super().load()
        except CacheUnavailable:
            return DbSessionStore.load(self)

    def save(self, must_create=False):
        if not must_create and not self.modified and self._saved_lately():
            return
        self._session[SAVED_AT] = int(time.time())
        DbSessionStore.save(self, must_create)
        # The database has it; the next save once the cache is back refreshes the copy.
        with contextlib.suppress(CacheUnavailable):
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())

    def _saved_lately(self) -> bool:
        saved_at = self._session.get(SAVED_AT)
        return saved_at is not None and time.time() - saved_at < REFRESH_SECONDS

    def cycle_key(self):
        old_key = self.session_key
        try:
            super().cycle_key()
        except CacheUnavailable:  # the new session is saved; the old one failed to go
            DbSessionStore.delete(self, old_key)

    def delete(self, session_key=None):
        session_key = session_key or self.session_key
        if session_key is None:
            return
        self._cache.delete(self.cache_key_prefix + session_key)  # first: see above
        DbSessionStore.delete(self, session_key)
