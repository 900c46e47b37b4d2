"""Append what happened to a citizen record: one function for every record kind.

A record kind declares its event model once: a concrete `RecordEvent` whose
`record_field` finds the foreign key to the record. The organisation of an event is the
record's. Action names must be registered (`minfu.core.audit.register_actions`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache, partial

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone

from minfu.core import audit
from minfu.core.audit import check_registered
from minfu.records import hooks
from minfu.records.kinds import kind_of
from minfu.records.models import ActorKind, RecordEvent


@cache
def _event_models() -> dict[type[models.Model], type[RecordEvent]]:
    return {model._meta.get_field(model.record_field).related_model: model
            for model in apps.get_models() if issubclass(model, RecordEvent)}


def event_model_for(record: models.Model | type[models.Model]) -> type[RecordEvent]:
    """The event model of a record (or record model)."""
    model = record if isinstance(record, type) else type(record)
    return _event_models()[model._meta.concrete_model]


# How long before its `history_starts` moment a record's first event may lie: an intake
# typed in later with the moment of receipt, a clock a little off.
HISTORY_MARGIN = dt.timedelta(days=1)


def history_of(record: models.Model) -> models.QuerySet:
    """The record's events, bounded below on the partition key (occurred_at) by the
    moment no event of the record precedes, so that PostgreSQL reads only the history
    partitions from then on (docs/adr/0015-history-partitioned-by-month.md)."""
    model = event_model_for(record)
    events = model.objects.filter(**{model.record_field: record})
    start = getattr(record, kind_of(record).history_starts, None)
    return events.filter(occurred_at__gte=start - HISTORY_MARGIN) if start else events


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


def record_change(*, record: models.Model, action: str, actor, actor_kind: str,
                  from_state: str, before: dict | None, after: dict, data: dict | None = None,
                  occurred_at: dt.datetime | None = None, **notes) -> RecordEvent:
    """What every change of a citizen record writes, in the caller's transaction: its
    event (the timeline), its audit row (the summary before and after) and, after the
    commit, the change hook (metrics count records by the day of their events)."""
    event = event_record(record=record, occurred_at=occurred_at, actor=actor,
                         actor_kind=actor_kind, action=action, from_state=from_state,
                         to_state=record.state, data=data, **notes)
    audit.record(actor=actor, action=action, obj=record, before=before,
                 after=after | ({"data": data} if data else {}),
                 organisation=record.organisation_id)
    hooks.record_changed(kind=kind_of(record).code, organisation_id=record.organisation_id,
                         day=timezone.localtime(event.occurred_at).date())
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


def events_append_many(model: type[RecordEvent], entries: Iterable[tuple[int, int, str, dict]],
                       *, action: str, actor=None, actor_kind: str = ActorKind.SYSTEM,
                       occurred_at: dt.datetime | None = None) -> int:
    """Append one event to each of many records of one kind in a batch job that leaves
    them in their state (a recount): `entries` are (record id, organisation id, state,
    data). The same rows as `event_record` writes, without building a model per event:
    COPY on PostgreSQL, `bulk_create` elsewhere. Returns how many were written."""
    action, occurred_at = check_registered(action), occurred_at or timezone.now()
    actor_id = actor.pk if actor is not None else None
    record_column = model._meta.get_field(model.record_field).attname
    rows = [(record_id, organisation_id, occurred_at, actor_id, actor_kind, action, state,
             state, data) for record_id, organisation_id, state, data in entries]
    if connection.vendor != "postgresql":
        columns = (record_column, *_APPENDED_COLUMNS)
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True)))
                                   for row in rows], batch_size=500)
        return len(rows)
    names = ", ".join(connection.ops.quote_name(column)
                      for column in (record_column, *_APPENDED_COLUMNS, *_BLANK_NOTES))
    blanks = ("",) * len(_BLANK_NOTES)
    encode = DjangoJSONEncoder(ensure_ascii=False).encode  # dates in data as ISO strings
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
    ) as copy:
        for *row, data in rows:
            copy.write_row((*row, encode(data), *blanks))
    return len(rows)


_APPENDED_COLUMNS = ("organisation_id", "occurred_at", "actor_id", "actor_kind", "action",
                     "from_state", "to_state", "data")
_BLANK_NOTES = ("public_note_zh", "public_note_en", "internal_note_zh", "internal_note_en")
