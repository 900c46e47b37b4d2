"""Appointments in a citizen's "my records" and data export (minfu.citizens.sources):
those booked while signed in and those claimed with their number and access code."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.appointments.kind import APPOINTMENT
from minfu.appointments.models import Appointment, AppointmentState
from minfu.citizens.sources import CitizenRecordSource, MyRecord, public_history

_OPEN = {AppointmentState.REQUESTED, AppointmentState.BOOKED, AppointmentState.DISPLACED}


def _appointments(linked):
    return (Appointment.objects.filter(pk__in=linked.get(APPOINTMENT.code, ()))
            .select_related("offer__service_point", "offer__service_type"))


def _row(appointment: Appointment) -> MyRecord:
    day = timezone.localdate(appointment.starts_at) if appointment.starts_at else None
    return MyRecord(
        source="appointments", number=appointment.number,
        title=f"{appointment.service_point} {appointment.service_type}",
        state=appointment.get_state_display(), filed_at=appointment.booked_at,
        due=day if appointment.state in _OPEN else None, kind=APPOINTMENT.code,
        record_id=appointment.pk,
        url=reverse("citizens:record-open",
                    kwargs={"kind": APPOINTMENT.code, "record_id": appointment.pk}))


def _rows(citizen, linked):
    return [_row(appointment) for appointment in _appointments(linked)]


def _export(citizen, linked):
    return [{
        "number": appointment.number, "kind": appointment.kind, "state": appointment.state,
        "service_point": str(appointment.service_point),
        "service": str(appointment.service_type),
        "starts_at": appointment.starts_at.isoformat() if appointment.starts_at else None,
        "preferred_date": appointment.preferred_date, "home_address": appointment.home_address,
        "contact": {"name": appointment.name, "email": appointment.email,
                    "phone": appointment.phone, "language": appointment.language},
        "note": appointment.note, "booked_at": appointment.booked_at.isoformat(),
        "history": public_history(APPOINTMENT, appointment),
    } for appointment in _appointments(linked)]


SOURCES = [CitizenRecordSource(code="appointments", label=_("Appointments"), rows=_rows,
                               export=_export, order=40)]
