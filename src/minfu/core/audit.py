"""Append audit events and keep the one list of action names.

Services call `record` inside their transaction. Every action name, of audit events and
of record events alike, follows one rule, `<thing>.<past participle>` (`closure.created`,
`petition.reply.approved`), and is registered once by the module of its app that defines
it (`<app>/actions.py`, found by `registered_actions`); writing an unregistered name is a
programming error and raises."""

from django.db import models
from django.utils.module_loading import autodiscover_modules

from minfu.core.models import AuditEvent

_REGISTERED: set[str] = set()


def register_actions(*names: str) -> tuple[str, ...]:
    """Declare action names; returns them, so an app can keep them as its ACTIONS."""
    _REGISTERED.update(names)
    return names


def registered_actions() -> frozenset[str]:
    """Every registered name: each installed app's `actions` module is imported first."""
    autodiscover_modules("actions")
    return frozenset(_REGISTERED)


def check_registered(action: str) -> str:
    if action not in _REGISTERED:
        raise ValueError(f"unregistered action name {action!r}: add it to its app's actions.py")
    return action


def record(*, actor, action: str, obj: models.Model, before: dict | None = None,
           after: dict | None = None, organisation=None) -> AuditEvent:
    """`organisation` (an Organisation or its id) scopes the event for the audit page;
    without it, the object's own `organisation_id` does, when it has one."""
    if organisation is None:
        organisation = getattr(obj, "organisation_id", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=check_registered(action),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        organisation_id=getattr(organisation, "pk", organisation),
        before=before,
        after=after,
    )
