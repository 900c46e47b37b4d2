"""Write helpers shared by every app's services."""

from collections.abc import Sequence

from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import Conflict


def save_with_version(instance: models.Model, *, expected_version: int | None) -> models.Model:
    """Save a VersionedModel only if nobody saved it since `expected_version` was read.

    A new row starts at version 1. An existing row is written by one conditional UPDATE
    (`WHERE pk = ... AND version = expected`), so two concurrent editors cannot both win;
    the loser gets Conflict and the form asks them to reload. Call inside the service's
    transaction."""
    if instance._state.adding:
        instance.version = 1
        instance.save()
        return instance
    if expected_version is None:
        raise version_missing()
    fields = [field for field in instance._meta.concrete_fields
              if not field.primary_key and field.attname != "version"]
    values = {field.attname: field.pre_save(instance, False) for field in fields}
    updated = type(instance)._base_manager.filter(
        pk=instance.pk, version=expected_version
    ).update(version=expected_version + 1, **values)
    if not updated:
        raise Conflict(details={"expected_version": expected_version})
    instance.version = expected_version + 1
    return instance


def version_missing() -> Conflict:
    """The refusal of a change to an existing row that names no version it read."""
    return Conflict(_("The form did not say which version it edits; reload and try again."),
                    code="version_missing")


def update_rows(model: type[models.Model], rows: Sequence[Sequence],
                fields: Sequence[str]) -> None:
    """Write `fields` of many rows, each given as (primary key, *values of `fields`), for
    batch jobs that hold the rows locked. On PostgreSQL the rows are copied (COPY) into a
    temporary table shaped like the model's and joined on the primary key by one UPDATE:
    no statement grows with the batch and nothing is parsed per row (Django's
    `bulk_update` writes a CASE WHEN per field, evaluated row by row against the whole
    batch); elsewhere one UPDATE per row."""
    if not rows:
        return
    meta, quote = model._meta, connection.ops.quote_name
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    names = ", ".join(quote(field.column) for field in columns)
    table, key = quote(meta.db_table), quote(meta.pk.column)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns[1:])
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {key} = %s",
                [[field.get_db_prep_save(value, connection)
                  for field, value in zip(columns[1:], row[1:], strict=True)] + [row[0]]
                 for row in rows])
            return
        assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}"
                                for field in columns[1:])
        cursor.execute(f"CREATE TEMPORARY TABLE update_rows AS "
                       f"SELECT {names} FROM {table} WITH NO DATA")
        with cursor.cursor.copy(f"COPY update_rows ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"UPDATE {table} SET {assignments} FROM update_rows AS v "
                       f"WHERE {table}.{key} = v.{key}")
        cursor.execute("DROP TABLE update_rows")
