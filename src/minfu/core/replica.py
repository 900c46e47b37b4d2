"""Reads from a PostgreSQL streaming replica, when one is configured
(`DATABASE_REPLICA_URL`, docs/configuration.md and docs/deployment.md).

Only the reads that tolerate a second or two of lag go there, and only where the code
says so with `reads_from_replica` (a decorator or a context manager): the public
lookups and progress pages, the dashboards, the open-data publication, the reports.
Everything else, every write, and every read inside a transaction stays on the primary.

Three things send a read back to the primary:
- **read-your-writes**: a request that wrote reads the primary for the rest of the
  request, and its browser for `MINFU_REPLICA_STICKY_SECONDS` afterwards (a cookie set by
  `ReadYourWritesMiddleware`), so a citizen who just applied sees the receipt and an
  officer who just decided sees the decision on the dashboard;
- **lag**: the replica is further behind than `MINFU_REPLICA_MAX_LAG_SECONDS`;
- **down**: the replica does not answer.
Lag and health are probed at most once every `MINFU_REPLICA_CHECK_SECONDS` per process
(one short query), so the check costs nothing per request."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import threading
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
STICKY_COOKIE = "minfu_primary"  # the browser wrote lately: read the primary
_WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "CREATE", "ALTER", "DROP",
           "TRUNCATE")

# Set by `reads_from_replica` around code whose reads may go to the replica.
_replica_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "minfu_replica_wanted", default=False)
# Set when this request or browser wrote: its reads go to the primary.
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("minfu_primary_pinned",
                                                               default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


# ----- choosing the database -------------------------------------------------------------

def read_alias() -> str:
    """Where a read in the current context goes."""
    if not _replica_wanted.get() or _pinned.get() or not configured():
        return PRIMARY
    if connections[PRIMARY].in_atomic_block:  # a transaction sees its own rows
        return PRIMARY
    return REPLICA if health.usable() else PRIMARY


class ReplicaRouter:
    """DATABASE_ROUTERS entry (set when the replica is configured)."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # a streaming replica is read-only: it follows the primary


@contextlib.contextmanager
def _replica_reads():
    token = _replica_wanted.set(True)
    try:
        yield
    finally:
        _replica_wanted.reset(token)


def reads_from_replica(function=None):
    """Mark reads that may come from the replica: `@reads_from_replica` on a view or a
    function, or `with reads_from_replica():` around a block."""
    if function is None:
        return _replica_reads()

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with _replica_reads():
            return function(*args, **kwargs)

    return wrapper


@contextlib.contextmanager
def primary_only():
    """Reads inside go to the primary (e.g. a check just after a write elsewhere)."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


# ----- lag and health ----------------------------------------------------------------

# Seconds the replica is behind: 0 when it has replayed all it received (an idle primary
# sends nothing, and the last replayed transaction only looks old), else the age of the
# last replayed transaction. A primary (not in recovery) answers 0.
LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


def replica_lag_seconds() -> float:
    """The replica's lag (raises DatabaseError when it does not answer)."""
    connection = connections[REPLICA]
    if connection.vendor != "postgresql":
        connection.ensure_connection()
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


class Health:
    """Whether the replica may serve reads, probed at most once per check interval in
    each process; the state changes are logged."""

    def __init__(self):
        self._lock = threading.Lock()
        self._usable = False
        self._checked_at = float("-inf")

    def usable(self) -> bool:
        now = time.monotonic()
        if now - self._checked_at < settings.MINFU_REPLICA_CHECK_SECONDS:
            return self._usable
        with self._lock:
            if now - self._checked_at >= settings.MINFU_REPLICA_CHECK_SECONDS:
                self._set(self._probe())
                self._checked_at = time.monotonic()
        return self._usable

    def forget(self) -> None:
        self._checked_at = float("-inf")

    def _probe(self) -> bool:
        try:
            lag = replica_lag_seconds()
        except DatabaseError as error:
            connections[REPLICA].close()
            logger.warning("replica down, reading the primary: %s", error)
            return False
        if lag > settings.MINFU_REPLICA_MAX_LAG_SECONDS:
            logger.warning("replica %.1f s behind (limit %s s), reading the primary", lag,
                           settings.MINFU_REPLICA_MAX_LAG_SECONDS)
            return False
        return True

    def _set(self, usable: bool) -> None:
        if usable and not self._usable:
            logger.info("replica serving reads")
        self._usable = usable


health = Health()


# ----- read-your-writes ----------------------------------------------------------------

class ReadYourWritesMiddleware:
    """A request that writes reads the primary from then on, and so does its browser for
    MINFU_REPLICA_STICKY_SECONDS (a cookie). Not used without a replica."""

    def __init__(self, get_response):
        if not configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        token = _pinned.set(STICKY_COOKIE in request.COOKIES)
        wrote = [False]

        def watch(execute, sql, params, many, context):
            if not wrote[0] and sql.lstrip()[:8].upper().startswith(_WRITES):
                wrote[0] = True
                _pinned.set(True)
            return execute(sql, params, many, context)

        try:
            with connections[PRIMARY].execute_wrapper(watch):
                response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if wrote[0]:
            response.set_cookie(STICKY_COOKIE, "1",
                                max_age=settings.MINFU_REPLICA_STICKY_SECONDS,
                                httponly=True, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response
