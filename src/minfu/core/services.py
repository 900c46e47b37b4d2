"""Write helpers shared by every app's services."""

from collections.abc import Sequence

from django.db import connection, models
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


def update_rows(model: type[models.Model], instances: Sequence[models.Model],
                fields: Sequence[str], *, batch_size: int = 1000) -> None:
    """`bulk_update` of `fields` for many rows, for batch jobs that hold the rows locked.
    On PostgreSQL one `UPDATE ... FROM (VALUES ...)` joined on the primary key per batch,
    which the database runs in linear time (Django's `bulk_update` writes a CASE WHEN per
    field that is evaluated row by row against the whole batch); elsewhere `bulk_update`."""
    if not instances:
        return
    if connection.vendor != "postgresql":
        model._base_manager.bulk_update(instances, fields, batch_size=batch_size)
        return
    meta, quote = model._meta, connection.ops.quote_name
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    row = "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in columns) + ")"
    names = ", ".join(quote(field.column) for field in columns)
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}"
                            for field in columns[1:])
    table, key = quote(meta.db_table), quote(meta.pk.column)
    with connection.cursor() as cursor:
        for first in range(0, len(instances), batch_size):
            batch = instances[first:first + batch_size]
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row] * len(batch))})"
                f" AS v ({names}) WHERE {table}.{key} = v.{key}",
                [field.get_db_prep_value(getattr(instance, field.attname), connection)
                 for instance in batch for field in columns])
