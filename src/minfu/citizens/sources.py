"""What "my records" shows: each app that keeps something of a citizen declares a
`CitizenRecordSource` in its own `citizen_records.py` (`SOURCES = [...]`), and the
setting `MINFU_CITIZEN_RECORD_MODULES` names those modules, as for metrics. This app
imports none of them: applications, petitions, survey invitations, and later
appointments and participation, join by adding their module to the setting.

A source gets the citizen and the ids of the records linked to the account
(`linked`: {kind code: [record id, ...]}); it answers rows to list and, for the personal
data export, plain JSON-ready dicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.conf import settings
from django.urls import reverse

Linked = Mapping[str, Sequence[int]]


@dataclass(frozen=True)
class MyRecord:
    """One line of "my records"."""

    source: str  # the source's code
    number: str  # "" for what has no number (a vote, a registration)
    title: str
    state: str  # the state as the citizen reads it
    filed_at: dt.datetime | dt.date | None
    url: str | None = None  # where the citizen follows it; None when there is no page
    due: dt.date | None = None
    kind: str = ""  # records.kinds code, when it is a citizen record of the kernel
    record_id: int | None = None


@dataclass(frozen=True)
class CitizenRecordSource:
    code: str  # "applications", "petitions", "survey_invitations", "appointments" ...
    label: Any  # the heading (lazy gettext)
    rows: Callable[[Any, Linked], Iterable[MyRecord]]
    # The export: JSON-ready dicts of everything this source holds about the citizen.
    export: Callable[[Any, Linked], list[dict]] = field(default=lambda citizen, linked: [])
    order: int = 100  # lower first on the page


def kernel_row(source: str, kind, record, *, title: str, due: dt.date | None) -> MyRecord:
    """The row of a record of the kernel (records.kinds): number, state, the day it was
    received, the due date while open, and the link that opens it for its owner."""
    return MyRecord(
        source=source, number=record.number, title=title, state=record.get_state_display(),
        filed_at=record.received_at, due=due if record.closed_at is None else None,
        url=reverse("citizens:record-open", kwargs={"kind": kind.code, "record_id": record.pk}),
        kind=kind.code, record_id=record.pk)


def public_history(kind, record) -> list[dict]:
    """A kernel record's steps the citizen sees, for the export."""
    return [{"at": event.occurred_at.isoformat(), "action": event.action,
             "note": event.public_note_zh}
            for event in record.events.filter(action__in=kind.public_actions)
            .order_by("occurred_at", "pk")]


@cache
def _sources(modules: tuple[str, ...]) -> tuple[CitizenRecordSource, ...]:
    found = [source for module in modules for source in import_module(module).SOURCES]
    codes = [source.code for source in found]
    if len(codes) != len(set(codes)):
        raise ValueError(f"two citizen record sources share a code: {codes}")
    return tuple(sorted(found, key=lambda source: (source.order, source.code)))


def sources() -> tuple[CitizenRecordSource, ...]:
    return _sources(tuple(getattr(settings, "MINFU_CITIZEN_RECORD_MODULES", ())))
