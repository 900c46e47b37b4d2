"""The history of a citizen record as people read it, for every record kind.

Officers see every event with both notes and who did it; citizens see the steps their
record kind declares public (`RecordKind.public_actions`), with the notes meant for
them in the page's language (English falls back to Chinese) and never internal notes,
internal data or officers' names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from minfu.core.models import pick_language
from minfu.records.events import history_of
from minfu.records.kinds import RecordKind, kind_of
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
    kind = kind_of(record)
    events = history_of(record).select_related("actor")
    if public:
        events = events.filter(action__in=kind.public_actions)
    return [_entry(event, kind, public) for event in events.order_by("occurred_at", "id")]


def _entry(event: RecordEvent, kind: RecordKind, public: bool) -> TimelineEntry:
    return TimelineEntry(
        at=event.occurred_at, action=event.action,
        label=str(kind.timeline_labels.get(event.action, event.action)),
        from_state=event.from_state, to_state=event.to_state,
        state_label=_state_label(event.to_state, kind),
        note=pick_language(event.public_note_zh, event.public_note_en),
        internal_note="" if public else pick_language(event.internal_note_zh,
                                                      event.internal_note_en),
        actor_name="" if public else _actor_name(event),
        data={} if public else event.data,
    )


def _state_label(state: str, kind: RecordKind) -> str:
    if not state or kind.states is None:
        return state
    return str(kind.states(state).label)


def _actor_name(event: RecordEvent) -> str:
    if event.actor is not None:
        return event.actor.get_full_name() or event.actor.get_username()
    return str(ActorKind(event.actor_kind).label)
