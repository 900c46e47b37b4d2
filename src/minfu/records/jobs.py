"""What every app's daily jobs share: the day they run for, whether it is an office
working day of the national calendar, the language staff messages are written in, and
the result a job reports. The jobs themselves live in each app's `jobs.py`
(`daily_jobs_run(*, on)`); `manage.py run_daily_jobs` runs them all, after the kernel's
own job, the sweep of upload files no row names (`orphan_files_sweep`)."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from minfu.org.models import Membership, Role
from minfu.records.models import RecordFile
from minfu.workcal.deadlines import CalendarGapError, WorkCalendar
from minfu.workcal.selectors import calendar_for_locality

logger = logging.getLogger(__name__)

STAFF_LANGUAGE = "zh-hant"
# Officers' digests list what falls due within this many working days.
DIGEST_WORKING_DAYS = 2
# Organisation closures (typhoon days) are per locality; the national calendar has none.
NATIONAL = ""


@dataclass(frozen=True)
class JobResult:
    ran: bool
    queued: int = 0


def today() -> dt.date:
    return timezone.localdate()


def national_calendar() -> WorkCalendar:
    return calendar_for_locality(NATIONAL)


def is_office_day(on: dt.date) -> bool:
    """Whether `on` is a working day of the national office calendar; a day the calendar
    does not cover counts as not (the jobs would rather skip than guess)."""
    try:
        return national_calendar().is_working_day(on)
    except CalendarGapError:
        logger.error("The office calendar does not cover %s; the daily jobs are skipped.", on)
        return False


def staff_name(user) -> str:
    """How a staff message names a user."""
    return user.get_full_name() or user.get_username()


def by_assigned_officer(records) -> dict[int, list]:
    """`records` (in the order the digest lists them) per assigned officer id."""
    grouped: dict[int, list] = {}
    for record in records:
        grouped.setdefault(record.assigned_officer_id, []).append(record)
    return grouped


def officer_digests(*, on: dt.date, due_soon_by_officer, send) -> JobResult:
    """The officers' morning digests of one kind of record: on an office working day,
    `send(officer, records, on=on, horizon=horizon)` for each officer with records due
    within DIGEST_WORKING_DAYS working days (or overdue), which returns how many
    messages it queued."""
    if not is_office_day(on):
        logger.info("%s is a day off: no officer digests.", on)
        return JobResult(ran=False)
    horizon = national_calendar().add_working_days(on, DIGEST_WORKING_DAYS)
    due_soon = due_soon_by_officer(on)
    officers = get_user_model().objects.in_bulk(list(due_soon))
    return JobResult(ran=True, queued=sum(
        send(officers[officer_id], records, on=on, horizon=horizon)
        for officer_id, records in due_soon.items()))


def unit_supervisors(unit) -> list:
    """The active supervisors of `unit` who have an e-mail address, by id: whom an
    overdue record of the unit is escalated to."""
    memberships = (Membership.objects.filter(unit=unit, role=Role.SUPERVISOR,
                                             user__is_active=True)
                   .exclude(user__email="").select_related("user").order_by("user_id"))
    return list({membership.user_id: membership.user for membership in memberships}.values())


# ----- files no row names --------------------------------------------------------------

# Names looked up in one query.
_SWEEP_CHUNK = 500


@dataclass(frozen=True)
class SweepResult:
    removed: int  # files no row names, older than the grace period
    young: int  # files no row names yet, within the grace period (a transaction may be open)
    temporary: int  # upload temporary files left by a process that died


def orphan_files_grace() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "MINFU_ORPHAN_FILE_GRACE_HOURS", 24)))


def orphan_files_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Remove the files under the folders of the record kinds' files (cases/, voice/ ...)
    that no row names and that are older than MINFU_ORPHAN_FILE_GRACE_HOURS: what a
    submission wrote before its transaction failed in a process that died (personal
    data). Also the upload temporary files (FILE_UPLOAD_TEMP_DIR) that old."""
    cutoff = (now or timezone.now()) - orphan_files_grace()
    removed = young = 0
    for (storage, folder), models in _record_file_folders().items():
        for names in _files_by_folder(storage, folder):
            named = set()
            for start in range(0, len(names), _SWEEP_CHUNK):
                chunk = names[start:start + _SWEEP_CHUNK]
                for model in models:
                    named.update(model.objects.filter(file__in=chunk)
                                 .values_list("file", flat=True))
            for name in names:
                if name in named:
                    continue
                if storage.get_modified_time(name) < cutoff:
                    storage.delete(name)
                    removed += 1
                else:
                    young += 1
    result = SweepResult(removed=removed, young=young,
                         temporary=_temporary_uploads_sweep(cutoff))
    logger.info("Orphan upload files: %d removed, %d within the grace period; %d upload "
                "temporary files removed.", result.removed, result.young, result.temporary)
    return result


def _record_file_folders() -> dict[tuple, list]:
    """{(storage, top folder): [models]} of every concrete record file model: the top
    folder of its `upload_to` (`voice/%Y/%m/` -> `voice`)."""
    folders: dict[tuple, list] = {}
    for model in apps.get_models():
        if not issubclass(model, RecordFile):
            continue
        field = model._meta.get_field("file")
        folder = str(field.upload_to).strip("/").split("/", 1)[0]
        folders.setdefault((field.storage, folder), []).append(model)
    return folders


def _files_by_folder(storage, folder: str) -> Iterator[list[str]]:
    """The names of the files under `folder`, a list per directory."""
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    if files:
        yield [f"{folder}/{name}" for name in files]
    for directory in directories:
        yield from _files_by_folder(storage, f"{folder}/{directory}")


def _temporary_uploads_sweep(cutoff: dt.datetime) -> int:
    """Django removes an upload's temporary file when the request ends; a process killed
    mid-request (out of memory, say) leaves it. Only a folder set for them is swept."""
    folder = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if not folder or not Path(folder).is_dir():
        return 0
    removed = 0
    for entry in os.scandir(folder):
        # Django names them tmpXXXX.upload.<ext>; nothing else in the folder is touched.
        if ".upload" in entry.name and entry.is_file(follow_symlinks=False) and \
                dt.datetime.fromtimestamp(entry.stat().st_mtime, tz=dt.UTC) < cutoff:
            Path(entry.path).unlink(missing_ok=True)
            removed += 1
    return removed
