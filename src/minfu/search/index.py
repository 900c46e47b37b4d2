"""Keeping the search index in step with the content.

An app's service calls `document_changed(source=..., key=...)` inside its transaction
whenever something a source offers was created, changed or withdrawn; the index asks the
source for the document again and writes its entry (or removes it) in the same
transaction, so the index never shows what was rolled back and never misses what was
committed. `rebuild()` (manage.py search_rebuild) writes every entry again from the
sources; it is for a new installation, a new source or a change of the text rules, never
needed to keep the index current."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from minfu.core.process_cache import ProcessCache
from minfu.search import text
from minfu.search.models import Entry
from minfu.search.sources import SearchDocument, Source, sources

logger = logging.getLogger(__name__)

MAX_BODY_CHARS = 20_000
BATCH = 1000
_EPOCH = dt.date(1970, 1, 1)
_FIELD_SEPARATOR = "\x1f"   # a phrase never runs from one field into the next
_LANGUAGE_PREFIX = "/en/"

# What public searches found (counts, the keys of their first pages), kept per process
# until an entry changes anywhere, and for a minute at most: an entry's `visible_from`
# comes without a write. Popular queries cost a lookup by key instead of a search.
public_results = ProcessCache("search:public-results", max_age=60)


def _path(path: str) -> str:
    """The Chinese page's path: a source that reversed a URL on an English page gives
    /en/...; the index keeps the path without the language prefix."""
    if path.startswith(_LANGUAGE_PREFIX):
        return path[len(_LANGUAGE_PREFIX) - 1:]
    return path


def _recency(published_at: dt.datetime | None) -> int:
    if published_at is None:
        return 0
    return (timezone.localtime(published_at).date() - _EPOCH).days


def entry_fields(document: SearchDocument) -> dict:
    """The Entry columns of a document (everything but source and key)."""
    body_zh = (document.body_zh or "")[:MAX_BODY_CHARS]
    body_en = (document.body_en or "")[:MAX_BODY_CHARS]
    titles = [text.normalise(t) for t in (document.title_zh, document.title_en)]
    bodies = [text.normalise(b) for b in (body_zh, body_en)]
    number = text.normalise(document.number)
    tokens = text.tokens_of_normalised("\n".join([*titles, number, *bodies]))
    title_text = _FIELD_SEPARATOR.join(text.compact(t) for t in titles)
    body_text = _FIELD_SEPARATOR.join(text.compact(b) for b in bodies)
    return {
        "title_zh": document.title_zh, "title_en": document.title_en or "",
        "body_zh": body_zh, "body_en": body_en, "path": _path(document.path or ""),
        "organisation_id": document.organisation_id, "unit_id": document.unit_id,
        "public": document.public, "visible_from": document.visible_from,
        "permission": document.permission,
        "number": document.number.strip().upper(), "kind": document.kind,
        "published_at": document.published_at, "recency": _recency(document.published_at),
        "helpful": max(0.0, min(1.0, float(document.helpful or 0.0))),
        "title_text": title_text, "body_text": body_text, "tokens": " ".join(tokens),
        "ranking_tokens": " ".join(text.ranking_tokens(title_text, body_text, tokens)),
    }


def _write(source: str, key: str, document: SearchDocument | None) -> None:
    public_results.note_change()
    if document is None:
        Entry.objects.filter(source=source, key=key).delete()
        return
    Entry.objects.update_or_create(source=source, key=key, defaults=entry_fields(document))


def document_changed(*, source: str, key: str) -> None:
    """Called by an app's service inside its transaction when a document it offers to the
    search was created, changed or withdrawn. A source that is not configured
    (MINFU_SEARCH_SOURCE_MODULES) is not indexed. A fault of the source is logged and
    leaves the entry as it was: the write it follows still goes through, and
    `search_rebuild` repairs the entry."""
    offered = sources().get(source)
    if offered is None:
        return
    key = str(key)
    try:
        with transaction.atomic():
            _write(source, key, offered.document(key))
    except Exception:
        logger.exception("search: could not index %s:%s", source, key)


def _batches(items: Iterable[SearchDocument], size: int) -> Iterator[list[SearchDocument]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _unique(documents: Iterable[SearchDocument]) -> Iterator[SearchDocument]:
    """The documents with a key not seen before (a source may offer one twice)."""
    seen: set[str] = set()
    for document in documents:
        key = str(document.key)
        if key not in seen:
            seen.add(key)
            yield document


def _rows_of(batch: list[SearchDocument]) -> list[tuple[str, dict]]:
    return [(str(document.key), entry_fields(document)) for document in batch]


def _tokenised(batches: Iterator[list[SearchDocument]], processes: int
               ) -> Iterator[list[tuple[str, dict]]]:
    """(key, entry fields) of each batch, in order. A source of more than one batch is
    tokenised by a pool of `processes` (forked: the text rules' caches come along), fed
    from this thread so that the source reads the database in the rebuild's transaction."""
    first = next(batches, None)
    if first is None:
        return
    if processes <= 1 or len(first) < BATCH:
        yield _rows_of(first)
        yield from map(_rows_of, batches)
        return
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pending: deque = deque([pool.apply_async(_rows_of, (first,))])
        for batch in batches:
            pending.append(pool.apply_async(_rows_of, (batch,)))
            if len(pending) > 2 * processes:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _copy_rows(code: str, rows: list[tuple[str, dict]]) -> None:
    """PostgreSQL: COPY is several times cheaper than INSERT for the wide rows."""
    columns = [field.column for field in Entry._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    with connection.cursor() as cursor, cursor.copy(
            f"COPY search_entry ({', '.join(columns)}) FROM STDIN") as copy:
        for key, fields in rows:
            values = {**fields, "source": code, "key": key, "indexed_at": now}
            copy.write_row([values[column] for column in columns])


def _insert_rows(code: str, rows: list[tuple[str, dict]]) -> None:
    Entry.objects.bulk_create([Entry(source=code, key=key, **fields) for key, fields in rows],
                              batch_size=BATCH)


def source_rebuild(source: Source, *, progress: Callable[[int], None] | None = None,
                   processes: int | None = None) -> int:
    """Write every entry of one source again, in one transaction (searches keep seeing
    the old entries until it commits). Returns the number of entries. Tokenising (a
    third of the time) runs in `processes` processes (default: one per core), while this
    one reads the source and writes (COPY on PostgreSQL)."""
    write = _copy_rows if connection.vendor == "postgresql" else _insert_rows
    processes = processes or os.cpu_count() or 1
    written = 0
    with transaction.atomic():
        public_results.note_change()
        Entry.objects.filter(source=source.code).delete()
        batches = _batches(_unique(source.documents()), BATCH)
        for rows in _tokenised(batches, processes):
            write(source.code, rows)
            written += len(rows)
            if progress is not None:
                progress(len(rows))
    return written


def rebuild(*, only: str = "", progress_for: Callable[[Source], Callable[[int], None]] | None
            = None, processes: int | None = None) -> dict[str, int]:
    """Rebuild every source (or the one named `only`); entries of sources no longer
    configured are removed. Returns the entries written per source."""
    chosen = sources()
    if only:
        if only not in chosen:
            raise KeyError(only)
        chosen = {only: chosen[only]}
    else:
        public_results.note_change()
        Entry.objects.exclude(source__in=list(chosen)).delete()
    return {code: source_rebuild(source, progress=progress_for(source) if progress_for else None,
                                 processes=processes)
            for code, source in chosen.items()}
