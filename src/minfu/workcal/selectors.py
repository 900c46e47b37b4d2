"""Reads of the office calendar, and the glue that turns stored days and closures into a
`WorkCalendar` for deadline arithmetic.

Calendars are kept in the process (core.process_cache): one per locality, built from one
read of the office days plus that locality's closures, until an import or closure change
commits (`note_calendar_change`), so the database is read once per process per change,
not once per deadline."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound, ValidationFailed
from minfu.core.ids import as_id
from minfu.core.process_cache import ProcessCache
from minfu.core.roc import ROC_OFFSET
from minfu.org.models import Locality, Organisation, Unit
from minfu.org.permissions import can
from minfu.org.selectors import organisations_where, units_where, visible_scope
from minfu.workcal import calendar_file
from minfu.workcal.deadlines import COUNTING_ERRORS, CalendarGapError, Pause, WorkCalendar
from minfu.workcal.models import Closure, ImportBatch, OfficeDay
from minfu.workcal.periods import Period

MANAGE_CLOSURES = "workcal.manage_closures"
IMPORT_CALENDAR = "workcal.import_calendar"


# ----- the deadline calendar ---------------------------------------------------------

calendars = ProcessCache("workcal:calendar")


def calendar_version() -> str:
    return calendars.version()


def note_calendar_change() -> None:
    """Called by every service that changes office days or closures, inside its
    transaction (see core.process_cache)."""
    calendars.note_change()


def office_hours() -> tuple[tuple[dt.time, dt.time], ...]:
    """MINFU_OFFICE_HOURS, e.g. "08:30-12:30,13:30-17:30", as (opens, closes) pairs."""
    spec = getattr(settings, "MINFU_OFFICE_HOURS", "08:30-12:30,13:30-17:30")
    try:
        windows = []
        for window in spec.split(","):
            opens, closes = window.strip().split("-")
            windows.append((dt.time.fromisoformat(opens.strip()),
                            dt.time.fromisoformat(closes.strip())))
        return tuple(windows)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"MINFU_OFFICE_HOURS must look like 08:30-12:30,13:30-17:30, not {spec!r}"
        ) from error


def calendar_for_locality(locality: str) -> WorkCalendar:
    """The office calendar with the closures of one city or county: one read of the
    office days per process and change, shared by the localities."""
    return calendars.get(("locality", locality), lambda: _build_calendar(
        calendars.get("days", _read_days), _closure_dates(locality)))


def current_calendar_for_locality(locality: str) -> WorkCalendar:
    """The locality's calendar with the closures committed at this moment (one small
    query), for a recount that must not use a calendar this process kept from before the
    closure it recounts for (another process's change shows only within a second)."""
    closures = _closure_dates(locality)
    return calendars.get(("closures", locality, closures), lambda: _build_calendar(
        calendars.get("days", _read_days), closures))


def _read_days() -> list[tuple[dt.date, bool]]:
    return [(day, not is_day_off)
            for day, is_day_off in OfficeDay.objects.values_list("date", "is_day_off")]


def _closure_dates(locality: str) -> frozenset[dt.date]:
    return frozenset(Closure.objects.filter(locality=locality).values_list("date", flat=True))


def _build_calendar(days: list[tuple[dt.date, bool]], closures: frozenset[dt.date]
                    ) -> WorkCalendar:
    return WorkCalendar(days, closures, office_hours=office_hours(),
                        tz=ZoneInfo(settings.TIME_ZONE))


def calendar_for(organisation: Organisation) -> WorkCalendar:
    """The calendar an organisation's deadlines are counted on: its locality's."""
    return calendar_for_locality(organisation.locality)


def due_for(*, organisation: Organisation | None = None, locality: str | None = None,
            start: dt.date | dt.datetime, period: Period, pauses: Sequence[Pause] = ()
            ) -> dt.date | dt.datetime:
    """`WorkCalendar.due` on the organisation's (or locality's) calendar, with the
    engine's errors turned into domain errors for people."""
    calendar = calendar_for(organisation) if organisation is not None \
        else calendar_for_locality(locality)
    try:
        return calendar.due(start, period, pauses)
    except COUNTING_ERRORS as error:
        raise counting_error(error) from error


def due_many_for(*, locality: str, starts: Sequence[dt.date | dt.datetime],
                 periods: Sequence[Period], pauses: Sequence[Sequence[Pause]] | None = None
                 ) -> list[dt.date | dt.datetime | ValidationFailed]:
    """`due_for` for many records of one locality at once (a recount after a closure):
    one calendar with the closures committed now, and `WorkCalendar.due_each`. An item
    that cannot be counted gets its domain error in its place; the others are counted."""
    calendar = current_calendar_for_locality(locality)
    return [counting_error(result) if isinstance(result, Exception) else result
            for result in calendar.due_each(starts, periods, pauses)]


def counting_error(error: Exception) -> ValidationFailed:
    """The domain error for people of what the engine raised (`COUNTING_ERRORS`)."""
    if isinstance(error, CalendarGapError):
        return gap_error(error)
    # A pause backwards, a date out of range.
    return ValidationFailed(str(error), code="deadline_invalid")


def gap_error(error: CalendarGapError) -> ValidationFailed:
    return ValidationFailed(
        _("The office calendar has no data for %(years)s; import that year's official "
          "calendar first.") % {"years": years_label(error.years)},
        code="calendar_gap", details={"years": list(error.years)})


def years_label(years: Iterable[int]) -> str:
    """Years as staff read them, with their ROC years, consecutive ones as one range:
    "2025 (ROC 114)", "2019-2020 (ROC 108-109), 2022 (ROC 111)"; "" for none."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(
        _("%(year)d (ROC %(roc)d)") % {"year": first, "roc": first - ROC_OFFSET}
        if first == last else
        _("%(first)d-%(last)d (ROC %(roc_first)d-%(roc_last)d)")
        % {"first": first, "last": last, "roc_first": first - ROC_OFFSET,
           "roc_last": last - ROC_OFFSET}
        for first, last in runs)


# ----- office days and imports -------------------------------------------------------

def covered_years() -> list[int]:
    return sorted({day.year for day in OfficeDay.objects.dates("date", "year")})


def loaded_years_summary() -> str:
    """Which years the stored calendar holds, in one sentence for staff (the import
    command, the import page and the admin say it)."""
    years = covered_years()
    if not years:
        return str(_("No year of the office calendar is loaded, so no deadline can be "
                     "counted."))
    return str(_("Office calendar years loaded: %(years)s. Deadlines that touch any other "
                 "year cannot be counted until its official calendar is imported.")
               % {"years": years_label(years)})


def office_days_in_year(year: int) -> QuerySet[OfficeDay]:
    """The national calendar is public information: any staff member may read it."""
    return OfficeDay.objects.filter(date__year=year).order_by("date")


def import_batches() -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("imported_by")


def stored_days(years: Sequence[int]) -> dict[dt.date, tuple[bool, str]]:
    return {day: (is_day_off, note) for day, is_day_off, note in
            OfficeDay.objects.filter(date__year__in=years)
            .values_list("date", "is_day_off", "note")}


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do, shown before the import is confirmed."""

    file_name: str
    sha256: str
    parsed: calendar_file.CalendarFile
    new_years: tuple[int, ...]
    replaced_years: tuple[int, ...]
    changes: tuple[calendar_file.DayChange, ...]

    @property
    def status_changes(self) -> tuple[calendar_file.DayChange, ...]:
        return tuple(change for change in self.changes if change.status_changed)


def office_calendar_preview(*, content: bytes, file_name: str) -> ImportPreview:
    """Parse a file and compare it with the stored calendar; ValidationFailed listing every
    problem when it cannot be imported."""
    try:
        parsed = calendar_file.parse(content)
    except calendar_file.CalendarFileError as error:
        raise ValidationFailed(_("The office calendar file cannot be imported."),
                               code="calendar_file_invalid",
                               details={"problems": [str(p) for p in error.problems]}) from error
    stored = stored_days(parsed.years)
    stored_years = {day.year for day in stored}
    return ImportPreview(
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        parsed=parsed,
        new_years=tuple(year for year in parsed.years if year not in stored_years),
        replaced_years=tuple(year for year in parsed.years if year in stored_years),
        changes=tuple(calendar_file.diff(stored, parsed.days)),
    )


def may_import_calendar(user) -> bool:
    return can(user, IMPORT_CALENDAR)


# ----- closures ----------------------------------------------------------------------

def visible_localities(user) -> frozenset[str]:
    """Localities of the organisations the user sees (every locality for superusers)."""
    if getattr(user, "is_superuser", False):
        return frozenset(Locality.values)
    organisation_ids = visible_scope(user).organisation_ids
    return frozenset(Organisation.objects.filter(pk__in=organisation_ids)
                     .values_list("locality", flat=True))


def closure_localities_for(user) -> frozenset[str]:
    """Localities whose closures the user may record: those of the organisations where
    they hold a role that may manage closures."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Locality.values)
    whole = organisations_where(user, MANAGE_CLOSURES).values_list("locality", flat=True)
    through_units = Unit.objects.filter(
        pk__in=units_where(user, MANAGE_CLOSURES).values("pk")
    ).values_list("organisation__locality", flat=True)
    return frozenset(whole) | frozenset(through_units)


def closures_for(user) -> QuerySet[Closure]:
    """Closures of the localities the user sees."""
    return Closure.objects.filter(locality__in=visible_localities(user)) \
        .select_related("created_by")


def closure_get_for(user, pk, *, to_manage: bool = False) -> Closure:
    """One closure the user sees (or, with `to_manage`, may change); NotFound otherwise."""
    localities = closure_localities_for(user) if to_manage else visible_localities(user)
    closure = Closure.objects.filter(pk=as_id(pk), locality__in=localities).first()
    if closure is None:
        raise NotFound(_("No such closure."))
    return closure


def locality_choices(localities) -> list[tuple[str, str]]:
    """(value, label) pairs for the given localities, in the official order."""
    return [(value, label) for value, label in Locality.choices if value in localities]


# ----- the year view -----------------------------------------------------------------

@dataclass(frozen=True)
class DayCell:
    day: dt.date
    is_day_off: bool
    note: str
    is_makeup: bool
    closure: Closure | None


@dataclass(frozen=True)
class MonthGrid:
    first_day: dt.date
    weeks: list[list[DayCell | None]]


def office_year(year: int, *, locality: str | None = None) -> list[MonthGrid]:
    """Twelve month grids (weeks Monday first, None outside the month) of the stored
    calendar, with the locality's closures; empty when the year has no data."""
    days = {day.date: day for day in office_days_in_year(year)}
    if not days:
        return []
    closures = {}
    if locality:
        closures = {closure.date: closure
                    for closure in Closure.objects.filter(locality=locality, date__year=year)}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([_cell(day, days, closures) if day.month == month else None
                          for day in week])
        months.append(MonthGrid(dt.date(year, month, 1), weeks))
    return months


def _cell(day: dt.date, days: dict, closures: dict) -> DayCell | None:
    stored = days.get(day)
    if stored is None:
        return None
    return DayCell(day, stored.is_day_off, stored.note, stored.is_makeup_working_day,
                   closures.get(day))
