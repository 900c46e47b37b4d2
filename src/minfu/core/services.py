"""Write helpers shared by every app's services."""

from django.db import models
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
        raise Conflict(_("The form did not say which version it edits; reload and try again."),
                       code="version_missing")
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
