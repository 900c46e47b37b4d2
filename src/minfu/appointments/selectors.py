"""Reads of service points and appointments: the public directory and the free slots
(anyone), appointments by their manage link (the citizen), and the staff reads, scoped
to the units and organisations where the user may view appointments."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from base64 import urlsafe_b64encode
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from minfu.appointments import slots as slot_rules
from minfu.appointments.models import (
    Appointment,
    OpeningHours,
    ServiceOffer,
    ServicePoint,
    Slot,
    SpecialDay,
)
from minfu.catalog.models import ServiceType
from minfu.catalog.selectors import version_in_force
from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.org.models import Unit
from minfu.org.permissions import can
from minfu.org.selectors import in_reach
from minfu.workcal.deadlines import CalendarGapError
from minfu.workcal.models import Closure
from minfu.workcal.selectors import calendar_for_locality

NATIONAL = ""  # the calendar of no locality: the official days without closures
VIEW = "appointments.view"
HANDLE = "appointments.handle"
APPROVE_HOME_VISIT = "appointments.approve_home_visit"
MANAGE_POINTS = "appointments.manage_points"


# ----- the public directory --------------------------------------------------------------

def public_service_points() -> QuerySet[ServicePoint]:
    return (ServicePoint.objects.filter(active=True)
            .select_related("organisation", "unit")
            .prefetch_related("hours", _active_offers())
            .order_by("organisation__path", "code"))


def _active_offers() -> Prefetch:
    return Prefetch("offers", queryset=ServiceOffer.objects.filter(active=True)
                    .select_related("service_type").order_by("service_type__code"),
                    to_attr="active_offers")


def public_service_point(pk) -> ServicePoint:
    point = public_service_points().filter(pk=as_id(pk)).first()
    if point is None:
        raise NotFound()
    return point


def public_offer(point: ServicePoint, offer_pk) -> ServiceOffer:
    offer = next((offer for offer in point.active_offers if offer.pk == as_id(offer_pk)), None)
    if offer is None:
        raise NotFound()
    return offer


def public_offer_by_id(offer_pk: int) -> ServiceOffer | None:
    return (ServiceOffer.objects.filter(pk=offer_pk, active=True, service_point__active=True)
            .select_related("service_point__organisation", "service_type").first())


def offer_name(offer: ServiceOffer) -> str:
    """The service's name in force today, in the page's language (its code without one)."""
    return service_type_name(offer.service_type)


def service_type_name(service_type: ServiceType) -> str:
    version = version_in_force(service_type, on=timezone.localdate())
    return version.name if version is not None else service_type.code


def special_days_ahead(point: ServicePoint, *, today: dt.date) -> QuerySet[SpecialDay]:
    return point.special_days.filter(date__gte=today).order_by("date")[:20]


# ----- slots -------------------------------------------------------------------------------

@dataclass(frozen=True)
class FreeSlot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    taken: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def slot_start(slot: slot_rules.SlotTime) -> dt.datetime:
    return _aware(slot.day, slot.starts)


def _working_answer():
    # The national calendar: a closure takes only the hours it names (slots.py), not
    # the whole day as the deadline calendar of a locality counts it.
    calendar = calendar_for_locality(NATIONAL)

    def is_working(day: dt.date) -> bool | None:
        try:
            return calendar.is_working_day(day)
        except CalendarGapError:
            return None
    return is_working


def _closure_spans(locality: str, first: dt.date, last: dt.date) -> dict:
    spans: dict[dt.date, list] = defaultdict(list)
    for closure in Closure.objects.filter(locality=locality, date__range=(first, last)):
        spans[closure.date].append(None if closure.is_whole_day
                                   else (closure.starts_at, closure.ends_at))
    return spans


def slot_times(point: ServicePoint, first: dt.date, last: dt.date
               ) -> list[slot_rules.SlotTime]:
    """The point's slots on the days `first`..`last` (slots.py), on the office calendar
    of its locality (a closure of it is not a working day there)."""
    hours = [slot_rules.Hours(h.weekday, h.opens, h.closes, h.on_days_off)
             for h in OpeningHours.objects.filter(service_point=point)]
    specials: dict[dt.date, list] = defaultdict(list)
    for special in SpecialDay.objects.filter(service_point=point, date__range=(first, last)):
        specials[special.date] += [] if special.closed else [(special.opens, special.closes)]
    return slot_rules.slots_between(
        first, last, is_working=_working_answer(), hours=hours,
        minutes=point.slot_minutes,
        specials={day: slot_rules.SpecialHours(tuple(windows))
                  for day, windows in specials.items()},
        closures=_closure_spans(point.locality, first, last))


def booking_window(point: ServicePoint, *, now: dt.datetime | None = None
                   ) -> tuple[dt.datetime, dt.date]:
    """From when (now) until which day citizens may book at the point."""
    now = now or timezone.now()
    return now, timezone.localtime(now).date() + dt.timedelta(days=point.book_days_ahead)


def free_slots(offer: ServiceOffer, *, first: dt.date, last: dt.date,
               now: dt.datetime | None = None) -> list[FreeSlot]:
    """The offer's slots between two days that have not started yet and lie within the
    booking window, with the places taken so far."""
    point = offer.service_point
    earliest, latest = booking_window(point, now=now)
    first, last = max(first, timezone.localtime(earliest).date()), min(last, latest)
    taken = dict(Slot.objects.filter(offer=offer, starts_at__date__range=(
        first - dt.timedelta(days=1), last + dt.timedelta(days=1)))
        .values_list("starts_at", "booked"))
    found = []
    for time in slot_times(point, first, last):
        starts = _aware(time.day, time.starts)
        if starts > earliest:
            found.append(FreeSlot(starts, _aware(time.day, time.ends), offer.capacity,
                                  taken.get(starts, 0)))
    return found


def slot_at(offer: ServiceOffer, starts_at: dt.datetime, *, now: dt.datetime | None = None
            ) -> FreeSlot | None:
    """The bookable slot starting at `starts_at`, or None when there is none (closed,
    past, beyond the window, not a slot start)."""
    earliest, latest = booking_window(offer.service_point, now=now)
    if not earliest < starts_at < _aware(latest + dt.timedelta(days=1), dt.time.min):
        return None  # also keeps absurd years away from the date arithmetic below
    day = timezone.localtime(starts_at).date()
    return next((slot for slot in free_slots(offer, first=day, last=day, now=now)
                 if slot.starts_at == starts_at), None)


# ----- the citizen's link -------------------------------------------------------------------

def manage_token(appointment: Appointment) -> str:
    """The secret of the appointment's manage link, derived from the site's key and the
    appointment's number (so the link can be sent again; only its hash is stored)."""
    digest = hmac.new(settings.SECRET_KEY.encode(),
                      f"minfu.appointments.manage:{appointment.organisation_id}:"
                      f"{appointment.number}".encode(), hashlib.sha256).digest()
    return urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _with_relations(rows: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return rows.select_related("offer__service_point__organisation", "offer__service_type",
                               "organisation", "slot")


def appointment_by_token(token: str) -> Appointment:
    if not token or len(token) > 64:
        raise NotFound()
    found = _with_relations(Appointment.objects.filter(token_hash=token_hash(token))).first()
    if found is None:
        raise NotFound()
    return found


def appointment_public(pk) -> Appointment:
    """A record the citizen's browser has proved (the view checks the proof)."""
    found = _with_relations(Appointment.objects.filter(pk=as_id(pk))).first()
    if found is None:
        raise NotFound()
    return found


def appointments_for_contact(email: str | None = None, phone: str | None = None
                             ) -> QuerySet[Appointment]:
    """The appointments made with this e-mail address or telephone number, newest first:
    for the citizens' "my records" once their contact is verified (the caller's duty)."""
    rows = Appointment.objects.none()
    if email:
        rows = rows | Appointment.objects.filter(email__iexact=email.strip())
    if phone:
        rows = rows | Appointment.objects.filter(phone=phone.strip())
    return _with_relations(rows).order_by("-booked_at", "-id")


# ----- staff reads ----------------------------------------------------------------------------

def service_points_for(user, action: str = VIEW) -> QuerySet[ServicePoint]:
    return in_reach(ServicePoint.objects.select_related("organisation", "unit"), user, action
                    ).order_by("organisation__path", "code")


def service_point_get_for(user, pk) -> ServicePoint:
    point = service_points_for(user).filter(pk=as_id(pk)).first()
    if point is None:
        raise NotFound()
    return point


def service_points_managed(user) -> QuerySet[ServicePoint]:
    """The points whose details, hours, special days and services the user keeps."""
    return service_points_for(user, MANAGE_POINTS)


def service_point_managed_get(user, pk) -> ServicePoint:
    point = service_points_managed(user).filter(pk=as_id(pk)).first()
    if point is None:
        raise NotFound()
    return point


def units_for_points(user) -> QuerySet[Unit]:
    """The active units where the user may keep service points (a new point's unit)."""
    return in_reach(Unit.objects.filter(is_active=True).select_related("organisation"), user,
                    MANAGE_POINTS, unit_field="pk").order_by("organisation__path",
                                                              "sort_order", "code")


def offerable_service_types(point: ServicePoint) -> QuerySet[ServiceType]:
    """The services of the point's organisation's catalogue."""
    return ServiceType.objects.filter(organisation_id=point.organisation_id).order_by("code")


def point_hours(point: ServicePoint) -> QuerySet[OpeningHours]:
    return OpeningHours.objects.filter(service_point=point).order_by("weekday", "opens")


def point_special_days(point: ServicePoint, *, today: dt.date) -> QuerySet[SpecialDay]:
    """The point's special days from `today` on (those past change nothing any more)."""
    return SpecialDay.objects.filter(service_point=point, date__gte=today).order_by(
        "date", "opens")


def point_special_day_get(point: ServicePoint, pk) -> SpecialDay:
    found = SpecialDay.objects.filter(service_point=point, pk=as_id(pk)).first()
    if found is None:
        raise NotFound()
    return found


def point_offers(point: ServicePoint) -> QuerySet[ServiceOffer]:
    return ServiceOffer.objects.filter(service_point=point).select_related(
        "service_type").order_by("service_type__code")


def point_offer_get(point: ServicePoint, pk) -> ServiceOffer:
    found = point_offers(point).filter(pk=as_id(pk)).first()
    if found is None:
        raise NotFound()
    return found


def appointments_for(user) -> QuerySet[Appointment]:
    return _with_relations(in_reach(Appointment.objects.all(), user, VIEW,
                                    unit_field="offer__service_point__unit"))


def appointment_get_for(user, pk) -> Appointment:
    found = appointments_for(user).filter(pk=as_id(pk)).first()
    if found is None:
        raise NotFound()
    return found


def day_list(user, *, point: ServicePoint, day: dt.date) -> QuerySet[Appointment]:
    """The point's appointments of one day, and the home visits it is asked for."""
    low = _aware(day, dt.time.min)
    return appointments_for(user).filter(offer__service_point=point).filter(
        starts_at__gte=low, starts_at__lt=low + dt.timedelta(days=1)
    ).order_by("starts_at", "id")


def home_visits_waiting(user) -> QuerySet[Appointment]:
    return appointments_for(user).filter(state="requested").order_by("preferred_date", "id")


def may(user, action: str, appointment: Appointment) -> bool:
    point = appointment.offer.service_point
    return can(user, action, organisation=appointment.organisation, unit=point.unit)
