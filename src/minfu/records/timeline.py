"""The history of a citizen record as people read it, for every record kind.

Officers see every event with both notes and who did it; citizens see the steps their
record kind declares public (`RecordEvent.public_actions`), with the notes meant for
them in the page's language (English falls back to Chinese) and never internal notes,
internal data or officers' names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from minfu.core.models import pick_language
from minfu.records.events import event_model_for
from minfu.records.models import ActorKind, RecordEvent


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    action: str
    label: str
    from_state: str
    to_state: str
    state_label: str
    note: str
    internal_note: str  # empty on the public timeline
    actor_name: str  # empty on the public timeline: officers are not named to citizens
    data: dict


def timeline(record: models.Model, *, public: bool = False) -> list[TimelineEntry]:
    """The record's history, oldest first."""
    model = event_model_for(record)
    events = model.objects.filter(**{model.record_field: record}).select_related("actor")
    if public:
        events = events.filter(action__in=model.public_actions)
    return [_entry(event, public) for event in events.order_by("occurred_at", "id")]


def _entry(event: RecordEvent, public: bool) -> TimelineEntry:
    return TimelineEntry(
        at=event.occurred_at, action=event.action,
        label=str(event.action_labels.get(event.action, event.action)),
        from_state=event.from_state, to_state=event.to_state,
        state_label=_state_label(event),
        note=pick_language(event.public_note_zh, event.public_note_en),
        internal_note="" if public else pick_language(event.internal_note_zh,
                                                      event.internal_note_en),
        actor_name="" if public else _actor_name(event),
        data={} if public else event.data,
    )


def _state_label(event: RecordEvent) -> str:
    if not event.to_state or event.states is None:
        return event.to_state
    return str(event.states(event.to_state).label)


def _actor_name(event: RecordEvent) -> str:
    if event.actor is not None:
        return event.actor.get_full_name() or event.actor.get_username()
    return str(ActorKind(event.actor_kind).label)
