"""Which failures are a service down for a moment (503 with Retry-After) and which are
bugs (500)."""

import sqlite3

import psycopg
import pytest
from django.db import DatabaseError, InterfaceError, OperationalError

from minfu.core.outages import CacheUnavailable, is_outage


def wrapped(cause: Exception, error_class=OperationalError) -> Exception:
    """The Django error around a driver's error, as Django raises it."""
    error = error_class(str(cause))
    error.__cause__ = cause
    return error


def sqlite_busy(tmp_path) -> sqlite3.OperationalError:
    path = tmp_path / "busy.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN EXCLUSIVE")
    try:
        sqlite3.connect(path, timeout=0).execute("SELECT * FROM t")
    except sqlite3.OperationalError as error:
        return error
    finally:
        writer.execute("ROLLBACK")
    raise AssertionError("the second connection was not refused")


def sqlite_bug() -> sqlite3.OperationalError:
    try:
        sqlite3.connect(":memory:").execute("SELECT * FROM no_such_table")
    except sqlite3.OperationalError as error:
        return error
    raise AssertionError("the query did not fail")


@pytest.mark.parametrize("cause", [
    psycopg.OperationalError("connection failed: Connection refused"),  # no SQLSTATE
    psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
    psycopg.errors.CannotConnectNow("the database system is starting up"),
    psycopg.errors.TooManyConnections("sorry, too many clients already"),
    psycopg.errors.ConnectionFailure("connection failure"),
])
def test_postgresql_unavailable_is_an_outage(cause):
    assert is_outage(wrapped(cause))


@pytest.mark.parametrize("cause", [
    psycopg.errors.QueryCanceled("canceling statement due to statement timeout"),
    psycopg.errors.DiskFull("could not extend file"),
])
def test_other_postgresql_operational_errors_are_not(cause):
    assert not is_outage(wrapped(cause))


def test_sqlite_busy_is_an_outage_and_a_missing_table_is_not(tmp_path):
    assert is_outage(wrapped(sqlite_busy(tmp_path)))
    assert not is_outage(wrapped(sqlite_bug()))


def test_a_lost_connection_and_the_cache_down_are_outages_and_the_rest_is_not():
    assert is_outage(wrapped(psycopg.InterfaceError("the connection is lost"), InterfaceError))
    assert is_outage(CacheUnavailable("refused"))
    assert not is_outage(OperationalError("raised without a driver error"))
    assert not is_outage(wrapped(psycopg.errors.UndefinedTable("x"), DatabaseError))
    assert not is_outage(ValueError("boom"))
