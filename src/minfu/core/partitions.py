"""History tables partitioned by month on PostgreSQL (docs/adr/0015-history-partitioned-by-
month.md): the record event tables and the audit events, by `occurred_at`.

A model says it is partitioned with `partition_by_month = "occurred_at"`. Its migration
calls `partition_operation(table)`, which on PostgreSQL rebuilds the table as a
partitioned one (RANGE on the column, a partition per month in the site's time zone plus
a default partition for anything outside them) with the same columns, indexes and foreign
keys, and the primary key (id, occurred_at): PostgreSQL requires the partition key in
every unique constraint. Django keeps `id` as the model's primary key; ids still come
from one sequence, so they stay unique. On SQLite nothing changes.

The daily job (`partitions_ensure`) creates the months ahead; `manage.py
history_partitions detach --before 2024-01` detaches old months, which stay as plain
tables to dump to archive storage and drop."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import connection, migrations, transaction

logger = logging.getLogger(__name__)

# Months created ahead of today by the daily job (and by the migration).
MONTHS_AHEAD = 3
_PARTITION = re.compile(r"_p(\d{4})(\d{2})$")


# ----- months: pure -------------------------------------------------------------------------

def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from `first`'s to `last`'s, both included."""
    found, month = [], month_start(first)
    while month <= last:
        found.append(month)
        month = next_month(month)
    return found


def partition_name(table: str, month: dt.date) -> str:
    return f"{table}_p{month:%Y%m}"


def partition_month(name: str) -> dt.date | None:
    """The month a partition's name says (None for the default partition)."""
    match = _PARTITION.search(name)
    return dt.date(int(match[1]), int(match[2]), 1) if match else None


def _bound(month: dt.date) -> str:
    """The month's first moment in the site's time zone, as a timestamptz literal."""
    moment = dt.datetime.combine(month, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return moment.isoformat()


# ----- which tables ------------------------------------------------------------------------------

def partitioned_models() -> list:
    return [model for model in apps.get_models()
            if getattr(model, "partition_by_month", None)]


def is_postgres(conn=connection) -> bool:
    return conn.vendor == "postgresql"


def is_partitioned(cursor, table: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)",
                   [table])
    return cursor.fetchone() is not None


@dataclass(frozen=True)
class Partition:
    table: str  # the parent
    name: str
    month: dt.date | None  # None: the default partition
    rows: int  # the planner's estimate


def partitions(cursor, table: str) -> list[Partition]:
    cursor.execute("""
        SELECT child.relname, child.reltuples::bigint FROM pg_inherits
        JOIN pg_class child ON child.oid = pg_inherits.inhrelid
        WHERE pg_inherits.inhparent = to_regclass(%s) ORDER BY child.relname""", [table])
    return [Partition(table, name, partition_month(name), max(rows, 0))
            for name, rows in cursor.fetchall()]


# ----- creating and detaching months -------------------------------------------------------------

def partition_create(cursor, table: str, column: str, month: dt.date) -> bool:
    """Add the month's partition unless it exists. Rows of that month that waited in
    the default partition move into it first (PostgreSQL refuses the new partition
    while the default one holds rows of its range)."""
    name = partition_name(table, month)
    cursor.execute("SELECT to_regclass(%s)", [name])
    if cursor.fetchone()[0] is not None:
        return False
    low, high = _bound(month), _bound(next_month(month))
    default = f"{table}_default"
    cursor.execute(f'CREATE TABLE "{name}" (LIKE "{table}" INCLUDING DEFAULTS '
                   "INCLUDING CONSTRAINTS)")
    cursor.execute(f'WITH moved AS (DELETE FROM "{default}" WHERE "{column}" >= %s AND '
                   f'"{column}" < %s RETURNING *) INSERT INTO "{name}" SELECT * FROM moved',
                   [low, high])
    cursor.execute(f'ALTER TABLE "{table}" ATTACH PARTITION "{name}" '
                   f"FOR VALUES FROM ('{low}') TO ('{high}')")
    return True


def partitions_ensure(*, today: dt.date | None = None, ahead: int = MONTHS_AHEAD,
                      since: dt.date | None = None) -> int:
    """The daily job: every partitioned history table gets its partitions from this
    month (or from `since`'s, for a generator about to write years of history) to
    `ahead` months on. Safe to run twice; does nothing on SQLite."""
    if not is_postgres():
        return 0
    today = today or dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).date()
    wanted = months(min(since or today, today), _months_on(today, ahead))
    created = 0
    for model in partitioned_models():
        with transaction.atomic(), connection.cursor() as cursor:
            if not is_partitioned(cursor, model._meta.db_table):
                continue
            for month in wanted:
                created += partition_create(cursor, model._meta.db_table,
                                            model.partition_by_month, month)
    logger.info("History partitions: %d created.", created)
    return created


def _months_on(today: dt.date, ahead: int) -> dt.date:
    """The first day of the month `ahead` months after today's."""
    month = month_start(today)
    for _ in range(ahead):
        month = next_month(month)
    return month


def partitions_detach(*, before: dt.date, dry_run: bool = False) -> list[str]:
    """Detach the month partitions of every history table that end on or before
    `before`; they stay as plain tables, to be dumped and dropped by the operator."""
    detached = []
    if not is_postgres():
        return detached
    for model in partitioned_models():
        table = model._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:
            for partition in partitions(cursor, table):
                if partition.month is None or next_month(partition.month) > before:
                    continue
                if not dry_run:
                    cursor.execute(f'ALTER TABLE "{table}" DETACH PARTITION "{partition.name}"')
                detached.append(partition.name)
    return detached


# ----- the migration: rebuild a table as partitioned (and back) ----------------------------------

def partition_operation(table: str, column: str = "occurred_at") -> migrations.RunPython:
    """The migration operation that makes `table` partitioned by month on PostgreSQL, and
    plain again when unapplied."""
    def forward(apps, schema_editor):
        if is_postgres(schema_editor.connection):
            table_rebuild(schema_editor.connection, table, column, partitioned=True)

    def backward(apps, schema_editor):
        if is_postgres(schema_editor.connection):
            table_rebuild(schema_editor.connection, table, column, partitioned=False)

    return migrations.RunPython(forward, backward, elidable=False)


def table_rebuild(conn, table: str, column: str, *, partitioned: bool) -> None:
    """Copy `table` into a new table of the same name, partitioned or plain, with its
    indexes and foreign keys under their old names (Django's later migrations find
    them), the identity sequence carried on, the old table dropped."""
    with conn.cursor() as cursor:
        if is_partitioned(cursor, table) == partitioned:
            return
        indexes, foreign_keys = _index_definitions(cursor, table), _foreign_keys(cursor, table)
        old = f"{table}__before"
        cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
        cursor.execute(f'ALTER TABLE "{old}" DROP CONSTRAINT "{table}_pkey"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for name, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{old}" DROP CONSTRAINT "{name}"')
        cursor.execute(f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS '
                       "INCLUDING IDENTITY INCLUDING CONSTRAINTS)"
                       + (f' PARTITION BY RANGE ("{column}")' if partitioned else ""))
        key = f'"id", "{column}"' if partitioned else '"id"'
        cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY ({key})')
        if partitioned:
            _initial_partitions(cursor, table, column, old)
        cursor.execute(f'INSERT INTO "{table}" SELECT * FROM "{old}"')
        sequence = _identity_sequence(cursor, old)
        cursor.execute(f'DROP TABLE "{old}"')
        _identity_carry_on(cursor, table, sequence)
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def _index_definitions(cursor, table: str) -> list[tuple[str, str]]:
    """CREATE INDEX statements of the table's indexes, its primary key's excepted."""
    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                   "current_schema() AND tablename = %s AND indexname <> %s ORDER BY 1",
                   [table, f"{table}_pkey"])
    return [(name, definition.replace(" ON ONLY ", " ON ")) for name, definition in
            cursor.fetchall()]


def _foreign_keys(cursor, table: str) -> list[tuple[str, str]]:
    cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE "
                   "conrelid = to_regclass(%s) AND contype = 'f' ORDER BY 1", [table])
    return cursor.fetchall()


def _identity_sequence(cursor, table: str) -> tuple[str, int]:
    cursor.execute(f"SELECT pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM \"{table}\")",
                   [table])
    name, highest = cursor.fetchone()
    return name, highest or 0


def _identity_carry_on(cursor, table: str, old_sequence: tuple[str, int]) -> None:
    """The new identity sequence takes the old one's name and goes on from the highest
    id copied, so ids never repeat."""
    old_name, highest = old_sequence
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    new_name = cursor.fetchone()[0]
    if new_name != old_name:
        cursor.execute(f"ALTER SEQUENCE {new_name} RENAME TO "
                       f"{old_name.split('.')[-1]}")
    if highest:
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, highest])


def _initial_partitions(cursor, table: str, column: str, source: str) -> None:
    """The default partition, and a month partition for every month the copied rows
    fall in and from this month to MONTHS_AHEAD months on."""
    cursor.execute(f'CREATE TABLE "{table}_default" PARTITION OF "{table}" DEFAULT')
    cursor.execute(f'SELECT DISTINCT date_trunc(\'month\', "{column}" AT TIME ZONE %s)::date '
                   f'FROM "{source}"', [settings.TIME_ZONE])
    wanted = {month for (month,) in cursor.fetchall()}
    today = dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).date()
    wanted.update(months(today, _months_on(today, MONTHS_AHEAD)))
    for month in sorted(wanted):
        partition_create(cursor, table, column, month)
