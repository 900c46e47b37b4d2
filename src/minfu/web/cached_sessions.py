"""Django's cached_db session engine (sessions read from the cache, written through to
the database), with the quiet saves of `minfu.web.sessions`, and working from the
database alone while the cache is down.

While the cache is down (`CacheUnavailable`, logged by minfu.core.redis_cache), sessions
are read from and written to the database. Ending a session (signing out) removes the
cached copy first and fails with 503 when it cannot: otherwise the copy would sign the
browser back in once the cache answers again. Signing in, which replaces the session key,
goes ahead: the old key's cached copy is only what the browser held before (anonymous,
or the same officer) and ages out."""

import contextlib

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore

from minfu.core.outages import CacheUnavailable
from minfu.web.sessions import QuietSaves


class SessionStore(QuietSaves, CachedDbSessionStore):
    def load(self):
        try:
            return super().load()
        except CacheUnavailable:
            return DbSessionStore.load(self)

    def _write(self, must_create: bool) -> None:
        DbSessionStore.save(self, must_create)
        # The database has it; the next save once the cache is back refreshes the copy.
        with contextlib.suppress(CacheUnavailable):
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())

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
