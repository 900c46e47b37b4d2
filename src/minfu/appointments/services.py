"""Every write of appointments: booking, moving and cancelling (the citizen, by the
manage link), home-visit requests and their approval, check-in, the call to the counter
and no-shows (staff), the closure listener and the reminders. Each runs in one
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
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.appointments import actions, selectors, workflow
from minfu.appointments.kind import APPOINTMENT
from minfu.appointments.models import (
    Appointment,
    AppointmentKind,
    ServiceOffer,
    ServicePoint,
    Slot,
)
from minfu.appointments.notices import appointment_notice_queue
from minfu.citizens.models import Citizen
from minfu.citizens.services import record_link_add
from minfu.core import audit
from minfu.core.errors import Conflict, ValidationFailed
from minfu.core.services import save_with_version
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


def _new(*, offer: ServiceOffer, contact: Contact, kind: str, state: str,
         idempotency_key: str | None, **fields) -> tuple[Appointment, str]:
    organisation = offer.service_point.organisation
    code, code_hmac = access_code_issue(APPOINTMENT)
    now = timezone.now()
    appointment = Appointment(
        organisation=organisation, kind=kind, state=state, offer=offer,
        number=number_allocate(organisation=organisation, kind=APPOINTMENT,
                               day=timezone.localdate(now)),
        access_code_hmac=code_hmac, idempotency_key=idempotency_key,
        name=contact.name.strip(), email=contact.email.strip(), phone=contact.phone.strip(),
        language=contact.language or settings.LANGUAGE_CODE, booked_at=now, **fields)
    appointment.token_hash = selectors.token_hash(selectors.manage_token(appointment))
    appointment.save(force_insert=True)
    return appointment, code


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
    try:
        with transaction.atomic():
            slot = _take_place(offer, starts_at)
            appointment, code = _new(offer=offer, contact=contact, kind=AppointmentKind.COUNTER,
                                     state=State.BOOKED, idempotency_key=idempotency_key,
                                     slot=slot, starts_at=slot.starts_at, note=note.strip())
            record_link_add(citizen=owner, record_obj=appointment)
            record_change(record=appointment, action=actions.BOOKED, actor=None,
                          actor_kind=ActorKind.APPLICANT, from_state="", before=None,
                          after=_snapshot(appointment))
            appointment_notice_queue(appointment, event="appointment.booked",
                                     access_code=access.display_code(code))
    except IntegrityError:
        repeated = _repeated(idempotency_key)
        if repeated is None:
            raise
        return repeated
    return Booked(appointment, code, selectors.manage_token(appointment))


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
    if preferred_date <= timezone.localdate():
        extra["preferred_date"] = [_("Choose a day after today.")]
    if not note.strip():
        extra["note"] = [_("Tell us why you cannot come to the counter.")]
    _validated(offer, contact, extra)
    try:
        with transaction.atomic():
            appointment, code = _new(
                offer=offer, contact=contact, kind=AppointmentKind.HOME_VISIT,
                state=State.REQUESTED, idempotency_key=idempotency_key,
                preferred_date=preferred_date, home_address=home_address.strip(),
                note=note.strip())
            record_link_add(citizen=owner, record_obj=appointment)
            record_change(record=appointment, action=actions.HOME_VISIT_REQUESTED, actor=None,
                          actor_kind=ActorKind.APPLICANT, from_state="", before=None,
                          after=_snapshot(appointment))
            appointment_notice_queue(appointment, event="appointment.home_visit_requested",
                                     access_code=access.display_code(code))
    except IntegrityError:
        repeated = _repeated(idempotency_key)
        if repeated is None:
            raise
        return repeated
    return Booked(appointment, code, selectors.manage_token(appointment))


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

def _displaced_by_closures(locality: str) -> list[Appointment]:
    """Booked counter appointments at the locality's points whose slot a closure now
    takes (slots.py decides, as for new bookings)."""
    today = timezone.localdate()
    booked = (Appointment.objects.filter(state=State.BOOKED, kind=AppointmentKind.COUNTER,
                                         offer__service_point__locality=locality,
                                         starts_at__gte=timezone.now())
              .select_related("offer__service_point"))
    displaced = []
    by_point: dict[int, set] = {}
    for appointment in booked:
        point = appointment.offer.service_point
        if point.pk not in by_point:
            by_point[point.pk] = {
                selectors.slot_start(slot) for slot in selectors.slot_times(
                    point, today, today + dt.timedelta(days=point.book_days_ahead + 31))}
        if appointment.starts_at not in by_point[point.pk]:
            displaced.append(appointment)
    return displaced


def appointments_displace_for_closures(*, locality: str, actor=None) -> int:
    """The closure listener (workcal.services.CLOSURE_LISTENERS): each booked appointment
    whose time a closure of its city or county now takes gives up its place, is marked
    displaced and its citizen is told, with the link to choose a new time. Idempotent:
    displaced appointments are no longer booked. Returns how many moved."""
    moved = 0
    for appointment in _displaced_by_closures(locality):
        with transaction.atomic():
            current = Appointment.objects.select_for_update().get(pk=appointment.pk)
            if current.state != State.BOOKED:
                continue
            _release_place(current)
            _change(current, step=Action.DISPLACE, action=actions.DISPLACED, actor=None,
                    actor_kind=ActorKind.SYSTEM,
                    data={"starts_at": current.starts_at.isoformat()})
            appointment_notice_queue(current, event="appointment.displaced")
            moved += 1
    return moved


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

@transaction.atomic
def service_point_save(*, point: ServicePoint, actor, expected_version: int | None
                       ) -> ServicePoint:
    """Create or change a service point (appointments.manage_points on its unit)."""
    require(actor, selectors.MANAGE_POINTS, organisation=point.organisation, unit=point.unit)
    if point.unit.organisation_id != point.organisation_id:
        raise ValidationFailed(details={"unit": [_("Choose a unit of the organisation.")]})
    before = None if point.pk is None else {"version": point.version}
    save_with_version(point, expected_version=expected_version if point.pk else None)
    audit.record(actor=actor, action=actions.SERVICE_POINT_SAVED, obj=point, before=before,
                 after={"code": point.code, "name_zh": point.name_zh,
                        "active": point.active})
    return point
