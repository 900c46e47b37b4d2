"""Failures that mean a service the site relies on is down for a moment, not that the
code is wrong: the request answers 503 with Retry-After (pages: minfu.web.middleware;
API: minfu.api.errors), and the same request sent again after the wait succeeds (every
citizen submission carries an idempotency key, so a retry never makes a second record).
What each component does while it is down: docs/operations.md."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError

from minfu.core.errors import ServiceUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10  # a database restart or failover takes seconds, not minutes

# PostgreSQL's SQLSTATEs of a server that cannot serve now: class 08 (connection
# exception), 57P01-57P03 (shutting down, crashed, starting up) and 53300 (too many
# connections). A client-side failure (refused, reset, timed out) has no SQLSTATE.
_POSTGRESQL_CLASSES = ("08",)
_POSTGRESQL_STATES = frozenset({"57P01", "57P02", "57P03", "53300"})
# SQLite's "database is locked" (another process is writing) and a file that cannot be
# opened: the next try may well succeed. Every other SQLite error ("no such table" ...)
# is a bug and stays a 500.
_SQLITE_NAMES = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN")  # and their extended names


class CacheUnavailable(Exception):
    """The shared cache (Redis) did not answer. Raised by minfu.core.redis_cache only;
    whatever can do without the cache catches it and carries on."""


def is_outage(error: BaseException) -> bool:
    """Whether `error` says the database or the shared cache is unavailable for now."""
    if isinstance(error, CacheUnavailable | InterfaceError):  # InterfaceError: connection gone
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlite_name = getattr(cause, "sqlite_errorname", None)
    if sqlite_name is not None:
        return sqlite_name.startswith(_SQLITE_NAMES)
    if not hasattr(cause, "sqlstate"):  # not from psycopg: nothing says it is an outage
        return False
    state = cause.sqlstate
    return state is None or state.startswith(_POSTGRESQL_CLASSES) or state in _POSTGRESQL_STATES


def unavailable(error: BaseException, *, path: str) -> ServiceUnavailable:
    """The 503 that answers a request to `path` failed by the outage `error`, logged."""
    logger.warning("%s answered 503 (retry after %d s): %s: %s", path, RETRY_AFTER_SECONDS,
                   type(error).__name__, error)
    return ServiceUnavailable(details={"retry_after": RETRY_AFTER_SECONDS})
