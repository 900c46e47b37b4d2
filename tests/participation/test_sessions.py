"""Co-design sessions: places then the waiting list, promotion when someone cancels,
one registration per address, reminders the working day before, attendance and the
feedback survey, decisions."""

import datetime as dt

import pytest
import time_machine

from minfu.core.errors import Conflict
from minfu.notify.models import OutboxMessage
from minfu.participation import jobs
from minfu.participation import sessions_services as services
from minfu.participation.models.sessions import Registration
from minfu.participation.sessions_selectors import sessions_for
from tests.org.factories import staff_user

from .proposal_factories import TAIPEI, agency_unit, at, participant, session

pytestmark = pytest.mark.django_db


def test_places_then_the_waiting_list():
    unit = agency_unit()
    event = session(unit, capacity=2)
    statuses = [services.registration_create(session=event, participant=participant()).status
                for _ in range(3)]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    assert services.counts(event) == {"confirmed": 2, "waiting": 1}
    assert OutboxMessage.objects.filter(event="session.registered").count() == 3


def test_a_full_session_refuses_who_will_not_wait():
    unit = agency_unit()
    event = session(unit, capacity=1)
    services.registration_create(session=event, participant=participant())
    with pytest.raises(Conflict) as refused:
        services.registration_create(session=event, participant=participant(),
                                     waiting_list=False)
    assert refused.value.code == "session_full"
    assert services.counts(event) == {"confirmed": 1, "waiting": 0}


def test_registering_again_is_the_same_registration():
    unit = agency_unit()
    event = session(unit)
    person = participant()
    first = services.registration_create(session=event, participant=person)
    again = services.registration_create(session=event, participant=person)
    assert first.pk == again.pk and Registration.objects.count() == 1


def test_a_cancelled_place_goes_to_the_first_waiting():
    unit = agency_unit()
    event = session(unit, capacity=1)
    holder, first_waiting, second_waiting = participant(), participant(), participant()
    for person in (holder, first_waiting, second_waiting):
        services.registration_create(session=event, participant=person)
    services.registration_cancel(session=event, participant=holder)
    statuses = dict(Registration.objects.values_list("participant", "status"))
    assert statuses == {holder.pk: "cancelled", first_waiting.pk: "confirmed",
                        second_waiting.pk: "waiting"}
    assert OutboxMessage.objects.filter(event="session.promoted",
                                        recipient=first_waiting.address).exists()


def test_more_places_promote_the_waiting_list():
    unit = agency_unit()
    event = session(unit, capacity=1)
    for _ in range(3):
        services.registration_create(session=event, participant=participant())
    event.capacity = 3
    services.session_save(actor=staff_user(unit), session=event, expected_version=event.version)
    assert services.counts(event) == {"confirmed": 3, "waiting": 0}


def test_no_registration_for_a_cancelled_session():
    unit = agency_unit()
    event = session(unit)
    services.session_cancel(actor=staff_user(unit), session=event, reason="颱風",
                            expected_version=event.version)
    with pytest.raises(Conflict):
        services.registration_create(session=event, participant=participant())


def test_reminders_go_out_the_working_day_before_once():
    unit = agency_unit()
    # Friday 11 December 2026 reminds of Monday 14 December's session.
    with time_machine.travel(at(dt.date(2026, 12, 1)), tick=False):
        event = session(unit, starts_at=at(dt.date(2026, 12, 14), 14))
        services.registration_create(session=event, participant=participant())
    assert jobs.session_reminders(on=dt.date(2026, 12, 10)).queued == 0
    assert jobs.session_reminders(on=dt.date(2026, 12, 11)).queued == 1
    assert jobs.session_reminders(on=dt.date(2026, 12, 11)).queued == 0
    assert jobs.session_reminders(on=dt.date(2026, 12, 12)).ran is False
    assert OutboxMessage.objects.filter(event="session.reminder").count() == 1


def test_attendance_and_decisions():
    unit = agency_unit()
    with time_machine.travel(at(dt.date(2026, 12, 1)), tick=False):
        event = session(unit, starts_at=at(dt.date(2026, 12, 3), 14))
        came = services.registration_create(session=event, participant=participant())
        services.registration_create(session=event, participant=participant())
    with time_machine.travel(dt.datetime(2026, 12, 3, 17, tzinfo=TAIPEI), tick=False):
        held = services.attendance_record(actor=staff_user(unit), session=event,
                                          attended={came.pk}, expected_version=event.version)
    assert held.state == "held"
    assert list(Registration.objects.filter(attended=True)) == [came]
    decision = services.decision_add(actor=staff_user(unit), session=held,
                                     text_zh="線上申請頁面增加進度說明")
    assert list(held.decisions.all()) == [decision]


def test_staff_see_only_their_agencies_sessions():
    unit, other = agency_unit(), agency_unit()
    mine = session(unit)
    session(other)
    assert [s.pk for s in sessions_for(staff_user(unit))] == [mine.pk]
