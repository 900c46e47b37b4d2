"""Writing generated rows in bulk, for the record generators (`generate_cases`,
`generate_petitions`): COPY on PostgreSQL, `bulk_create` elsewhere, with ids reserved up
front so that events can point at their records without a round trip. Test data only."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence

from django.db import connection, models


def batch_sizes(count: int, batch_size: int, noun: str,
                progress: Callable[[str], None] | None = None) -> Iterator[int]:
    """The sizes of the batches that make `count` records, each reported to `progress`
    once written ("1000/5000 cases, 2.1 s")."""
    started, done = time.perf_counter(), 0
    while done < count:
        size = min(batch_size, count - done)
        yield size
        done += size
        if progress:
            progress(f"{done}/{count} {noun}, {time.perf_counter() - started:.1f} s")


def postgres() -> bool:
    return connection.vendor == "postgresql"


def first_free_id(model) -> int:
    """The first id after every stored row of `model`; the caller inserts explicit ids
    from there and then calls `claim_ids`. On PostgreSQL the table is locked for the
    rest of the transaction, so no concurrent insert takes an id in between."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if postgres():
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            cursor.execute("SELECT GREATEST(nextval(pg_get_serial_sequence(%s, 'id')), "
                           f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"))', [table])
        else:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
        return cursor.fetchone()[0]


def claim_ids(model, next_free: int) -> None:
    """Move the table's id sequence past the ids inserted explicitly (PostgreSQL; SQLite
    follows MAX(id) by itself)."""
    if postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)",
                           [model._meta.db_table, next_free])


def copy_rows(model, columns: Sequence[str], rows: list[tuple]) -> None:
    """COPY `rows` (values in the order of the column names `columns`) into the model's
    table; JSON columns are encoded here."""
    if not rows:
        return
    # A column the caller leaves out takes its model default here: COPY would leave it
    # NULL, since Django keeps defaults in Python, not in the table.
    defaulted = [field for field in model._meta.concrete_fields
                 if field.column not in columns and not field.primary_key
                 and not field.null
                 and (field.has_default() or field.empty_strings_allowed)]
    columns = [*columns, *(field.column for field in defaulted)]
    defaults = tuple(field.get_default() for field in defaulted)
    rows = [(*row, *defaults) for row in rows] if defaults else rows
    fields = {field.column: field for field in model._meta.concrete_fields}
    json_at = [i for i, column in enumerate(columns)
               if isinstance(fields[column], models.JSONField)]
    names = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor (Django wraps it)
        with raw.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = json.dumps(row[i], ensure_ascii=False)
                copy.write_row(row)


def bulk_create_rows(model, columns: Sequence[str], rows: list[tuple]) -> None:
    model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows],
                              batch_size=500)


def write_rows(model, columns: Sequence[str], rows: list[tuple]) -> None:
    (copy_rows if postgres() else bulk_create_rows)(model, columns, rows)
