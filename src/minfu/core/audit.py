"""Append audit events. Services call `record` inside their transaction."""

from collections.abc import Iterable

from django.db import models

from minfu.core.models import AuditEvent


def _event(*, actor, action: str, obj: models.Model, before: dict | None,
           after: dict | None) -> AuditEvent:
    return AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )


def record(*, actor, action: str, obj: models.Model, before: dict | None = None,
           after: dict | None = None) -> AuditEvent:
    event = _event(actor=actor, action=action, obj=obj, before=before, after=after)
    event.save()
    return event


def record_many(*, actor, action: str,
                changes: Iterable[tuple[models.Model, dict | None, dict | None]]
                ) -> list[AuditEvent]:
    """`record` for many objects in one INSERT (batch writes): `changes` gives each
    object with its before and after."""
    return AuditEvent.objects.bulk_create(
        [_event(actor=actor, action=action, obj=obj, before=before, after=after)
         for obj, before, after in changes], batch_size=1000)
