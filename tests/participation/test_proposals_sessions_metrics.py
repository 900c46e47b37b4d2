"""The metrics of proposals and sessions count what happened, by the local day."""

import datetime as dt

import pytest
import time_machine

from minfu.metrics.registry import metric
from minfu.participation import proposals_services, sessions_services
from tests.org.factories import staff_user

from .proposal_factories import (
    TAIPEI,
    agency_unit,
    at,
    open_proposal,
    participant,
    responder,
    session,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 7)


def facts(code: str):
    return list(metric(code).source(DAY, DAY))


def test_proposals_signatures_and_answers_on_time():
    unit = agency_unit()
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, tzinfo=TAIPEI), tick=False):
        opened = open_proposal(unit, threshold=1)
        proposals_services.proposal_sign(proposal=opened, participant=participant())
        opened.refresh_from_db()
        proposals_services.proposal_respond(actor=responder(unit), proposal=opened,
                                            outcome="partly_adopted", text="部分採納",
                                            expected_version=opened.version)
    assert sum(f.numerator for f in facts("participation.proposals")) == 1
    assert sum(f.numerator for f in facts("participation.co_signatures")) == 1
    [on_time] = facts("participation.proposals_answered_on_time")
    assert (on_time.numerator, on_time.denominator) == (1, 1)


def test_session_attendance():
    unit = agency_unit()
    with time_machine.travel(at(dt.date(2026, 12, 1)), tick=False):
        event = session(unit, starts_at=at(DAY, 9))
        came = sessions_services.registration_create(session=event, participant=participant())
        sessions_services.registration_create(session=event, participant=participant())
    with time_machine.travel(at(DAY, 12), tick=False):
        sessions_services.attendance_record(actor=staff_user(unit), session=event,
                                            attended={came.pk}, expected_version=event.version)
    [attendance] = facts("participation.session_attendance")
    assert (attendance.numerator, attendance.denominator) == (1, 2)
