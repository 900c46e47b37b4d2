"""Append audit events. Services call `record` inside their transaction."""

from django.db import models

from minfu.core.models import AuditEvent


def record(*, actor, action: str, obj: models.Model, before: dict | None = None,
           after: dict | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )
