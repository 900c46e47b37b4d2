"""The applications API: scoping, steps with expected_version, idempotent submission and
the public lookup."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minfu.cases.models import Case
from minfu.org.models import Role
from tests.cases.factories import at, officer, service, submit
from tests.org.factories import UnitFactory, staff_user

pytestmark = pytest.mark.django_db

TODAY = at(dt.date(2025, 3, 5), 11)


@pytest.fixture(autouse=True)
def _frozen_day():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def version():
    return service(period_value=5)


@pytest.fixture
def submitted(version):
    return submit(version, received_at=at(dt.date(2025, 3, 3)))


@pytest.fixture
def case(submitted):
    return submitted[0]


def as_user(user) -> APIClient:
    api = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _step(api, case, step, **data):
    url = reverse("api:cases-application-detail", args=[case.pk]) + f"{step}/"
    return api.post(url, data, format="json")


def test_list_and_detail_are_scoped(case):
    mine = as_user(officer(case.unit))
    body = mine.get(reverse("api:cases-application-list")).json()
    assert [row["number"] for row in body["results"]] == [case.number]
    detail = mine.get(reverse("api:cases-application-detail", args=[case.pk])).json()
    assert detail["timeline"][0]["action"] == "case.submitted"
    assert "accept" in detail["allowed_actions"]

    stranger = as_user(officer(UnitFactory()))
    assert stranger.get(reverse("api:cases-application-list")).json()["results"] == []
    response = stranger.get(reverse("api:cases-application-detail", args=[case.pk]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert _step(stranger, case, "accept", expected_version=case.version).status_code == 404


def test_list_filters_and_refuses_an_unknown_value(case, version):
    api = as_user(officer(case.unit))
    url = reverse("api:cases-application-list")

    def numbers(**query):
        response = api.get(url, query)
        assert response.status_code == 200, response.content
        return [row["number"] for row in response.json()["results"]]

    assert numbers(state="open", channel=case.channel, service_type=version.service_type_id) \
        == [case.number]
    assert numbers(state="closed") == numbers(mine="true") == numbers(due="overdue") == []
    with time_machine.travel(at(dt.date(2025, 3, 31), 11), tick=False):
        assert numbers(due="overdue") == [case.number]
    wrong = api.get(url, {"state": "nonsense", "due": "later"})
    assert wrong.status_code == 400
    assert set(wrong.json()["error"]["details"]) == {"state", "due"}


def test_steps_need_the_current_version(case):
    api = as_user(officer(case.unit))
    response = _step(api, case, "accept", expected_version=case.version)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted"
    stale = _step(api, case, "start-review", expected_version=case.version)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    current = response.json()["expected_version"]
    assert _step(api, case, "start-review", expected_version=current).json()["state"] == \
        "in_review"


def test_illegal_step_is_a_conflict(case):
    api = as_user(officer(case.unit))
    response = _step(api, case, "close", expected_version=case.version)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "step_not_allowed"


def test_deficiency_notice_and_decision_through_the_api(case):
    api = as_user(officer(case.unit))
    item = case.service_type_version.documents.first()
    response = _step(api, case, "request-supplement", expected_version=case.version,
                     items=[{"document_id": item.pk, "note": "unsigned"}],
                     supplement_due_date="2025-03-20")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "awaiting_supplement"
    decided = _step(api, case, "decide", expected_version=body["expected_version"],
                    outcome="approved")
    assert decided.status_code == 409  # only a refusal while documents are awaited


def test_supervisor_extends_and_assigns(case):
    supervisor = staff_user(case.unit, Role.SUPERVISOR)
    clerk = officer(case.unit)
    api = as_user(supervisor)
    response = _step(api, case, "extend", expected_version=case.version,
                     reason="Site visit", extra_value=2)
    assert response.status_code == 200, response.content
    assert response.json()["legal_due_date"] > case.legal_due_date.isoformat()
    assigned = _step(api, case, "assign", officer=clerk.username)
    assert assigned.json()["assigned_officer"] == clerk.username
    assert _step(as_user(clerk), case, "assign", officer=clerk.username).status_code == 403


def _submission(version):
    return {"service_version": version.pk, "applicant_kind": "person",
            "applicant_name": "王小明", "applicant_id_number": "A123456789",
            "contact_phone": "02-1234-5678", "consent": True}


def test_submit_is_idempotent_with_the_header(version):
    api = as_user(officer(version.responsible_unit))
    url = reverse("api:cases-application-list")
    first = api.post(url, _submission(version), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == 201, first.content
    assert first.json()["access_code"]
    again = api.post(url, _submission(version), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["access_code"] is None
    assert Case.objects.count() == 1
    other = api.post(url, _submission(version), format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
    assert other.status_code == 201
    assert Case.objects.count() == 2


def test_submit_validation_errors_use_the_error_body(version):
    api = as_user(officer(version.responsible_unit))
    data = _submission(version) | {"applicant_id_number": "A123456780"}
    response = api.post(reverse("api:cases-application-list"), data, format="json")
    assert response.status_code == 400
    assert "applicant_id_number" in response.json()["error"]["details"]


def test_counter_intake_for_a_service_another_unit_handles_answers_what_happened(version):
    front_desk = UnitFactory(organisation=version.service_type.organisation)
    api = as_user(officer(front_desk))
    response = api.post(reverse("api:cases-application-list"), _submission(version),
                        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get()
    assert (body["number"], body["unit"]) == (case.number, version.responsible_unit.code)
    assert body["access_code"] and body["visible_to_you"] is False
    assert api.get(reverse("api:cases-application-detail", args=[case.pk])).status_code == 404
    own = as_user(officer(version.responsible_unit)).post(
        reverse("api:cases-application-list"), _submission(version), format="json")
    assert own.json()["visible_to_you"] is True


def test_submit_for_a_service_out_of_scope_is_404(version):
    api = as_user(officer(UnitFactory()))
    response = api.post(reverse("api:cases-application-list"), _submission(version),
                        format="json")
    assert response.status_code == 404


# ----- public lookup -------------------------------------------------------------------

def test_lookup_with_number_and_code(submitted):
    case, code = submitted
    response = APIClient().post(reverse("api:cases-lookup-list"),
                                {"number": case.number.lower(), "access_code": code},
                                format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == case.number
    assert body["state"] == "received"
    assert all(entry["actor_name"] == "" for entry in body["timeline"])


def test_lookup_answers_the_same_for_wrong_code_and_unknown_number(submitted):
    case, _code = submitted
    api = APIClient()
    url = reverse("api:cases-lookup-list")
    wrong_code = api.post(url, {"number": case.number, "access_code": "ABCDEFGHJK"},
                          format="json")
    unknown = api.post(url, {"number": "ZZ-1140305-9999", "access_code": "ABCDEFGHJK"},
                       format="json")
    assert wrong_code.status_code == unknown.status_code == 404
    assert wrong_code.json() == unknown.json()


def test_lookup_is_rate_limited(submitted, settings):
    settings.MINFU_LOOKUP_RATE = "3/600"
    case, code = submitted
    api = APIClient()
    url = reverse("api:cases-lookup-list")
    for _ in range(3):
        api.post(url, {"number": case.number, "access_code": "ABCDEFGHJK"}, format="json")
    refused = api.post(url, {"number": case.number, "access_code": code}, format="json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "rate_limited"
