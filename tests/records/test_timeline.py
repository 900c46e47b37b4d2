"""One event history for every record kind: `event_record` takes the organisation from
the record and the event model from the record's kind; the timeline built from it shows
officers everything and citizens the public steps, with the notes meant for them in the
page's language."""

import datetime as dt

import pytest
from django.utils import translation

from minfu.cases import actions as case_actions
from minfu.cases.models import CaseEvent
from minfu.records.events import (
    event_build,
    event_record,
    events_append_many,
    events_bulk_create,
)
from minfu.records.models import ActorKind
from minfu.records.timeline import timeline
from minfu.voice import actions as petition_actions
from minfu.voice.models import PetitionEvent
from tests.cases.factories import at, service
from tests.cases.factories import submit as submit_case
from tests.voice.factories import agency_unit
from tests.voice.factories import submit as submit_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return submit_case(service(), received_at=at(dt.date(2025, 3, 3)))[0]


def test_one_function_writes_the_events_of_every_kind(case):
    petition, _code = submit_petition(agency_unit())
    for record, action in ((case, case_actions.CASE_ESCALATED),
                           (petition, petition_actions.PETITION_ESCALATED)):
        event = event_record(record=record, action=action, to_state=record.state)
        assert event.record == record and event.organisation_id == record.organisation_id
    assert isinstance(petition.events.last(), PetitionEvent)


def test_an_unregistered_action_is_refused(case):
    with pytest.raises(ValueError, match="unregistered"):
        event_record(record=case, action="case.teleported")


def test_bulk_writes_go_through_the_same_builder(case):
    built = [event_build(record=case, action=case_actions.CASE_ESCALATED) for _ in range(3)]
    events_bulk_create(built)
    assert case.events.filter(action=case_actions.CASE_ESCALATED).count() == 3


def test_a_batch_job_appends_the_rows_event_record_would(case):
    """`events_append_many` (COPY on PostgreSQL) writes what `event_record` writes."""
    one = event_record(record=case, action=case_actions.CASE_ESCALATED,
                       from_state=case.state, to_state=case.state, data={"n": 1})
    written = events_append_many(
        CaseEvent, [(case.pk, case.organisation_id, case.state, {"n": 2, "zh": "颱風"})],
        action=case_actions.CASE_ESCALATED, occurred_at=one.occurred_at)
    assert written == 1
    fields = ("case_id", "organisation_id", "occurred_at", "actor_id", "actor_kind", "action",
              "from_state", "to_state", "public_note_zh", "public_note_en",
              "internal_note_zh", "internal_note_en")
    first, second = CaseEvent.objects.filter(action=case_actions.CASE_ESCALATED).order_by("pk")
    assert [getattr(first, name) for name in fields] == \
        [getattr(second, name) for name in fields]
    assert (first.data, second.data) == ({"n": 1}, {"n": 2, "zh": "颱風"})
    with pytest.raises(ValueError, match="unregistered"):
        events_append_many(CaseEvent, [], action="case.teleported")


def test_public_notes_in_the_page_language_and_internal_notes_for_staff_only(case):
    event_record(record=case, action=case_actions.CASE_EXTENDED, actor_kind=ActorKind.STAFF,
                 to_state=case.state, public_note_zh="延長十日", public_note_en="Extended",
                 internal_note_zh="主管核准", internal_note_en="Approved by the head")
    event_record(record=case, action=case_actions.CASE_PAUSE_STARTED, to_state=case.state,
                 public_note_zh="等候他機關")
    with translation.override("en"):
        [*_, extended, paused] = timeline(case, public=True)
        assert (extended.note, paused.note) == ("Extended", "等候他機關")
        assert extended.internal_note == "" and extended.actor_name == ""
        [*_, staff_extended, _paused] = timeline(case)
        assert staff_extended.internal_note == "Approved by the head"
        assert staff_extended.actor_name == "Staff"
    with translation.override("zh-hant"):
        [*_, extended, _paused] = timeline(case)
        assert (extended.note, extended.internal_note) == ("延長十日", "主管核准")


def test_the_public_timeline_keeps_only_public_steps(case):
    event_record(record=case, action=case_actions.CASE_ASSIGNED, to_state=case.state)
    assert [e.action for e in timeline(case, public=True)] == [case_actions.CASE_SUBMITTED]
    assert [e.label for e in timeline(case)][-1] == str(
        case_actions.TIMELINE_LABELS[case_actions.CASE_ASSIGNED])
