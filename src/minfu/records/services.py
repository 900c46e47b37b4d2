"""Writes of the kernel that every record kind shares: numbers, access codes, the files
a record receives, and the retention rules and legal holds (docs/retention.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.core import audit
from minfu.core.errors import ValidationFailed
from minfu.org.models import Organisation
from minfu.records import access, actions
from minfu.records.kinds import RecordKind, kinds
from minfu.records.models import LegalHold, RecordFile, RecordSequence, RetentionRule
from minfu.records.numbering import format_record_number
from minfu.records.uploads import IncomingFile, stored_name

logger = logging.getLogger(__name__)


def sequence_reserve(*, organisation_id: int, letter: str, day: dt.date, count: int = 1) -> int:
    """Reserve the next `count` sequence values of a kind's day in one statement and
    return the last of them. The (organisation, letter, day) row is inserted, or else its
    last value raised, and stays locked until the caller's transaction commits, so two
    writers never get the same number (PostgreSQL and SQLite both upsert)."""
    table = connection.ops.quote_name(RecordSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organisation_id, letter, day, last_value) "
            f"VALUES (%s, %s, %s, %s) ON CONFLICT (organisation_id, letter, day) DO UPDATE "
            f"SET last_value = {table}.last_value + excluded.last_value RETURNING last_value",
            [organisation_id, letter, connection.ops.adapt_datefield_value(day), count])
        (last_value,) = cursor.fetchone()
    return last_value


def number_allocate(*, organisation: Organisation, kind: RecordKind, day: dt.date) -> str:
    """The next record number of this kind at this organisation on `day`."""
    sequence = sequence_reserve(organisation_id=organisation.pk, letter=kind.letter, day=day)
    return format_record_number(organisation.code, day, sequence, prefix=kind.letter)


def access_code_issue(kind: RecordKind) -> tuple[str, str]:
    """A new access code for a record of this kind and the keyed hash to store."""
    code = access.new_code()
    return code, access.code_hmac(code, kind.access_key())


def record_file_build(model: type[RecordFile], incoming: IncomingFile, **fields) -> RecordFile:
    """A row of `model` for a checked file, with its size and SHA-256, the file written to
    storage under a new name with the extension of its checked type (uploads.stored_name);
    the caller saves the row (or bulk-creates many) in its transaction, inside
    `files_removed_on_rollback`."""
    digest, size = hashlib.sha256(), 0
    for chunk in incoming.file.chunks():
        digest.update(chunk)
        size += len(chunk)
    incoming.file.seek(0)
    row = model(original_name=incoming.name[:255], content_type=incoming.content_type[:100],
                size=size, sha256=digest.hexdigest(), **fields)
    row.file.save(stored_name(incoming.content_type), incoming.file, save=False)
    written = _files_written.get()
    if written is not None:
        written.append((row.file.storage, row.file.name))
    return row


# The files record_file_build wrote inside the innermost files_removed_on_rollback block.
_files_written: ContextVar[list | None] = ContextVar("minfu_record_files_written",
                                                     default=None)


@contextmanager
def files_removed_on_rollback() -> Iterator[None]:
    """Around a service's transaction (outside its `atomic`), or as its decorator: the
    files record_file_build writes inside are deleted again when the block raises, since
    its transaction rolled back and no row names them. A process that dies before the
    commit leaves them to the daily sweep (records.jobs.orphan_files_sweep)."""
    written: list = []
    enclosing = _files_written.get()
    token = _files_written.set(written)
    try:
        yield
    except BaseException:
        _delete_files(written)
        raise
    finally:
        _files_written.reset(token)
    if enclosing is not None:  # an enclosing block may still roll back
        enclosing.extend(written)


def _delete_files(written: list) -> None:
    for storage, name in written:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("A file of a rolled-back submission (%s) could not be removed; "
                             "the daily sweep will.", name)


# ----- retention: rules and legal holds (docs/retention.md) ------------------------------

def retention_rule_save(*, actor, rule: RetentionRule) -> RetentionRule:
    """An agency's period for a kind and outcome, audited."""
    with transaction.atomic():
        rule.save()
        audit.record(actor=actor, action=actions.RETENTION_RULE_SAVED, obj=rule,
                     after={"kind": rule.kind, "outcome": rule.outcome, "years": rule.years})
    return rule


def legal_hold_place(*, actor, kind: str, record_id: int, reason: str) -> LegalHold:
    """Keep the personal data of the record of kind `kind` (its code) whatever its
    retention period says, until released."""
    declared = next((known for known in kinds() if known.code == kind), None)
    if declared is None:
        raise ValidationFailed(details={"kind": [str(_("No such record kind."))]})
    record = declared.model.objects.filter(pk=record_id).first()
    if record is None:
        raise ValidationFailed(details={"record_id": [str(_("No such record."))]})
    if not reason.strip():
        raise ValidationFailed(details={"reason": [str(_("Give the reason for the hold."))]})
    with transaction.atomic():
        hold = LegalHold.objects.create(kind=kind, record_id=record_id,
                                        reason=reason.strip(), placed_by=_user(actor))
        audit.record(actor=actor, action=actions.LEGAL_HOLD_PLACED, obj=hold,
                     organisation=record.organisation_id,
                     after={"kind": kind, "record": record.number, "reason": hold.reason})
    return hold


def legal_hold_release(*, actor, hold: LegalHold) -> LegalHold:
    with transaction.atomic():
        hold.released_at = timezone.now()
        hold.save(update_fields=["released_at"])
        audit.record(actor=actor, action=actions.LEGAL_HOLD_RELEASED, obj=hold,
                     after={"kind": hold.kind, "record_id": hold.record_id})
    return hold


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
