"""Recounting the deadlines of many open records after a closure, in chunks.

Each chunk is its own short transaction: the record kind's `recount_chunk(ids)` locks
its rows (in id order, so two recounts never deadlock; selected as the open records of
the locality from the chunk's first to its last id, so no statement lists the ids; a
record closed since the ids were read is left out), re-reads them, counts their due
dates on one calendar (`minfu.workcal.selectors.due_many_for`) and writes the ones that
moved (`core.services.update_rows`) and their events (`records.events.events_append_many`),
each with one COPY on PostgreSQL. Rows are locked with a plain `select_for_update`, not
`skip_locked`: an officer's edit holds a case for milliseconds, and a skipped case would
keep a due date counted without the closure. The closures are read after the lock, so a
chunk never writes a calendar older than the last writer of its rows saw.

A recount is idempotent: a record whose due dates already match is read and left alone,
so a run that stopped half way is simply run again (`workcal.services.PendingRecount`)."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence

from django.db import transaction
from django.db.models import Model, QuerySet

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000


def recount_in_chunks(*, what: str, locality: str, records: QuerySet,
                      recount_chunk: Callable[[Sequence[int]], int],
                      chunk_size: int | None = None) -> int:
    """Run `recount_chunk` over the ids of `records` (the open ones of the locality), in
    id order, in transactions of `chunk_size` (default CHUNK_SIZE), logging the progress
    after each; returns how many records moved."""
    chunk_size = chunk_size or CHUNK_SIZE
    ids = list(records.order_by("pk").values_list("pk", flat=True))
    total, moved = len(ids), 0
    started = time.perf_counter()
    for first in range(0, total, chunk_size):
        with transaction.atomic():
            moved += recount_chunk(ids[first:first + chunk_size])
        logger.info("Recounting %s in %s: %d/%d done, %d moved, %.1f s.", what, locality,
                    min(first + chunk_size, total), total, moved,
                    time.perf_counter() - started)
    return moved


def open_in_locality(model: type[Model], open_states, locality: str) -> QuerySet:
    """The open records (state in `open_states`) of organisations in `locality`."""
    return model.objects.filter(organisation__locality=locality, state__in=list(open_states))


def recount_open_in_locality(*, what: str, model: type[Model], open_states, locality: str,
                             recount_chunk: Callable[..., int], actor=None,
                             chunk_size: int | None = None) -> int:
    """A record kind's closure listener: recount its open records (state in `open_states`)
    of organisations in `locality`, `recount_chunk(ids, locality=..., actor=...)` a chunk
    at a time (recount_in_chunks); returns how many moved."""
    return recount_in_chunks(
        what=what, locality=locality, chunk_size=chunk_size,
        records=open_in_locality(model, open_states, locality),
        recount_chunk=functools.partial(recount_chunk, locality=locality, actor=actor))
