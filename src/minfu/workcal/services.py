"""Writes of the office calendar: importing the official file and recording closures.
Each runs in one transaction, appends an audit event and tells the deadline calendars to
rebuild (`selectors.note_calendar_change`)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core import audit
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.services import save_with_version, version_missing
from minfu.org.models import Locality
from minfu.workcal import actions, calendar_file, selectors
from minfu.workcal.models import Closure, ImportBatch, OfficeDay, PendingRecount

logger = logging.getLogger(__name__)

# Apps that store deadlines counted on closures (applications, petitions) register a
# function `(*, locality, actor) -> int` here from their AppConfig.ready(), so that
# workcal never imports the apps above it. A change of closures does not recount inside
# its own transaction (100,000 open cases would hold it for minutes): it writes a
# PendingRecount row there, and after the commit a task runs the listeners, which
# recount in chunks of their own transactions. The row is deleted only when every
# listener finished, so a recount that crashed half way is run again from the start by
# `pending_recounts_run` (beat, `run_daily_jobs`); recounting is idempotent, so the
# cases already done are read and left alone.
CLOSURE_LISTENERS: list[Callable[..., object]] = []


def _closures_changed(*localities: str, actor) -> None:
    selectors.note_calendar_change()
    requested_by = actor if getattr(actor, "is_authenticated", False) else None
    for locality in dict.fromkeys(localities):
        PendingRecount.objects.update_or_create(
            locality=locality,
            defaults={"requested_at": timezone.now(), "requested_by": requested_by})
        transaction.on_commit(functools.partial(_queue_recount, locality))


# Queued by name: tasks.py wraps the services, so services never import it.
RECOUNT_TASK = "minfu.workcal.tasks.recount_deadlines"


def _queue_recount(locality: str) -> None:
    try:
        if settings.CELERY_TASK_ALWAYS_EAGER:  # no worker (`make run`): recount now
            deadlines_recount(locality=locality)
        else:
            current_app.send_task(RECOUNT_TASK, args=[locality])
    except Exception:  # a broker outage must not fail the committed closure
        logger.exception("Could not queue the deadline recount of %s; the pending "
                         "recounts job will run it.", locality)


def deadlines_recount(*, locality: str) -> int:
    """Run the listeners for a locality's pending recount, then mark it done, unless the
    locality's closures changed again meanwhile (that change's own task runs it again).
    Returns how many records moved; 0 when nothing was pending."""
    pending = PendingRecount.objects.filter(locality=locality).first()
    if pending is None:
        return 0
    logger.info("Recounting the deadlines of open records in %s.", locality)
    moved = sum(listener(locality=locality, actor=pending.requested_by)
                for listener in CLOSURE_LISTENERS)
    PendingRecount.objects.filter(pk=pending.pk, requested_at=pending.requested_at).delete()
    return moved


def pending_recounts_run() -> int:
    """Every recount still pending, e.g. after a worker died half way. Returns how many
    records moved."""
    localities = PendingRecount.objects.order_by("requested_at").values_list("locality",
                                                                             flat=True)
    return sum(deadlines_recount(locality=locality) for locality in list(localities))


# An audit event keeps at most this many changed days; the batch keeps them all.
AUDITED_CHANGES = 100


@transaction.atomic
def office_calendar_import(*, content: bytes, file_name: str, actor=None) -> ImportBatch:
    """Import an official calendar file: every year in it replaces the stored days of
    that year. The batch records the file, its hash and each changed day (a re-issue
    that turns 2025-10-24 from a working day into a day off shows as one change).
    `actor` None is the system (management command, migration)."""
    if actor is not None and not selectors.may_import_calendar(actor):
        raise PermissionDenied(_("Only an installation administrator may import the "
                                 "office calendar."))
    preview = selectors.office_calendar_preview(content=content, file_name=file_name)
    parsed = preview.parsed
    batch = ImportBatch.objects.create(
        file_name=file_name[:255], sha256=preview.sha256, years=list(parsed.years),
        days_total=len(parsed.days),
        days_added=sum(1 for day in parsed.days if day.day.year in preview.new_years),
        days_changed=len(preview.changes),
        changes=[change.as_dict() for change in preview.changes],
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    now = timezone.now()
    OfficeDay.objects.filter(date__year__in=parsed.years).delete()
    OfficeDay.objects.bulk_create(
        OfficeDay(date=day.day, is_day_off=day.is_day_off, note=day.note[:100],
                  source_file=batch.file_name, imported_at=now, batch=batch)
        for day in parsed.days)
    audit.record(actor=actor, action=actions.OFFICE_CALENDAR_IMPORTED, obj=batch, after={
        "file_name": batch.file_name, "sha256": batch.sha256, "years": batch.years,
        "days_added": batch.days_added, "days_changed": batch.days_changed,
        "changes": batch.changes[:AUDITED_CHANGES],
    })
    selectors.note_calendar_change()
    return batch


SHIPPED_DATA_DIR = Path(__file__).resolve().parent / "data"


def office_calendar_load_shipped(*, actor=None) -> list[ImportBatch]:
    """Import each official file shipped with Minfu (workcal/data/) whose years are not
    all stored, e.g. after the tables were emptied; stored years are left alone."""
    stored_years = set(selectors.covered_years())
    batches = []
    for path in sorted(SHIPPED_DATA_DIR.glob("*.csv")):
        years = _shipped_file_years(path)
        if not years <= stored_years:
            batches.append(office_calendar_import(content=path.read_bytes(),
                                                  file_name=path.name, actor=actor))
            stored_years |= years
    return batches


@functools.cache
def _shipped_file_years(path: Path) -> frozenset[int]:
    return frozenset(calendar_file.parse(path.read_bytes()).years)


def shipped_calendar_years() -> frozenset[int]:
    """The years the files shipped with Minfu cover (read once per process)."""
    return frozenset().union(*(_shipped_file_years(path)
                               for path in SHIPPED_DATA_DIR.glob("*.csv")))


def _closure_fields(*, locality: str, date: dt.date, notice_reference: str,
                    starts_at: dt.time | None, ends_at: dt.time | None, note: str) -> dict:
    errors = {}
    if locality not in Locality.values:
        errors["locality"] = [str(_("Choose a city or county."))]
    if (starts_at is None) != (ends_at is None):
        errors["ends_at"] = [str(_("Give both times for part of a day, or neither for the "
                                   "whole day."))]
    elif starts_at is not None and not starts_at < ends_at:
        errors["ends_at"] = [str(_("The closure must end after it starts."))]
    notice_reference = (notice_reference or "").strip()
    if not notice_reference:
        errors["notice_reference"] = [str(_("Give the reference of the authority's notice."))]
    if errors:
        raise ValidationFailed(details=errors)
    return {"locality": locality, "date": date, "notice_reference": notice_reference[:200],
            "starts_at": starts_at, "ends_at": ends_at, "note": (note or "").strip()}


def _check_may_manage(actor, *localities: str) -> None:
    if actor is None:
        return
    allowed = selectors.closure_localities_for(actor)
    if any(locality not in allowed for locality in localities):
        raise PermissionDenied(_("You may record closures only for the cities and counties "
                                 "of your organisations."))


def _snapshot(closure: Closure) -> dict:
    return {"locality": closure.locality, "date": closure.date.isoformat(),
            "starts_at": closure.starts_at.isoformat() if closure.starts_at else None,
            "ends_at": closure.ends_at.isoformat() if closure.ends_at else None,
            "notice_reference": closure.notice_reference, "note": closure.note,
            "version": closure.version}


def _duplicate(fields: dict) -> Conflict:
    return Conflict(
        _("A closure of %(locality)s on %(date)s is already recorded; edit that one.")
        % {"locality": Locality(fields["locality"]).label, "date": fields["date"].isoformat()},
        code="closure_exists", details={"date": [str(_("Already recorded."))]})


def closure_create(*, locality: str, date: dt.date, notice_reference: str,
                   starts_at: dt.time | None = None, ends_at: dt.time | None = None,
                   note: str = "", actor=None) -> Closure:
    """Record that a city or county closed its offices (停止上班) on a day. Deadlines of
    organisations there are recounted right after the commit. `actor` None is the
    system."""
    fields = _closure_fields(locality=locality, date=date, notice_reference=notice_reference,
                             starts_at=starts_at, ends_at=ends_at, note=note)
    _check_may_manage(actor, fields["locality"])
    try:
        with transaction.atomic():
            if Closure.objects.filter(locality=fields["locality"], date=date).exists():
                raise _duplicate(fields)
            closure = Closure(**fields, created_by=actor if getattr(
                actor, "is_authenticated", False) else None)
            save_with_version(closure, expected_version=None)
            audit.record(actor=actor, action=actions.CLOSURE_CREATED, obj=closure,
                         after=_snapshot(closure))
            _closures_changed(closure.locality, actor=actor)
    except IntegrityError as error:  # a concurrent twin won the unique constraint
        raise _duplicate(fields) from error
    return closure


def closure_update(*, closure: Closure, expected_version: int | None, locality: str,
                   date: dt.date, notice_reference: str, starts_at: dt.time | None = None,
                   ends_at: dt.time | None = None, note: str = "", actor=None) -> Closure:
    """Correct a closure; refused (Conflict) when someone saved it since it was read."""
    fields = _closure_fields(locality=locality, date=date, notice_reference=notice_reference,
                             starts_at=starts_at, ends_at=ends_at, note=note)
    _check_may_manage(actor, closure.locality, fields["locality"])
    before = _snapshot(closure)
    try:
        with transaction.atomic():
            if Closure.objects.filter(locality=fields["locality"], date=date) \
                    .exclude(pk=closure.pk).exists():
                raise _duplicate(fields)
            for name, value in fields.items():
                setattr(closure, name, value)
            save_with_version(closure, expected_version=expected_version)
            audit.record(actor=actor, action=actions.CLOSURE_UPDATED, obj=closure,
                         before=before,
                         after=_snapshot(closure))
            _closures_changed(before["locality"], closure.locality, actor=actor)
    except IntegrityError as error:
        raise _duplicate(fields) from error
    return closure


@transaction.atomic
def closure_delete(*, closure: Closure, expected_version: int | None, actor=None) -> None:
    """Remove a closure recorded in error, unless it changed since `expected_version` was
    read (Conflict)."""
    _check_may_manage(actor, closure.locality)
    if expected_version is None:
        raise version_missing()
    rows = Closure.objects.filter(pk=closure.pk, version=expected_version)
    before = _snapshot(closure)
    audit.record(actor=actor, action=actions.CLOSURE_DELETED, obj=closure, before=before)
    deleted, _by_model = rows.delete()
    if not deleted:
        raise Conflict(details={"expected_version": expected_version})
    _closures_changed(closure.locality, actor=actor)
