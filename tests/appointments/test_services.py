"""Booking, moving and cancelling by the link, closures, reminders, the counter steps and
home visits, through the services on the shipped office calendar."""

import datetime as dt

import pytest
import time_machine

from minfu.appointments import jobs, selectors, services
from minfu.appointments.models import Appointment, Slot, SpecialDay
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
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


def test_a_home_visit_asked_for_another_day_waits_for_approval_again(on_wednesday):
    offer = point(home_visits=True)
    requested = services.home_visit_request(
        offer=offer, preferred_date=dt.date(2025, 2, 12), home_address="臺北市信義路五段7號",
        contact=contact(), note="行動不便").appointment
    supervisor = staff_user(offer.service_point.unit, Role.SUPERVISOR)
    approved = services.home_visit_approve(appointment=requested, actor=supervisor,
                                           expected_version=requested.version,
                                           starts_at=at(dt.date(2025, 2, 12), 14))
    with pytest.raises(ValidationFailed):  # a day already past is no day to visit
        services.home_visit_ask_again(appointment=approved, preferred_date=WEDNESDAY,
                                      expected_version=approved.version)
    with pytest.raises(Conflict):  # the page read before the approval is stale
        services.home_visit_ask_again(appointment=approved, preferred_date=dt.date(2025, 2, 19),
                                      expected_version=requested.version - 1)
    again = services.home_visit_ask_again(appointment=approved, note="改週三下午",
                                          preferred_date=dt.date(2025, 2, 19),
                                          expected_version=approved.version)
    assert (again.state, again.starts_at, again.preferred_date, again.note) == (
        "requested", None, dt.date(2025, 2, 19), "改週三下午")
    assert again.events.filter(action="appointment.home_visit_day.changed").exists()
    assert selectors.home_visits_waiting(supervisor).filter(pk=again.pk).exists()
    counter = book(point(code="counter"), at(dt.date(2025, 2, 10), 9)).appointment
    with pytest.raises(Conflict):
        services.home_visit_ask_again(appointment=counter, preferred_date=dt.date(2025, 2, 19),
                                      expected_version=counter.version)


def test_appointments_for_contact_finds_them_by_email_or_phone(on_wednesday):
    offer = point(capacity=3)
    by_mail = book(offer, at(dt.date(2025, 2, 10), 9)).appointment
    by_phone = book(offer, at(dt.date(2025, 2, 10), 9),
                    contact=contact(email="", phone="0912345678")).appointment
    assert list(selectors.appointments_for_contact(email="MING@example.tw")) == [by_mail]
    assert set(selectors.appointments_for_contact(email="ming@example.tw",
                                                  phone="0912345678")) == {by_mail, by_phone}
    assert not selectors.appointments_for_contact().exists()


# ----- keeping service points ------------------------------------------------------------------

def _coordinator(offer):
    return staff_user(offer.service_point.unit, Role.QUALITY_COORDINATOR)


def _row(weekday, opens, closes, **flags):
    return services.HoursRow(weekday, dt.time(*opens), dt.time(*closes), **flags)


def test_new_hours_displace_the_booked_times_they_close_and_tell_the_citizen(on_wednesday):
    offer = point(capacity=2)
    coordinator = _coordinator(offer)
    monday = dt.date(2025, 2, 10)
    morning = book(offer, at(monday, 9)).appointment
    afternoon = book(offer, at(monday, 14), contact=contact(email="pm@example.tw")).appointment
    the_point = offer.service_point
    rows = [_row(weekday, (8, 30), (12, 30)) for weekday in range(5)]
    changed = services.opening_hours_replace(point=the_point, rows=rows, actor=coordinator,
                                             expected_version=the_point.version)
    assert changed.displaced == 1 and changed.point.version == the_point.version + 1
    states = dict(Appointment.objects.values_list("pk", "state"))
    assert states == {morning.pk: "booked", afternoon.pk: "displaced"}
    message = OutboxMessage.objects.get(event="appointment.time_withdrawn")
    assert message.recipient == "pm@example.tw"
    assert Slot.objects.get(starts_at=at(monday, 14)).booked == 0
    assert AuditEvent.objects.filter(action="service_point.hours.changed").exists()
    assert [s.starts_at for s in _slots(offer, monday)][-1] == at(monday, 12)
    with pytest.raises(Conflict):  # the version read before the change
        services.opening_hours_replace(point=the_point, rows=rows, actor=coordinator,
                                       expected_version=the_point.version)


def test_hours_must_close_after_they_open_and_not_overlap_on_one_day(on_wednesday):
    offer = point()
    the_point = offer.service_point
    for rows in ([_row(0, (9, 0), (8, 0))],
                 [_row(0, (8, 30), (12, 30)), _row(0, (12, 0), (17, 0))]):
        with pytest.raises(ValidationFailed) as refused:
            services.opening_hours_replace(point=the_point, rows=rows,
                                           actor=_coordinator(offer),
                                           expected_version=the_point.version)
        assert refused.value.details["hours"]
    touching = [_row(0, (8, 30), (12, 30)), _row(0, (12, 30), (17, 0)),
                _row(5, (9, 0), (12, 0), on_days_off=True, extended=True)]
    services.opening_hours_replace(point=the_point, rows=touching, actor=_coordinator(offer),
                                   expected_version=the_point.version)
    assert the_point.hours.count() == 3


def test_only_the_points_keepers_change_it(on_wednesday):
    offer = point()
    the_point = offer.service_point
    for stranger in (staff_user(None, Role.QUALITY_COORDINATOR),
                     staff_user(the_point.unit, Role.OFFICER)):
        with pytest.raises(PermissionDenied):
            services.special_day_add(point=the_point, date=dt.date(2025, 2, 12), closed=True,
                                     opens=None, closes=None, actor=stranger,
                                     expected_version=the_point.version)


def test_a_special_day_closes_or_opens_and_its_removal_restores_the_week(on_wednesday):
    offer = point(capacity=1)
    coordinator = _coordinator(offer)
    the_point = offer.service_point
    day = dt.date(2025, 2, 12)
    booked = book(offer, at(day, 9)).appointment
    changed = services.special_day_add(point=the_point, date=day, closed=False,
                                       opens=dt.time(13, 30), closes=dt.time(19),
                                       note_zh="報稅季延長服務", actor=coordinator,
                                       expected_version=the_point.version)
    assert changed.displaced == 1
    booked.refresh_from_db()
    assert booked.state == "displaced"
    assert [s.starts_at for s in _slots(offer, day)][-1] == at(day, 18, 30)
    with pytest.raises(ValidationFailed):  # a closed day cannot join the hours
        services.special_day_add(point=the_point, date=day, closed=True, opens=None,
                                 closes=None, actor=coordinator,
                                 expected_version=changed.point.version)
    with pytest.raises(ValidationFailed):  # overlapping hours the same day
        services.special_day_add(point=the_point, date=day, closed=False, opens=dt.time(18),
                                 closes=dt.time(20), actor=coordinator,
                                 expected_version=changed.point.version)
    with pytest.raises(ValidationFailed):  # a day gone by
        services.special_day_add(point=the_point, date=dt.date(2025, 2, 4), closed=True,
                                 opens=None, closes=None, actor=coordinator,
                                 expected_version=changed.point.version)
    removed = services.special_day_remove(point=the_point,
                                          special_day=the_point.special_days.get(),
                                          actor=coordinator,
                                          expected_version=changed.point.version)
    assert removed.displaced == 0
    assert [s.starts_at for s in _slots(offer, day)][0] == at(day, 8, 30)


def test_a_shorter_slot_keeps_the_times_that_still_start_a_slot(on_wednesday):
    offer = point(capacity=2)
    the_point = offer.service_point
    kept = book(offer, at(dt.date(2025, 2, 10), 9)).appointment
    gone = book(offer, at(dt.date(2025, 2, 10), 9, 30)).appointment
    the_point.slot_minutes = 45  # 08:30, 09:15, 10:00 ...
    services.service_point_save(point=the_point, actor=_coordinator(offer),
                                expected_version=the_point.version)
    assert dict(Appointment.objects.values_list("pk", "state")) == {
        kept.pk: "displaced", gone.pk: "displaced"}
    the_point.slot_minutes = 30
    services.service_point_save(point=the_point, actor=_coordinator(offer),
                                expected_version=the_point.version)
    kept.refresh_from_db()
    assert kept.state == "displaced"  # once displaced, the citizen chooses


def test_a_points_code_is_unique_and_its_numbers_in_range(on_wednesday):
    offer = point()
    other = point(code="second").service_point
    other.code, other.slot_minutes, other.accessibility = "main", 1, ["teleport"]
    with pytest.raises(ValidationFailed) as refused:
        services.service_point_save(point=other, actor=staff_user(other.unit,
                                                                  Role.AGENCY_ADMIN),
                                    expected_version=other.version)
    assert set(refused.value.details) == {"slot_minutes", "accessibility"}
    assert offer.service_point.organisation_id != other.organisation_id


def test_offers_come_from_the_organisations_catalogue_once_each(on_wednesday):
    from tests.catalog.factories import published

    offer = point()
    the_point = offer.service_point
    coordinator = _coordinator(offer)
    booked = book(offer, at(dt.date(2025, 2, 10), 9)).appointment
    foreign = point(code="x").service_type
    for service_type in (foreign, offer.service_type):
        with pytest.raises(ValidationFailed):
            services.service_offer_save(point=the_point, service_type=service_type,
                                        capacity=1, home_visits=False, active=True,
                                        actor=coordinator, expected_version=the_point.version)
    with pytest.raises(ValidationFailed):
        services.service_offer_save(point=the_point, offer=offer, capacity=0,
                                    home_visits=False, active=True, actor=coordinator,
                                    expected_version=the_point.version)
    second = published(the_point.unit, "TAX-REFUND").service_type
    added = services.service_offer_save(point=the_point, service_type=second, capacity=3,
                                        home_visits=True, active=True, actor=coordinator,
                                        expected_version=the_point.version)
    assert added.service_point == the_point and added.capacity == 3
    changed = services.service_offer_save(point=the_point, offer=offer, capacity=1,
                                          home_visits=False, active=False, actor=coordinator,
                                          expected_version=the_point.version + 1)
    assert not changed.active
    booked.refresh_from_db()
    assert booked.state == "booked"  # only new bookings follow
