"""Who hears that a citizen record changed, without the record's app importing them.

A record app (applications, petitions) calls `record_changed(...)` inside its write
transaction; after the commit every listener registered with `on_record_changed` gets a
`RecordChange` (nothing if the transaction rolls back). An app above the records, such as
metrics, registers its listener in its `AppConfig.ready`, so the import points up from
the listener to the kernel, never from the records to the listener."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class RecordChange:
    kind: str             # the record's kind: "case", "petition"
    organisation_id: int
    day: dt.date          # the day (Asia/Taipei) the change happened on


Listener = Callable[[RecordChange], None]
_listeners: list[Listener] = []


def on_record_changed(listener: Listener) -> Listener:
    """Register `listener` (once, however often `ready()` runs) and return it."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def record_changed(*, kind: str, organisation_id: int, day: dt.date) -> None:
    """Tell the listeners about the change once the current transaction commits."""
    change = RecordChange(kind=kind, organisation_id=organisation_id, day=day)

    def tell() -> None:
        for listener in tuple(_listeners):
            listener(change)

    transaction.on_commit(tell)
