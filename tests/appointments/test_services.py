"""Booking, moving and cancelling by the link, closures, reminders, the counter steps and
home visits, through the services on the shipped office calendar."""

import datetime as dt

import pytest
import time_machine

from minfu.appointments import jobs, selectors, services
from minfu.appointments.models import Appointment, Slot, SpecialDay
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.notify.models import OutboxMessage
from minfu.org.models import Locality, Role
from minfu.records.selectors import record_for_lookup
from minfu.records.steps import steps_for
from minfu.workcal.models import OfficeDay
from tests.appointments.factories import at, book, contact, point
from tests.org.factories import staff_user
from tests.workcal.factories import ClosureFactory

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.date(2025, 2, 5)
MAKEUP_SATURDAY = dt.date(2025, 2, 8)  # 補行上班 in the official calendar
PLAIN_SATURDAY = dt.date(2025, 2, 15)
HOLIDAY = dt.date(2025, 2, 28)  # 和平紀念日, a Friday


@pytest.fixture
def on_wednesday():
    with time_machine.travel(at(WEDNESDAY, 9), tick=False):
        yield


def _slots(offer, day):
    return selectors.free_slots(offer, first=day, last=day)


def test_the_calendar_decides_the_days(on_wednesday):
    assert OfficeDay.objects.get(date=MAKEUP_SATURDAY).is_makeup_working_day
    offer = point(slot_minutes=60)
    assert len(_slots(offer, dt.date(2025, 2, 10))) == 8
    assert len(_slots(offer, MAKEUP_SATURDAY)) == 8  # Monday's hours
    assert _slots(offer, PLAIN_SATURDAY) == []
    assert _slots(offer, HOLIDAY) == []
    assert [slot.starts_at for slot in _slots(offer, WEDNESDAY)][0] == at(WEDNESDAY, 9, 30)


def test_saturday_service_and_special_days(on_wednesday):
    offer = point(saturday=True, slot_minutes=60)
    assert [s.starts_at for s in _slots(offer, PLAIN_SATURDAY)] == [
        at(PLAIN_SATURDAY, 9), at(PLAIN_SATURDAY, 10), at(PLAIN_SATURDAY, 11)]
    SpecialDay.objects.create(service_point=offer.service_point, date=PLAIN_SATURDAY,
                              closed=True)
    SpecialDay.objects.create(service_point=offer.service_point, date=HOLIDAY, closed=False,
                              opens=dt.time(18), closes=dt.time(19))
    assert _slots(offer, PLAIN_SATURDAY) == []
    assert [s.starts_at for s in _slots(offer, HOLIDAY)] == [at(HOLIDAY, 18)]


def test_a_closure_of_the_points_city_removes_its_slots(on_wednesday):
    offer = point(slot_minutes=60)
    day = dt.date(2025, 2, 12)
    ClosureFactory(locality=Locality.NEW_TAIPEI, date=day)
    assert len(_slots(offer, day)) == 8
    ClosureFactory(locality=Locality.TAIPEI, date=day, starts_at=dt.time(12),
                   ends_at=dt.time(17, 30))
    assert [s.starts_at.hour for s in _slots(offer, day)] == [8, 9, 10]  # 11:30 overlaps


def test_booking_takes_a_place_and_gives_a_number_code_and_link(on_wednesday):
    offer = point(capacity=2)
    booked = book(offer, at(dt.date(2025, 2, 10), 9))
    appointment = booked.appointment
    assert appointment.state == "booked"
    assert "-A1140205-" in appointment.number
    assert record_for_lookup(appointment.number, booked.access_code)[1] == appointment
    assert selectors.appointment_by_token(booked.token) == appointment
    assert Slot.objects.get().booked == 1
    assert _slots(offer, dt.date(2025, 2, 10))[1].free == 1
    message = OutboxMessage.objects.get(event="appointment.booked")
    assert booked.token not in message.body  # the link is a secret, sealed for the citizen
    assert message.recipient == "ming@example.tw"


def test_a_repeated_request_returns_the_first_appointment(on_wednesday):
    offer = point()
    first = book(offer, at(dt.date(2025, 2, 10), 9), idempotency_key="k1")
    again = book(offer, at(dt.date(2025, 2, 10), 9), idempotency_key="k1")
    assert again.appointment == first.appointment and again.access_code is None
    assert Slot.objects.get().booked == 1


def test_the_last_place_goes_once_and_closed_or_past_times_are_refused(on_wednesday):
    offer = point(capacity=1)
    book(offer, at(dt.date(2025, 2, 10), 9))
    with pytest.raises(Conflict) as full:
        book(offer, at(dt.date(2025, 2, 10), 9), contact=contact(email="b@example.tw"))
    assert full.value.code == "slot_full"
    for moment in (at(PLAIN_SATURDAY, 9), at(WEDNESDAY, 8, 30), at(dt.date(2025, 2, 10), 9, 10),
                   at(dt.date(2025, 5, 5), 9)):  # a day off, past, not a slot, too far
        with pytest.raises(Conflict):
            book(offer, moment)


def test_contact_is_required(on_wednesday):
    with pytest.raises(ValidationFailed) as error:
        book(point(), at(dt.date(2025, 2, 10), 9), contact=contact(email=""))
    assert "email" in error.value.details


def test_reschedule_and_cancel_move_the_place(on_wednesday):
    offer = point(capacity=1)
    appointment = book(offer, at(dt.date(2025, 2, 10), 9)).appointment
    services.appointment_reschedule(appointment=appointment, starts_at=at(dt.date(2025, 2, 11), 9),
                                    expected_version=appointment.version)
    appointment.refresh_from_db()
    assert appointment.starts_at == at(dt.date(2025, 2, 11), 9)
    assert dict(Slot.objects.values_list("starts_at", "booked")) == {
        at(dt.date(2025, 2, 10), 9): 0, at(dt.date(2025, 2, 11), 9): 1}
    with pytest.raises(Conflict):  # stale version from before the move
        services.appointment_cancel(appointment=appointment, expected_version=1)
    services.appointment_cancel(appointment=appointment, expected_version=appointment.version)
    appointment.refresh_from_db()
    assert appointment.state == "cancelled"
    assert Slot.objects.get(starts_at=at(dt.date(2025, 2, 11), 9)).booked == 0
    with pytest.raises(Conflict):
        services.appointment_cancel(appointment=appointment)


def test_a_closure_after_booking_displaces_and_tells_the_citizen(on_wednesday):
    offer = point(capacity=1)
    day = dt.date(2025, 2, 12)
    kept = book(offer, at(dt.date(2025, 2, 11), 9)).appointment
    hit = book(offer, at(day, 14), contact=contact(email="hit@example.tw")).appointment
    morning = book(offer, at(day, 9), contact=contact(email="am@example.tw")).appointment
    ClosureFactory(locality=Locality.TAIPEI, date=day, starts_at=dt.time(12),
                   ends_at=dt.time(17, 30))
    states = dict(Appointment.objects.values_list("pk", "state"))
    assert states == {kept.pk: "booked", hit.pk: "displaced", morning.pk: "booked"}
    message = OutboxMessage.objects.get(event="appointment.displaced")
    assert message.recipient == "hit@example.tw"
    assert Slot.objects.get(starts_at=at(day, 14)).booked == 0
    hit.refresh_from_db()
    services.appointment_reschedule(appointment=hit, starts_at=at(dt.date(2025, 2, 13), 14))
    hit.refresh_from_db()
    assert hit.state == "booked"
    assert services.appointments_displace_for_closures(locality=Locality.TAIPEI) == 0


def test_reminders_go_on_working_days_for_the_days_up_to_the_next_one():
    with time_machine.travel(at(dt.date(2025, 3, 3), 9), tick=False):
        offer = point(saturday=True, capacity=5)
        thursday = book(offer, at(dt.date(2025, 3, 6), 9)).appointment
        friday = book(offer, at(dt.date(2025, 3, 7), 9)).appointment
        saturday = book(offer, at(dt.date(2025, 3, 8), 9)).appointment
        monday = book(offer, at(dt.date(2025, 3, 10), 9)).appointment
    reminded = lambda: set(OutboxMessage.objects.filter(  # noqa: E731
        event="appointment.reminder").values_list("related_id", flat=True))
    assert jobs.reminders(on=dt.date(2025, 3, 5)).queued == 1
    assert reminded() == {str(thursday.pk)}
    jobs.reminders(on=dt.date(2025, 3, 6))
    assert reminded() == {str(thursday.pk), str(friday.pk)}
    assert not jobs.reminders(on=dt.date(2025, 3, 8)).ran  # a Saturday: no jobs
    assert jobs.reminders(on=dt.date(2025, 3, 7)).queued == 2  # Saturday and Monday
    assert jobs.reminders(on=dt.date(2025, 3, 7)).queued == 0  # once only
    assert reminded() == {str(a.pk) for a in (thursday, friday, saturday, monday)}


def test_check_in_then_serve_records_the_wait_and_no_show_waits_for_the_time(on_wednesday):
    offer = point()
    officer = staff_user(offer.service_point.unit, Role.OFFICER)
    stranger = staff_user(None, Role.OFFICER)
    appointment = book(offer, at(WEDNESDAY, 10)).appointment
    with pytest.raises(PermissionDenied):
        services.appointment_check_in(appointment=appointment, actor=stranger,
                                      expected_version=appointment.version)
    with pytest.raises(Conflict):
        services.appointment_no_show(appointment=appointment, actor=officer,
                                     expected_version=appointment.version)
    appointment = services.appointment_check_in(appointment=appointment, actor=officer,
                                                expected_version=appointment.version)
    with time_machine.travel(at(WEDNESDAY, 9, 12), tick=False):
        appointment = services.appointment_serve(appointment=appointment, actor=officer,
                                                 expected_version=appointment.version)
    assert appointment.state == "served"
    assert appointment.waiting_minutes == 12
    other = book(offer, at(WEDNESDAY, 10), contact=contact(email="x@example.tw")).appointment
    with time_machine.travel(at(WEDNESDAY, 10, 20), tick=False):
        services.appointment_no_show(appointment=other, actor=officer,
                                     expected_version=other.version)
    other.refresh_from_db()
    assert other.state == "no_show"


def test_a_home_visit_needs_a_supervisors_approval(on_wednesday):
    offer = point(home_visits=True)
    requested = services.home_visit_request(
        offer=offer, preferred_date=dt.date(2025, 2, 12), home_address="臺北市信義路五段7號",
        contact=contact(), note="行動不便").appointment
    assert requested.state == "requested" and requested.slot is None
    officer = staff_user(offer.service_point.unit, Role.OFFICER)
    supervisor = staff_user(offer.service_point.unit, Role.SUPERVISOR)
    registered = steps_for("appointment")
    assert [s.name for s in registered.offered(requested, officer)] == []
    assert [s.name for s in registered.offered(requested, supervisor)] == ["approve", "decline"]
    with pytest.raises(PermissionDenied):
        services.home_visit_approve(appointment=requested, actor=officer,
                                    expected_version=requested.version,
                                    starts_at=at(dt.date(2025, 2, 12), 14))
    approved = services.home_visit_approve(appointment=requested, actor=supervisor,
                                           expected_version=requested.version,
                                           starts_at=at(dt.date(2025, 2, 12), 14))
    assert approved.state == "booked"
    assert OutboxMessage.objects.filter(event="appointment.home_visit_approved").exists()
    with pytest.raises(ValidationFailed):
        services.home_visit_request(offer=point(code="other"), preferred_date=WEDNESDAY,
                                    home_address="", contact=contact(), note="")


def test_appointments_for_contact_finds_them_by_email_or_phone(on_wednesday):
    offer = point(capacity=3)
    by_mail = book(offer, at(dt.date(2025, 2, 10), 9)).appointment
    by_phone = book(offer, at(dt.date(2025, 2, 10), 9),
                    contact=contact(email="", phone="0912345678")).appointment
    assert list(selectors.appointments_for_contact(email="MING@example.tw")) == [by_mail]
    assert set(selectors.appointments_for_contact(email="ming@example.tw",
                                                  phone="0912345678")) == {by_mail, by_phone}
    assert not selectors.appointments_for_contact().exists()
