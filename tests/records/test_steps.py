"""The step registry is what the staff pages and the API dispatch through: every
registered step can be posted from the record's staff page and from the API, and a step
is one declaration."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.cases import services as case_services
from minfu.records.step_api import add_step_routes
from minfu.records.steps import RecordSteps, Step, kinds, steps_for
from minfu.records.workflow import StateMachine, Transition
from tests.appointments import factories as appointment_factories
from tests.cases import factories as case_factories
from tests.org.factories import superuser
from tests.participation import proposal_factories as participation_factories
from tests.voice import factories as voice_factories

pytestmark = pytest.mark.django_db

TODAY = case_factories.at(dt.date(2025, 3, 5), 11)


def _case():
    version = case_factories.service(period_value=5)
    case, _code = case_factories.submit(version, received_at=case_factories.at(
        dt.date(2025, 3, 3)))
    item = version.documents.first()
    case_services.deficiency_notice_issue(case=case, items=[item.pk],
                                          supplement_due_date=dt.date(2025, 4, 1))
    case.refresh_from_db()
    fetched = version.documents.get(fetched_by_agency=True)
    return case, {"item": item.pk, "fetched": fetched.pk}


def _appointment():
    offer = appointment_factories.point()
    booked = appointment_factories.book(offer, appointment_factories.at(dt.date(2025, 3, 6), 9))
    return booked.appointment, {}


def _petition():
    unit = voice_factories.agency_unit()
    petition, _code = voice_factories.submit(unit)
    return petition, {"officer": voice_factories.officer(unit).pk}


def _proposal():
    proposal, _code = participation_factories.proposal(participation_factories.agency_unit())
    return proposal, {}


# Per kind: a record, its page URL name and API path, and an example input per step for
# the page's form (without prefix and version) and for the API (without the version).
KINDS = {
    "appointment": (_appointment, "appointments:staff-action",
                    "/api/v1/appointments/appointments/{pk}/{path}/", {
        "check_in": ({}, {}),
        "serve": ({}, {}),
        "no_show": ({}, {}),
        "approve": ({"day": "2025-03-10", "time": "10:00"},
                    {"starts_at": "2025-03-10T10:00:00+08:00"}),
        "decline": ({"reason": "too far"}, {"reason": "too far"}),
    }),
    "case": (_case, "cases:staff-action", "/api/v1/cases/applications/{pk}/{path}/", {
        "accept": ({}, {}),
        "start_review": ({}, {}),
        "request_supplement": (lambda x: {"items": [x["item"]],
                                          "supplement_due_date": "2025-04-30"},
                               lambda x: {"items": [{"document_id": x["item"]}],
                                          "supplement_due_date": "2025-04-30"}),
        "paper_supplement": (lambda x: {f"paper_{x['item']}": "on"},
                             lambda x: {"paper_items": [x["item"]]}),
        "supply_lapsed": ({}, {}),
        "fetched_check": (lambda x: {"item": x["fetched"], "method": "own_records",
                                     "checked_on": "114/03/05"},
                          lambda x: {"item": x["fetched"], "method": "own_records",
                                     "checked_on": "2025-03-05"}),
        "pause_start": ({"reason": "ruling", "legal_basis": "§1"},
                        {"reason": "ruling", "legal_basis": "§1"}),
        "pause_end": ({}, {}),
        "extend": ({"reason": "busy", "extra_value": 1}, {"reason": "busy", "extra_value": 1}),
        "decide": ({"outcome": "rejected", "public_note_zh": "資格不符"},
                   {"outcome": "rejected", "public_note_zh": "資格不符"}),
        "close": ({}, {}),
        "withdraw": ({}, {"reason": "asked"}),
        "transfer": ({"to_organisation_name": "財政部", "reason": "competent"},
                     {"to_organisation_name": "財政部", "reason": "competent"}),
    }),
    "petition": (_petition, "voice:staff-action", "/api/v1/voice/petitions/{pk}/{path}/", {
        "start": ({}, {}),
        "assign": (lambda x: {"officer": x["officer"]}, None),
        "extend": ({"value": 5, "reason": "busy"}, {"value": 5, "reason": "busy"}),
        "draft_reply": ({"text": "fixed"}, {"text": "fixed"}),
        "approve_reply": ({}, {}),
        "return_draft": ({"note": "shorter"}, {"note": "shorter"}),
        "not_handled": ({"ground": "no_content"}, {"ground": "no_content"}),
        "merge": ({"into_number": "X"}, {"into": 1}),
        "transfer": ({"to_name": "交通部", "reason": "competent"},
                     {"to_name": "交通部", "reason": "competent"}),
        "close": ({}, {}),
        "reopen": ({"note": "again"}, {"note": "again"}),
    }),
    "proposal": (_proposal, "participation:staff-proposal-action",
                 "/api/v1/participation/staff/proposals/{pk}/{path}/", {
        "open_signing": ({"threshold": 100, "signing_days": 30},
                         {"threshold": 100, "signing_days": 30}),
        "reject": ({"reason": "unlawful"}, {"reason": "unlawful"}),
        "merge": ({"into_number": "X"}, {"into": 1}),
        "respond": ({"outcome": "adopted", "text": "ok"}, {"outcome": "adopted", "text": "ok"}),
        "extend": ({"reason": "busy"}, {"reason": "busy"}),
    }),
}


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def performed(monkeypatch):
    """Every step performed through the registry, with what it was given (the services
    themselves are tested in each app)."""
    calls = []

    def perform(record_steps, step, record, user, *, expected_version, arguments):
        calls.append((record_steps.kind, step.name, record.pk, expected_version, arguments))
        return SimpleNamespace(sequence=1)

    monkeypatch.setattr(RecordSteps, "perform", perform)
    return calls


def _example(value, extra):
    return value(extra) if callable(value) else value


def test_every_registered_kind_and_step_has_an_example_here():
    assert sorted(KINDS) == kinds()
    for kind in kinds():
        assert {step.name for step in steps_for(kind).steps} == set(KINDS[kind][3]), kind


@pytest.mark.parametrize(("kind", "name"), [(kind, name) for kind in sorted(KINDS)
                                            for name in KINDS[kind][3]])
def test_every_step_is_performed_from_the_staff_page_and_the_api(client, performed, kind,
                                                                  name):
    make, page_url, api_url, examples = KINDS[kind]
    record, extra = make()
    step = steps_for(kind).get(name)
    page_input, api_input = examples[name]
    user = superuser()
    client.force_login(user)

    data = {f"{name}-{key}": value for key, value in _example(page_input, extra).items()}
    data[f"{name}-version"] = record.version
    response = client.post(reverse(page_url, args=[record.pk, name]), data)
    assert response.status_code == 302, getattr(response, "context", None) and \
        response.context["action_forms"][name].errors
    assert performed[-1][:4] == (kind, name, record.pk, record.version)

    if step.api_input is None:
        assert api_input is None
        return
    api = APIClient()
    api.force_authenticate(user)
    body = {**_example(api_input, extra), "expected_version": record.version}
    response = api.post(api_url.format(pk=record.pk, path=step.api_path), body, format="json")
    assert response.status_code == 200, response.content
    assert performed[-1][:4] == (kind, name, record.pk, record.version)


def test_a_step_the_user_may_not_take_is_not_offered_and_its_post_is_refused(client):
    record, _extra = _case()
    outsider = case_factories.officer(voice_factories.agency_unit())
    client.force_login(outsider)
    response = client.post(reverse("cases:staff-action", args=[record.pk, "accept"]),
                           {"accept-version": record.version})
    assert response.status_code == 404  # another agency's record is not found
    assert steps_for("case").offered(record, outsider) == []


def test_a_new_step_is_one_declaration():
    machine = StateMachine(states=["new", "done"], initial="new", terminal={"done"},
                           transitions=[Transition("finish", {"new"}, "done")])
    form, serializer = object(), object()
    steps = RecordSteps(kind="example", record_argument="thing", machine=machine,
                        may=lambda user, action, record: True, steps=(
                            Step("finish", "Finish", form, "cases.handle", lambda **kw: kw,
                                 "Done.", api_input=serializer, workflow_step="finish"),))

    class ExampleViewSet:
        pass

    add_step_routes(ExampleViewSet, steps, output=object)
    assert ExampleViewSet.finish.url_path == "finish"
    assert ExampleViewSet.finish.mapping == {"post": "finish"}
    assert [step.name for step in steps.offered(SimpleNamespace(state="new"), None)] == \
        ["finish"]
    assert steps.offered(SimpleNamespace(state="done"), None) == []
    assert steps.perform(steps.get("finish"), "record", "user", expected_version=3,
                         arguments={"note": "x"}) == {"thing": "record", "actor": "user",
                                                     "expected_version": 3, "note": "x"}
