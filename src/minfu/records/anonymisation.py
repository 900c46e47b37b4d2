"""The retention job: clear the personal data of closed citizen records past their
retention period (records.retention), for every kind that declares its personal data
(kinds.PersonalData), and log each run (`RetentionRun`).

What goes: the declared fields (names, contact details, identity numbers, the free
text marked personal), the same in the declared related rows (replies, rating comments),
and the record's uploaded files, rows and stored files alike. What stays: the record's
number, state, dates, organisation, unit and category, so counts, on-time rates and the
metrics' day facts (which are never touched) still add up. A record under a legal hold
(`LegalHold` not released) is passed by and counted as held. A dry run counts the same
and writes nothing but its log row."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from minfu.records import retention
from minfu.records.kinds import RecordKind, kinds
from minfu.records.models import LegalHold, RetentionRule, RetentionRun

logger = logging.getLogger(__name__)

# Records cleared per transaction: short locks, and a crash loses at most one chunk's work
# (the next run picks the rest up, since anonymised_at marks what is done).
CHUNK = 500


def retained_kinds() -> list[RecordKind]:
    return [kind for kind in kinds() if kind.personal_data is not None]


def retention_periods() -> dict[tuple[str, str], int]:
    """The defaults with the agency's RetentionRule rows over them."""
    return retention.periods({(rule.kind, rule.outcome): rule.years
                              for rule in RetentionRule.objects.all()})


def held_ids(kind: RecordKind) -> QuerySet:
    return (LegalHold.objects.filter(kind=kind.code, released_at__isnull=True)
            .values("record_id"))


def due_records(kind: RecordKind, *, now, table) -> QuerySet:
    """The kind's closed records past their period and not yet cleared, holds included."""
    model = kind.model
    outcomes = list(model._meta.get_field("state").choices or ())
    own, other = retention.cutoffs(kind.code, [value for value, _label in outcomes], table, now)
    due = ~Q(state__in=list(own)) & Q(closed_at__lt=other)
    for outcome, cutoff in own.items():
        due |= Q(state=outcome, closed_at__lt=cutoff)
    return model.objects.filter(due, closed_at__isnull=False, anonymised_at__isnull=True)


def retention_run(*, dry_run: bool, trigger: str = "", now=None) -> RetentionRun:
    """One run over every kind; the log row is written first, so a run that dies shows
    as unfinished."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=now, dry_run=dry_run, trigger=trigger)
    table = retention_periods()
    for kind in retained_kinds():
        run.counts[kind.code] = _run_kind(kind, now=now, table=table, dry_run=dry_run)
        RetentionRun.objects.filter(pk=run.pk).update(counts=run.counts)
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    logger.info("Retention run %s (%s): %s", run.pk, "dry" if dry_run else "real", run.counts)
    return run


def _run_kind(kind: RecordKind, *, now, table, dry_run: bool) -> dict[str, int]:
    due = due_records(kind, now=now, table=table)
    held = due.filter(pk__in=held_ids(kind))
    clear = due.exclude(pk__in=held_ids(kind))
    counts = {"due": due.count(), "held": held.count(), "anonymised": 0, "files": 0}
    if dry_run:
        counts["anonymised"] = counts["due"] - counts["held"]
        counts["files"] = sum(_related_rows(kind, rel, clear.values("pk")).exclude(file="")
                              .count() for rel in kind.personal_data.files)
        return counts
    for ids in _chunks(clear.values_list("pk", flat=True).order_by("pk")):
        cleared, files = _clear(kind, ids, now=now)
        counts["anonymised"] += cleared
        counts["files"] += files
    return counts


def _chunks(ids: QuerySet) -> Iterator[list[int]]:
    """Ids in chunks, read afresh each time: cleared records drop out of the query."""
    while chunk := list(ids[:CHUNK]):
        yield chunk


def _related_rows(kind: RecordKind, related_name: str, record_ids) -> QuerySet:
    relation = kind.model._meta.get_field(related_name)
    return relation.related_model.objects.filter(**{f"{relation.field.name}__in": record_ids})


def _clear(kind: RecordKind, ids: list[int], *, now) -> tuple[int, int]:
    """Clear one chunk in one transaction; the stored files go after the commit (a
    rollback keeps the rows, so it must keep their files)."""
    declared = kind.personal_data
    with transaction.atomic():
        # Re-checked under the transaction: a hold placed meanwhile still counts.
        records = kind.model.objects.filter(pk__in=ids, anonymised_at__isnull=True) \
            .exclude(pk__in=held_ids(kind))
        ids = list(records.select_for_update().values_list("pk", flat=True))
        cleared = kind.model.objects.filter(pk__in=ids).update(**declared.fields,
                                                               anonymised_at=now)
        for related_name, values in declared.related.items():
            _related_rows(kind, related_name, ids).update(**values)
        names: list = []
        for related_name in declared.files:
            rows = _related_rows(kind, related_name, ids)
            names += [(row.file.storage, row.file.name) for row in rows if row.file]
            rows.delete()
        transaction.on_commit(partial(_delete_stored, names))
        if declared.after is not None:
            transaction.on_commit(partial(declared.after, ids))
    return cleared, len(names)


def _delete_stored(names: list) -> None:
    for storage, name in names:
        storage.delete(name)


def retention_daily() -> RetentionRun:
    """The daily job: a real run once the agency has set MINFU_RETENTION_APPLY, a dry run
    (counts in the log, nothing cleared) until then, so that installing Minfu on a
    database with years of records never clears anything nobody asked for."""
    return retention_run(dry_run=not settings.MINFU_RETENTION_APPLY, trigger="daily job")
