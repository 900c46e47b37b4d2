"""Append what happened to a citizen record: one function for every record kind.

A record kind declares its event model once: a concrete `RecordEvent` whose
`record_field` names the foreign key to the record. The organisation of an event is the
record's. Action names must be registered (`minfu.core.audit.register_actions`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache, partial

from django.apps import apps
from django.db import models
from django.utils import timezone

from minfu.core.audit import check_registered
from minfu.records.models import ActorKind, RecordEvent


@cache
def _event_models() -> dict[type[models.Model], type[RecordEvent]]:
    return {model._meta.get_field(model.record_field).related_model: model
            for model in apps.get_models() if issubclass(model, RecordEvent)}


def event_model_for(record: models.Model | type[models.Model]) -> type[RecordEvent]:
    """The event model of a record (or record model)."""
    model = record if isinstance(record, type) else type(record)
    return _event_models()[model._meta.concrete_model]


def event_record(*, record: models.Model, action: str, actor=None,
                 actor_kind: str = ActorKind.SYSTEM, from_state: str = "", to_state: str = "",
                 data: dict | None = None, public_note_zh: str = "", public_note_en: str = "",
                 internal_note_zh: str = "", internal_note_en: str = "",
                 occurred_at: dt.datetime | None = None, save: bool = True) -> RecordEvent:
    """Append one event to the record's history; call it inside the transaction that
    changed the record. `save=False` (see `event_build`) only builds the row."""
    model = event_model_for(record)
    event = model(**{model.record_field: record}, organisation_id=record.organisation_id,
                  action=check_registered(action), actor=actor, actor_kind=actor_kind,
                  from_state=from_state, to_state=to_state, data=data or {},
                  public_note_zh=public_note_zh, public_note_en=public_note_en,
                  internal_note_zh=internal_note_zh, internal_note_en=internal_note_en,
                  occurred_at=occurred_at or timezone.now())
    if save:
        event.save(force_insert=True)
    return event


# The event, not saved yet: for `events_bulk_create`.
event_build = partial(event_record, save=False)


def events_bulk_create(events: Iterable[RecordEvent], *, batch_size: int = 500
                       ) -> list[RecordEvent]:
    """Insert many built events of one kind at once (generators, imports)."""
    events = list(events)
    if not events:
        return []
    return type(events[0]).objects.bulk_create(events, batch_size=batch_size)
