"""Django's cached_db session engine (sessions read from the cache, written through to
the database), without the existence check before each new session.

Django draws a random 32-character key and asks the cache and then the database whether
it is taken, before an INSERT that refuses a taken key anyway (and `create` then draws
again). The question costs every new session a cache call and a query, and every
application sent from a new browser starts one."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore
from django.utils.crypto import get_random_string


class SessionStore(CachedDbSessionStore):
    def _get_new_session_key(self) -> str:
        return get_random_string(32, VALID_KEY_CHARS)
