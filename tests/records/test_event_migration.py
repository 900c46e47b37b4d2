"""Moving to one event history loses nothing: every application and petition event
written before the move (the demo's, and old-style rows written with the historical
models) is in the new history with its note, actor, states and time, under its new
action name and with its record's organisation."""

import datetime as dt
import importlib

import pytest
from django.core.management import call_command

from minfu.cases.models import Case, CaseEvent
from minfu.core.audit import registered_actions
from minfu.voice.models import Petition, PetitionEvent
from tests.migration_support import migrate_to

OLD_STATE = [("core", "0001_initial"), ("cases", "0003_indexes_for_queues_and_metrics"),
             ("voice", "0002_default_templates")]
CASE_RENAMED = importlib.import_module("minfu.cases.migrations.0005_event_history_data").RENAMED
PETITION_RENAMED = importlib.import_module(
    "minfu.voice.migrations.0004_event_history_data").RENAMED
AUDIT_RENAMED = importlib.import_module(
    "minfu.core.migrations.0003_audit_action_names").RENAMED
WHEN = dt.datetime(2025, 3, 5, 9, 30, tzinfo=dt.UTC)


def _old_rows(model, note_field):
    return {row["id"]: row for row in model.objects.values(
        "id", "action", "at", "actor_id", "actor_kind", "from_state", "to_state", "data",
        note_field)}


def _write_old_style_events(old_apps, case, petition, actor_id):
    """One event for every old action name, as the code before the move wrote them."""
    OldCaseEvent = old_apps.get_model("cases", "CaseEvent")
    OldPetitionEvent = old_apps.get_model("voice", "PetitionEvent")
    for old in CASE_RENAMED:
        OldCaseEvent.objects.create(
            case_id=case.pk, at=WHEN, actor_id=actor_id, actor_kind="staff", action=old,
            from_state="received", to_state="accepted", data={"old": old},
            public_note_zh=f"說明 {old}", public_note_en=f"note {old}")
    for old, data in [*((old, {}) for old in PETITION_RENAMED), ("reply", {"via": 1})]:
        OldPetitionEvent.objects.create(
            petition_id=petition.pk, at=WHEN, actor_id=None, actor_kind="petitioner",
            action=old, from_state="received", to_state="in_progress", data=data,
            public_note=f"陳情 {old}")
    OldAuditEvent = old_apps.get_model("core", "AuditEvent")
    for old in AUDIT_RENAMED:
        OldAuditEvent.objects.create(action=old, object_type="cases.case",
                                     object_id=str(case.pk))


@pytest.mark.django_db(transaction=True)
def test_every_old_event_is_in_the_new_history():
    call_command("load_demo", verbosity=0)
    case, petition = Case.objects.first(), Petition.objects.first()
    actor_id = case.events.exclude(actor=None).values_list("actor_id", flat=True).first()
    old_apps = migrate_to(OLD_STATE)
    _write_old_style_events(old_apps, case, petition, actor_id)
    old_cases = _old_rows(old_apps.get_model("cases", "CaseEvent"), "public_note_zh")
    old_petitions = _old_rows(old_apps.get_model("voice", "PetitionEvent"), "public_note")
    assert len(old_cases) > len(CASE_RENAMED) and len(old_petitions) > len(PETITION_RENAMED)

    migrate_to()

    _check(CaseEvent, old_cases, CASE_RENAMED, "public_note_zh", "case")
    _check(PetitionEvent, old_petitions, PETITION_RENAMED, "public_note", "petition")
    assert PetitionEvent.objects.filter(action="petition.reply.sent").count() >= 1
    assert not set(CaseEvent.objects.values_list("action", flat=True)) - registered_actions()
    assert not set(PetitionEvent.objects.values_list("action", flat=True)) \
        - registered_actions()
    from minfu.core.models import AuditEvent
    stored_audit = set(AuditEvent.objects.values_list("action", flat=True))
    assert not stored_audit - registered_actions()
    assert not AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk),
                                         organisation_id=None).exists()


def _check(model, old_rows, renamed, old_note_field, record_field):
    new_rows = {event.pk: event for event in model.objects.select_related(record_field)}
    assert set(new_rows) == set(old_rows)
    for pk, old in old_rows.items():
        event = new_rows[pk]
        expected_action = renamed.get(old["action"], old["action"])
        if old["action"] == "reply" and "via" in old["data"]:
            expected_action = "petition.reply.sent"
        assert event.action == expected_action, old
        assert (event.occurred_at, event.actor_id, event.actor_kind) \
            == (old["at"], old["actor_id"], old["actor_kind"])
        assert (event.from_state, event.to_state, event.data) \
            == (old["from_state"], old["to_state"], old["data"])
        assert event.public_note_zh == old[old_note_field]
        assert event.organisation_id == getattr(event, record_field).organisation_id


@pytest.mark.django_db
def test_after_the_demo_every_case_and_petition_has_events():
    call_command("load_demo", verbosity=0)
    assert Case.objects.exists() and Petition.objects.exists()
    assert not Case.objects.filter(events__isnull=True).exists()
    assert not Petition.objects.filter(events__isnull=True).exists()
    assert not CaseEvent.objects.exclude(action__in=registered_actions()).exists()
    assert not PetitionEvent.objects.exclude(action__in=registered_actions()).exists()
