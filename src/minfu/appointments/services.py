"""Every write of appointments: booking, moving and cancelling (the citizen, by the
manage link), home-visit requests and their approval, check-in, the call to the counter
and no-shows (staff), the closure listener and the reminders, and the set-up of service
points (details, weekly hours, special days, services offered). Each runs in one
transaction that appends the record event and audit row (records.events.record_change)
and queues its notice in the outbox.

One place per slot: `_take_place` raises the slot's count with one conditional UPDATE
(`booked < capacity`), so two citizens racing for the last place cannot both get it;
the loser is refused with `slot_full` (409)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.appointments import actions, selectors, workflow
from minfu.appointments import slots as slot_rules
from minfu.appointments.kind import APPOINTMENT
from minfu.appointments.models import (
    Accessibility,
    Appointment,
    AppointmentKind,
    OpeningHours,
    ServiceOffer,
    ServicePoint,
    Slot,
    SpecialDay,
    Weekday,
)
from minfu.appointments.notices import appointment_notice_queue
from minfu.catalog.models import ServiceType
from minfu.citizens.models import Citizen
from minfu.citizens.services import record_link_add
from minfu.core import audit
from minfu.core.errors import Conflict, NotFound, ValidationFailed
from minfu.core.services import save_with_version
from minfu.org.models import Locality
from minfu.org.permissions import require
from minfu.records import access
from minfu.records.events import record_change
from minfu.records.models import ActorKind
from minfu.records.services import access_code_issue, number_allocate

State = workflow.State
Action = workflow.Action
MACHINE = workflow.MACHINE
HANDLE = selectors.HANDLE
APPROVE_HOME_VISIT = selectors.APPROVE_HOME_VISIT


@dataclass(frozen=True)
class Contact:
    """Who the appointment is for and how to reach them (at least one of e-mail and
    telephone: the confirmation, reminder and any closure notice go there)."""

    name: str
    email: str = ""
    phone: str = ""
    language: str = settings.LANGUAGE_CODE

    def errors(self) -> dict:
        errors = {}
        if not self.name.strip():
            errors["name"] = [_("Give your name.")]
        if not (self.email.strip() or self.phone.strip()):
            errors["email"] = [_("Give an e-mail address or a telephone number for the "
                                 "confirmation and the reminder.")]
        return errors


@dataclass(frozen=True)
class Booked:
    appointment: Appointment
    access_code: str | None  # None for a repeated request (the first one showed it)
    token: str  # the manage link's secret

    @property
    def created(self) -> bool:
        return self.access_code is not None


SLOT_GONE = _("This time is no longer available. Choose another one.")


# ----- places in slots ----------------------------------------------------------------------

def _slot_row(offer: ServiceOffer, slot: selectors.FreeSlot) -> Slot:
    try:
        with transaction.atomic():  # a savepoint: a concurrent first booking made it
            row, _created = Slot.objects.get_or_create(
                offer=offer, starts_at=slot.starts_at,
                defaults={"ends_at": slot.ends_at, "capacity": slot.capacity})
    except IntegrityError:
        row = Slot.objects.get(offer=offer, starts_at=slot.starts_at)
    return row


def _take_place(offer: ServiceOffer, starts_at: dt.datetime) -> Slot:
    """One place in the offer's slot at `starts_at`, or Conflict `slot_full` (also for
    a time that is not, or no longer, a bookable slot: closed, past)."""
    slot = selectors.slot_at(offer, starts_at)
    if slot is None:
        raise Conflict(SLOT_GONE, code="slot_gone", details={"starts_at": [str(SLOT_GONE)]})
    row = _slot_row(offer, slot)
    taken = Slot.objects.filter(pk=row.pk, booked__lt=slot.capacity).update(
        booked=F("booked") + 1, capacity=slot.capacity)
    if not taken:
        raise Conflict(SLOT_GONE, code="slot_full", details={"starts_at": [str(SLOT_GONE)]})
    return row


def _release_place(appointment: Appointment) -> None:
    if appointment.slot_id is not None:
        Slot.objects.filter(pk=appointment.slot_id, booked__gt=0).update(
            booked=F("booked") - 1)


# ----- the record -----------------------------------------------------------------------------

def _snapshot(appointment: Appointment) -> dict:
    return {"state": appointment.state,
            "starts_at": appointment.starts_at.isoformat() if appointment.starts_at else None}


def _change(appointment: Appointment, *, step: str, action: str, actor, actor_kind: str,
            data: dict | None = None, **notes) -> Appointment:
    """Move the appointment by a workflow step (already saved fields included) and
    record it."""
    before = _snapshot(appointment)
    appointment.state = MACHINE.next_state(appointment.state, step)
    save_with_version(appointment, expected_version=appointment.version)
    record_change(record=appointment, action=action, actor=actor, actor_kind=actor_kind,
                  from_state=before["state"], before=before, after=_snapshot(appointment),
                  data=data, **notes)
    return appointment


def _check_version(appointment: Appointment, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != appointment.version:
        raise Conflict(_("The appointment was changed meanwhile. Reload the page."),
                       code="stale_version")


def _created(*, offer: ServiceOffer, contact: Contact, owner: Citizen | None, action: str,
             event: str, idempotency_key: str | None, starts_at: dt.datetime | None = None,
             **fields) -> Booked:
    """The new appointment with its number and access code, its place taken (a counter
    booking at `starts_at`), the owner's link, its first event and the citizen's notice,
    in one transaction. A replay of `idempotency_key` that lost the race to the first
    request returns the first appointment."""
    organisation = offer.service_point.organisation
    try:
        with transaction.atomic():
            if starts_at is not None:
                slot = _take_place(offer, starts_at)
                fields |= {"slot": slot, "starts_at": slot.starts_at}
            code, code_hmac = access_code_issue(APPOINTMENT)
            now = timezone.now()
            appointment = Appointment(
                organisation=organisation, offer=offer,
                number=number_allocate(organisation=organisation, kind=APPOINTMENT,
                                       day=timezone.localdate(now)),
                access_code_hmac=code_hmac, idempotency_key=idempotency_key,
                name=contact.name.strip(), email=contact.email.strip(),
                phone=contact.phone.strip(), language=contact.language or settings.LANGUAGE_CODE,
                booked_at=now, **fields)
            appointment.token_hash = selectors.token_hash(selectors.manage_token(appointment))
            appointment.save(force_insert=True)
            record_link_add(citizen=owner, record_obj=appointment)
            record_change(record=appointment, action=action, actor=None,
                          actor_kind=ActorKind.APPLICANT, from_state="", before=None,
                          after=_snapshot(appointment))
            appointment_notice_queue(appointment, event=event,
                                     access_code=access.display_code(code))
    except IntegrityError:
        repeated = _repeated(idempotency_key)
        if repeated is None:
            raise
        return repeated
    return Booked(appointment, code, selectors.manage_token(appointment))


def _repeated(idempotency_key: str | None) -> Booked | None:
    existing = Appointment.objects.filter(idempotency_key=idempotency_key).first() \
        if idempotency_key else None
    if existing is None:
        return None
    return Booked(existing, None, selectors.manage_token(existing))


def _validated(offer: ServiceOffer, contact: Contact, extra: dict | None = None) -> None:
    errors = contact.errors() | (extra or {})
    if not offer.active or not offer.service_point.active:
        errors["service"] = [_("This service point does not take appointments for this "
                               "service.")]
    if errors:
        raise ValidationFailed(details=errors)


def appointment_book(*, offer: ServiceOffer, starts_at: dt.datetime, contact: Contact,
                     note: str = "", idempotency_key: str | None = None,
                     owner: Citizen | None = None) -> Booked:
    """Book a place at the counter. A repeated `idempotency_key` returns the first
    appointment (the access code is shown once, on the first answer). A booking by a
    signed-in citizen (`owner`) is in their "my records" from the start."""
    idempotency_key = (idempotency_key or "").strip() or None
    repeated = _repeated(idempotency_key)
    if repeated is not None:
        return repeated
    _validated(offer, contact)
    return _created(offer=offer, contact=contact, owner=owner, action=actions.BOOKED,
                    event="appointment.booked", idempotency_key=idempotency_key,
                    starts_at=starts_at, kind=AppointmentKind.COUNTER, state=State.BOOKED,
                    note=note.strip())


def home_visit_request(*, offer: ServiceOffer, preferred_date: dt.date, home_address: str,
                       contact: Contact, note: str = "",
                       idempotency_key: str | None = None,
                       owner: Citizen | None = None) -> Booked:
    """Ask for a home visit (到府服務): staff approve it with a time, or decline."""
    idempotency_key = (idempotency_key or "").strip() or None
    repeated = _repeated(idempotency_key)
    if repeated is not None:
        return repeated
    extra = {}
    if not offer.home_visits:
        extra["service"] = [_("This service point does not offer home visits for this "
                              "service.")]
    if not home_address.strip():
        extra["home_address"] = [_("Give the address to visit.")]
    extra |= _preferred_day_checked(preferred_date)
    if not note.strip():
        extra["note"] = [_("Tell us why you cannot come to the counter.")]
    _validated(offer, contact, extra)
    return _created(offer=offer, contact=contact, owner=owner,
                    action=actions.HOME_VISIT_REQUESTED,
                    event="appointment.home_visit_requested", idempotency_key=idempotency_key,
                    kind=AppointmentKind.HOME_VISIT, state=State.REQUESTED,
                    preferred_date=preferred_date, home_address=home_address.strip(),
                    note=note.strip())


@transaction.atomic
def appointment_reschedule(*, appointment: Appointment, starts_at: dt.datetime,
                           expected_version: int | None = None) -> Appointment:
    """The citizen moves a counter appointment (or chooses a new time after a closure)."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _check_version(appointment, expected_version)
    MACHINE.next_state(appointment.state, Action.RESCHEDULE)
    if appointment.kind != AppointmentKind.COUNTER:
        raise Conflict(_("A home visit is moved by calling the service point."),
                       code="home_visit")
    previous = appointment.starts_at
    if appointment.state == State.BOOKED:
        _release_place(appointment)
    slot = _take_place(appointment.offer, starts_at)
    appointment.slot, appointment.starts_at = slot, slot.starts_at
    _change(appointment, step=Action.RESCHEDULE, action=actions.RESCHEDULED, actor=None,
            actor_kind=ActorKind.APPLICANT,
            data={"from": previous.isoformat() if previous else None})
    appointment_notice_queue(appointment, event="appointment.rescheduled",
                             key=slot.starts_at.isoformat())
    return appointment


def _preferred_day_checked(preferred_date: dt.date) -> dict:
    if preferred_date <= timezone.localdate():
        return {"preferred_date": [_("Choose a day after today.")]}
    return {}


@transaction.atomic
def home_visit_ask_again(*, appointment: Appointment, preferred_date: dt.date, note: str = "",
                         expected_version: int | None = None) -> Appointment:
    """The citizen asks, by the link, for another day for a home visit, before or after
    staff set its time: it waits for approval again, and a time already set is given up
    (staff see it among the home visits to approve)."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _check_version(appointment, expected_version)
    if appointment.kind != AppointmentKind.HOME_VISIT:
        raise Conflict(_("Only a home visit is asked for another day; move a counter "
                         "appointment to a free time instead."), code="not_home_visit")
    MACHINE.next_state(appointment.state, Action.ASK_AGAIN)
    if problems := _preferred_day_checked(preferred_date):
        raise ValidationFailed(details=problems)
    previous = appointment.starts_at
    if appointment.state == State.BOOKED:
        _release_place(appointment)
    appointment.slot = None
    appointment.preferred_date, appointment.starts_at = preferred_date, None
    if note.strip():
        appointment.note = note.strip()
    return _change(appointment, step=Action.ASK_AGAIN, action=actions.HOME_VISIT_ASKED_AGAIN,
                   actor=None, actor_kind=ActorKind.APPLICANT,
                   data={"from": previous.isoformat() if previous else None,
                         "preferred_date": preferred_date.isoformat()})


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, expected_version: int | None = None
                       ) -> Appointment:
    """The citizen cancels: the place is free for someone else."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _check_version(appointment, expected_version)
    if appointment.state == State.BOOKED:
        _release_place(appointment)
    _change(appointment, step=Action.CANCEL, action=actions.CANCELLED, actor=None,
            actor_kind=ActorKind.APPLICANT)
    appointment_notice_queue(appointment, event="appointment.cancelled")
    return appointment


# ----- staff steps ------------------------------------------------------------------------------

def _staff_step(appointment: Appointment, *, actor, expected_version: int | None,
                permission: str, step: str, action: str, **fields) -> Appointment:
    require(actor, permission, organisation=appointment.organisation,
            unit=appointment.offer.service_point.unit) if actor is not None else None
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _check_version(appointment, expected_version)
    for name, value in fields.items():
        setattr(appointment, name, value)
    return _change(appointment, step=step, action=action, actor=actor,
                   actor_kind=ActorKind.STAFF if actor is not None else ActorKind.SYSTEM)


@transaction.atomic
def appointment_check_in(*, appointment: Appointment, actor,
                         expected_version: int | None) -> Appointment:
    """The citizen arrived at the counter; the wait until the call starts now."""
    return _staff_step(appointment, actor=actor, expected_version=expected_version,
                       permission=HANDLE, step=Action.CHECK_IN, action=actions.CHECKED_IN,
                       checked_in_at=timezone.now())


@transaction.atomic
def appointment_serve(*, appointment: Appointment, actor,
                      expected_version: int | None) -> Appointment:
    """The officer calls the citizen and starts the counter intake of the service (the
    page then opens it with the citizen's data filled in)."""
    now = timezone.now()
    return _staff_step(appointment, actor=actor, expected_version=expected_version,
                       permission=HANDLE, step=Action.SERVE, action=actions.INTAKE_STARTED,
                       served_at=now, checked_in_at=appointment.checked_in_at or now,
                       handled_by=actor)


def _started(appointment: Appointment) -> bool:
    return appointment.starts_at is not None and appointment.starts_at <= timezone.now()


@transaction.atomic
def appointment_no_show(*, appointment: Appointment, actor,
                        expected_version: int | None) -> Appointment:
    """The citizen did not come: marked once the appointment's time has begun."""
    if not _started(appointment):
        raise Conflict(_("An appointment can be marked as not come only once its time "
                         "has begun."), code="not_yet")
    return _staff_step(appointment, actor=actor, expected_version=expected_version,
                       permission=HANDLE, step=Action.NO_SHOW, action=actions.NO_SHOW_MARKED)


@transaction.atomic
def home_visit_approve(*, appointment: Appointment, actor, expected_version: int | None,
                       starts_at: dt.datetime) -> Appointment:
    """A supervisor approves a home visit and sets its time; the citizen is told."""
    if starts_at <= timezone.now():
        raise ValidationFailed(details={"starts_at": [_("Choose a time in the future.")]})
    appointment = _staff_step(appointment, actor=actor, expected_version=expected_version,
                              permission=APPROVE_HOME_VISIT, step=Action.APPROVE,
                              action=actions.HOME_VISIT_APPROVED, starts_at=starts_at)
    appointment_notice_queue(appointment, event="appointment.home_visit_approved")
    return appointment


@transaction.atomic
def home_visit_decline(*, appointment: Appointment, actor, expected_version: int | None,
                       reason: str) -> Appointment:
    if not reason.strip():
        raise ValidationFailed(details={"reason": [_("Say why, for the citizen.")]})
    appointment = _staff_step(appointment, actor=actor, expected_version=expected_version,
                              permission=APPROVE_HOME_VISIT, step=Action.DECLINE,
                              action=actions.HOME_VISIT_DECLINED)
    appointment_notice_queue(appointment, event="appointment.home_visit_declined",
                             reason=reason.strip())
    return appointment


# ----- closures and reminders -------------------------------------------------------------------

def _gone(booked: QuerySet[Appointment]) -> list[Appointment]:
    """Of these appointments, the booked counter ones still to come whose time is no
    longer a slot of their point (slots.py decides, as for new bookings): a closure took
    it, or the point's hours, special days or slot length changed."""
    today = timezone.localdate()
    rows = list(booked.filter(state=State.BOOKED, kind=AppointmentKind.COUNTER,
                              starts_at__gte=timezone.now())
                .select_related("offer__service_point"))
    last_day: dict[int, dt.date] = {}
    for appointment in rows:
        day = timezone.localtime(appointment.starts_at).date()
        point_id = appointment.offer.service_point_id
        last_day[point_id] = max(day, last_day.get(point_id, day))
    by_point: dict[int, set] = {}
    for appointment in rows:
        point = appointment.offer.service_point
        if point.pk not in by_point:
            by_point[point.pk] = {selectors.slot_start(slot) for slot in selectors.slot_times(
                point, today, last_day[point.pk])}
    return [appointment for appointment in rows
            if appointment.starts_at not in by_point[appointment.offer.service_point_id]]


def _displace(booked: QuerySet[Appointment], *, action: str, event: str, actor=None) -> int:
    """Each booked appointment whose time is gone (`_gone`) gives up its place, is marked
    displaced and its citizen is told (`event`), with the link to choose a new time.
    Idempotent: displaced appointments are no longer booked. Returns how many moved."""
    moved = 0
    for appointment in _gone(booked):
        with transaction.atomic():
            current = Appointment.objects.select_for_update().get(pk=appointment.pk)
            if current.state != State.BOOKED or current.starts_at != appointment.starts_at:
                continue
            _release_place(current)
            _change(current, step=Action.DISPLACE, action=action, actor=actor,
                    actor_kind=ActorKind.STAFF if actor is not None else ActorKind.SYSTEM,
                    data={"starts_at": current.starts_at.isoformat()})
            appointment_notice_queue(current, event=event, key=current.starts_at.isoformat())
            moved += 1
    return moved


def appointments_displace_for_closures(*, locality: str, actor=None) -> int:
    """The closure listener (workcal.services.CLOSURE_LISTENERS): each booked appointment
    whose time a closure of its city or county now takes is displaced (`_displace`) and
    its citizen told that the offices are closed. Returns how many moved."""
    return _displace(Appointment.objects.filter(offer__service_point__locality=locality),
                     action=actions.DISPLACED, event="appointment.displaced")


def appointment_reminders_queue(*, on: dt.date, until: dt.date) -> int:
    """Remind the citizens of the booked appointments on the days after `on` up to
    `until` (the next working day): once per appointment and day."""
    start = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    queued = 0
    for appointment in (Appointment.objects.filter(state=State.BOOKED, starts_at__gte=start,
                                                   starts_at__lt=end)
                        .select_related("offer__service_point", "offer__service_type",
                                        "organisation")):
        with transaction.atomic():
            if appointment_notice_queue(appointment, event="appointment.reminder",
                                        key=appointment.starts_at.isoformat()):
                audit.record(actor=None, action=actions.REMINDED, obj=appointment,
                             after={"starts_at": appointment.starts_at.isoformat()})
                queued += 1
    return queued


# ----- service points ------------------------------------------------------------------------------
# A point's hours, special days and services are kept under the point's version: every
# change of them names the version its user read and raises it, so two coordinators
# editing the same point cannot overwrite each other. After a change of what makes the
# slots (hours, special days, slot length) each booked appointment whose time is gone is
# displaced as a closure displaces it: its place is freed, and its citizen is told with
# the link to choose a new time (`appointment.time_withdrawn`).

MIN_SLOT_MINUTES, MAX_SLOT_MINUTES = 5, 240  # the model's check constraint
MAX_DAYS_AHEAD = 366
MAX_CAPACITY = 100  # the offer's check constraint


@dataclass(frozen=True)
class PointChanged:
    point: ServicePoint
    displaced: int  # booked appointments whose time the change took


_POINT_FIELDS = ("unit_id", "code", "name_zh", "name_en", "locality", "address_zh",
                 "address_en", "phone", "email", "accessibility", "accessibility_note_zh",
                 "accessibility_note_en", "directions_zh", "directions_en", "slot_minutes",
                 "book_days_ahead", "active")


def _point_snapshot(point: ServicePoint) -> dict:
    return {name: getattr(point, name) for name in _POINT_FIELDS}


def _point_errors(point: ServicePoint) -> dict:
    errors: dict[str, list] = {}
    if point.unit.organisation_id != point.organisation_id:
        errors["unit"] = [_("Choose a unit of the organisation.")]
    for name in ("code", "name_zh", "address_zh"):
        if not (getattr(point, name) or "").strip():
            errors[name] = [_("This field is required.")]
    if point.code and ServicePoint.objects.filter(
            organisation_id=point.organisation_id, code=point.code).exclude(pk=point.pk).exists():
        errors["code"] = [_("Another service point of the organisation has this code.")]
    if point.locality not in Locality.values:
        errors["locality"] = [_("Choose a city or county.")]
    if not MIN_SLOT_MINUTES <= (point.slot_minutes or 0) <= MAX_SLOT_MINUTES:
        errors["slot_minutes"] = [_("An appointment lasts %(low)d to %(high)d minutes.")
                                  % {"low": MIN_SLOT_MINUTES, "high": MAX_SLOT_MINUTES}]
    if not 1 <= (point.book_days_ahead or 0) <= MAX_DAYS_AHEAD:
        errors["book_days_ahead"] = [_("Citizens book 1 to %(high)d days ahead.")
                                     % {"high": MAX_DAYS_AHEAD}]
    if not isinstance(point.accessibility, list) or \
            not set(point.accessibility) <= set(Accessibility.values):
        errors["accessibility"] = [_("Choose among the features listed.")]
    return errors


@transaction.atomic
def service_point_save(*, point: ServicePoint, actor, expected_version: int | None
                       ) -> ServicePoint:
    """Create or change a service point (appointments.manage_points on its unit, and on
    the unit it had). A shorter or longer slot displaces the booked appointments whose
    time is no longer a slot."""
    require(actor, selectors.MANAGE_POINTS, organisation=point.organisation, unit=point.unit)
    stored = None if point.pk is None else ServicePoint.objects.select_for_update().select_related(
        "unit").get(pk=point.pk)
    if stored is not None and stored.unit_id != point.unit_id:
        require(actor, selectors.MANAGE_POINTS, organisation=stored.organisation,
                unit=stored.unit)
    point.code = (point.code or "").strip()
    errors = _point_errors(point)
    if errors:
        raise ValidationFailed(details=errors)
    save_with_version(point, expected_version=expected_version if stored else None)
    audit.record(actor=actor, action=actions.SERVICE_POINT_SAVED, obj=point,
                 before=_point_snapshot(stored) if stored else None,
                 after=_point_snapshot(point))
    if stored is not None and stored.slot_minutes != point.slot_minutes:
        _slots_changed(point, actor)
    return point


def _point_locked(point: ServicePoint, actor, expected_version: int | None) -> ServicePoint:
    """The point, its version raised from `expected_version` (Conflict when stale),
    after checking that `actor` keeps it."""
    require(actor, selectors.MANAGE_POINTS, organisation=point.organisation, unit=point.unit)
    current = ServicePoint.objects.select_for_update().get(pk=point.pk)
    save_with_version(current, expected_version=expected_version)
    return current


def _slots_changed(point: ServicePoint, actor) -> int:
    return _displace(Appointment.objects.filter(offer__service_point=point),
                     action=actions.TIME_WITHDRAWN, event="appointment.time_withdrawn",
                     actor=actor)


@dataclass(frozen=True)
class HoursRow:
    weekday: int
    opens: dt.time
    closes: dt.time
    on_days_off: bool = False
    extended: bool = False

    def as_dict(self) -> dict:
        return {"weekday": self.weekday, "opens": self.opens.isoformat("minutes"),
                "closes": self.closes.isoformat("minutes"), "on_days_off": self.on_days_off,
                "extended": self.extended}


def hours_errors(rows: list[HoursRow]) -> list[str]:
    """What is wrong with a point's weekly hours: a window that does not close after it
    opens, or two windows of one day that overlap."""
    labels = dict(Weekday.choices)
    errors = []
    for row in rows:
        if row.weekday not in labels:
            errors.append(str(_("Choose a day of the week.")))
        elif row.closes <= row.opens:
            errors.append(str(_("%(day)s %(opens)s: the window must close after it opens.")
                              % {"day": labels[row.weekday], "opens": f"{row.opens:%H:%M}"}))
    for weekday, label in labels.items():
        overlap = slot_rules.first_overlap(
            (row.opens, row.closes) for row in rows
            if row.weekday == weekday and row.opens < row.closes)
        if overlap is not None:
            errors.append(str(_("%(day)s: %(first)s and %(second)s overlap.") % {
                "day": label, "first": f"{overlap[0][0]:%H:%M}–{overlap[0][1]:%H:%M}",
                "second": f"{overlap[1][0]:%H:%M}–{overlap[1][1]:%H:%M}"}))
    return errors


@transaction.atomic
def opening_hours_replace(*, point: ServicePoint, rows: list[HoursRow], actor,
                          expected_version: int | None) -> PointChanged:
    """Set the point's weekly hours to `rows`; the booked appointments whose time is no
    longer open are displaced."""
    errors = hours_errors(rows)
    if errors:
        raise ValidationFailed(details={"hours": errors})
    point = _point_locked(point, actor, expected_version)
    before = [HoursRow(h.weekday, h.opens, h.closes, h.on_days_off, h.extended).as_dict()
              for h in selectors.point_hours(point)]
    OpeningHours.objects.filter(service_point=point).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(service_point=point, weekday=row.weekday, opens=row.opens,
                     closes=row.closes, on_days_off=row.on_days_off, extended=row.extended)
        for row in sorted(rows, key=lambda row: (row.weekday, row.opens)))
    audit.record(actor=actor, action=actions.HOURS_CHANGED, obj=point,
                 before={"hours": before}, after={"hours": [row.as_dict() for row in rows]})
    return PointChanged(point, _slots_changed(point, actor))


@transaction.atomic
def special_day_add(*, point: ServicePoint, date: dt.date, closed: bool,
                    opens: dt.time | None, closes: dt.time | None, note_zh: str = "",
                    note_en: str = "", actor, expected_version: int | None) -> PointChanged:
    """Close the point on a day, or open it then with other hours (a second window on
    the same day is another special day). The booked appointments whose time is no
    longer open are displaced."""
    errors: dict[str, list] = {}
    if date < timezone.localdate():
        errors["date"] = [_("Choose today or a later day.")]
    if closed and (opens or closes):
        errors["closed"] = [_("A day closed all day has no hours: clear them, or untick "
                              "“closed all day”.")]
    elif not closed and (opens is None or closes is None):
        errors["opens"] = [_("Give the hours of the day, or tick “closed all day”.")]
    elif not closed and closes <= opens:
        errors["closes"] = [_("The point must close after it opens.")]
    if errors:
        raise ValidationFailed(details=errors)
    point = _point_locked(point, actor, expected_version)
    same_day = list(SpecialDay.objects.filter(service_point=point, date=date))
    if same_day and (closed or any(day.closed for day in same_day)):
        raise ValidationFailed(details={"date": [_(
            "This day already has special hours or is closed: remove them first.")]})
    if not closed and slot_rules.first_overlap(
            [(day.opens, day.closes) for day in same_day] + [(opens, closes)]):
        raise ValidationFailed(details={"opens": [_(
            "These hours overlap other hours of the same day.")]})
    special = SpecialDay.objects.create(
        service_point=point, date=date, closed=closed, opens=None if closed else opens,
        closes=None if closed else closes, note_zh=note_zh.strip(), note_en=note_en.strip())
    audit.record(actor=actor, action=actions.SPECIAL_DAY_ADDED, obj=point, before=None,
                 after=_special_day_snapshot(special))
    return PointChanged(point, _slots_changed(point, actor))


def _special_day_snapshot(special: SpecialDay) -> dict:
    return {"date": special.date.isoformat(), "closed": special.closed,
            "opens": special.opens.isoformat("minutes") if special.opens else None,
            "closes": special.closes.isoformat("minutes") if special.closes else None,
            "note_zh": special.note_zh}


@transaction.atomic
def special_day_remove(*, point: ServicePoint, special_day: SpecialDay, actor,
                       expected_version: int | None) -> PointChanged:
    """The day follows the weekly hours again; booked appointments in hours it gave and
    the weekly hours do not are displaced."""
    if special_day.service_point_id != point.pk:
        raise NotFound()
    point = _point_locked(point, actor, expected_version)
    removed = SpecialDay.objects.filter(pk=special_day.pk).delete()[0]
    if not removed:
        raise Conflict(_("This special day was removed meanwhile."), code="gone")
    audit.record(actor=actor, action=actions.SPECIAL_DAY_REMOVED, obj=point,
                 before=_special_day_snapshot(special_day), after=None)
    return PointChanged(point, _slots_changed(point, actor))


@transaction.atomic
def service_offer_save(*, point: ServicePoint, capacity: int, home_visits: bool,
                       active: bool, actor, expected_version: int | None,
                       offer: ServiceOffer | None = None,
                       service_type: ServiceType | None = None) -> ServiceOffer:
    """Offer a service of the organisation's catalogue at the point (`service_type`), or
    change an offer's places per slot, home visits and whether it is bookable. Booked
    appointments stay when an offer stops being bookable or takes fewer places per
    slot: only new bookings follow."""
    errors: dict[str, list] = {}
    if offer is None:
        if service_type is None or service_type.organisation_id != point.organisation_id:
            errors["service_type"] = [_("Choose a service of the organisation's catalogue.")]
        elif ServiceOffer.objects.filter(service_point=point,
                                         service_type=service_type).exists():
            errors["service_type"] = [_("The point offers this service already.")]
    elif offer.service_point_id != point.pk:
        raise NotFound()
    if not 1 <= (capacity or 0) <= MAX_CAPACITY:
        errors["capacity"] = [_("A slot takes 1 to %(high)d citizens.") % {"high": MAX_CAPACITY}]
    if errors:
        raise ValidationFailed(details=errors)
    point = _point_locked(point, actor, expected_version)
    before = None
    if offer is None:
        offer = ServiceOffer(service_point=point, service_type=service_type)
    else:
        offer = ServiceOffer.objects.select_for_update().get(pk=offer.pk)
        before = _offer_snapshot(offer)
    offer.capacity, offer.home_visits, offer.active = capacity, home_visits, active
    offer.save()
    audit.record(actor=actor, action=actions.OFFER_SAVED, obj=point, before=before,
                 after=_offer_snapshot(offer))
    return offer


def _offer_snapshot(offer: ServiceOffer) -> dict:
    return {"service_type": offer.service_type_id, "capacity": offer.capacity,
            "home_visits": offer.home_visits, "active": offer.active}
