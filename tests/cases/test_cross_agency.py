"""Cross-agency intake (跨機關通辦): an agency's counter receives another agency's service
that was opened to it; the owner handles the case; both sides see the hand-over; the
receiving agency sees only what it received."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.cases import services
from minfu.cases.models import Case, CaseEvent
from minfu.catalog import services as catalog_services
from minfu.core.errors import ValidationFailed
from minfu.org.models import Role
from tests.cases.factories import at, officer, person, service
from tests.catalog.factories import agency_with_unit

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(at(MONDAY), tick=False):
        yield


@pytest.fixture
def owner_service():
    return service(period_value=5)


@pytest.fixture
def counter_unit():
    return agency_with_unit("RCV")


def _open(version, receiving_unit):
    owner_admin = officer(version.responsible_unit, Role.AGENCY_ADMIN)
    catalog_services.cross_agency_openings_set(
        service_type=version.service_type, organisations=[receiving_unit.organisation],
        actor=owner_admin)


def _receive(client, version, clerk):
    client.force_login(clerk)
    return client.post(reverse("cases:staff-intake"), {
        "request_key": "k1", "service": version.pk, "applicant_kind": "person",
        "applicant_name": "王小明", "applicant_id_number": "A123456789",
        "contact_email": "ming@example.tw", "language": "zh-hant", "consent": "on",
        f"paper_{version.documents.filter(fetched_by_agency=False).first().pk}": "on"})


def test_a_service_not_opened_cannot_be_received_by_another_agency(owner_service,
                                                                   counter_unit):
    clerk = officer(counter_unit)
    with pytest.raises(ValidationFailed) as refused:
        services.case_submit(organisation=owner_service.service_type.organisation,
                             channel="counter", applicant=person(), consent_given=True,
                             service_type_version=owner_service, actor=clerk,
                             received_by=counter_unit.organisation)
    assert "received_by" in refused.value.details


def test_the_hand_over_both_sides(client, owner_service, counter_unit):
    _open(owner_service, counter_unit)
    clerk = officer(counter_unit)
    client.force_login(clerk)
    intake = client.get(reverse("cases:staff-intake"), {"service": owner_service.pk})
    assert intake.status_code == 200  # the opened service is offered at this counter
    response = _receive(client, owner_service, clerk)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    # the owner's case from the start, its clock on the owner's rules from this receipt
    assert case.organisation == owner_service.service_type.organisation
    assert case.received_by == counter_unit.organisation
    assert case.legal_due_date == dt.date(2025, 3, 10)  # 5 working days after Monday
    receipt = client.get(response["Location"])
    assert receipt.context["access_code"]
    # the receiving side: its list and the hand-over page, not the owner's case page
    listed = client.get(reverse("cases:staff-handovers"))
    assert [c.pk for c in listed.context["rows"]] == [case.pk]
    page = client.get(reverse("cases:staff-handover", args=[case.pk]))
    assert page.status_code == 200
    assert [entry.action for entry in page.context["timeline"]] == [
        "case.submitted", "case.handover.recorded"]
    assert client.get(reverse("cases:staff-detail", args=[case.pk])).status_code == 404
    assert case.pk not in [c.pk for c, _mark in
                           client.get(reverse("cases:staff-unit-queue")).context["rows"]]
    # the owner: in its queue with the mark, a link back, the hand-over on its timeline
    owner_clerk = officer(owner_service.responsible_unit)
    client.force_login(owner_clerk)
    queue = client.get(reverse("cases:staff-unit-queue")).content.decode()
    assert case.number in queue and "mark-handover" in queue
    detail = client.get(reverse("cases:staff-detail", args=[case.pk])).content.decode()
    assert reverse("cases:staff-handover", args=[case.pk]) in detail
    handed = CaseEvent.objects.get(case=case, action="case.handover.recorded")
    assert handed.data["received_by"] == counter_unit.organisation.code
    assert client.get(reverse("cases:staff-handover", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:staff-handovers")).context["rows"].count() == 0


def test_the_receiving_agency_sees_only_what_it_received(client, owner_service,
                                                          counter_unit):
    _open(owner_service, counter_unit)
    own_case, _code = services.case_submit(
        organisation=owner_service.service_type.organisation, channel="online",
        applicant=person(), consent_given=True, service_type_version=owner_service)
    client.force_login(officer(counter_unit))
    assert client.get(reverse("cases:staff-handover", args=[own_case.pk])).status_code == 404
    assert list(client.get(reverse("cases:staff-handovers")).context["rows"]) == []


def test_closing_the_opening_stops_the_intake(owner_service, counter_unit):
    _open(owner_service, counter_unit)
    owner_admin = officer(owner_service.responsible_unit, Role.AGENCY_ADMIN)
    catalog_services.cross_agency_openings_set(
        service_type=owner_service.service_type, organisations=[], actor=owner_admin)
    with pytest.raises(ValidationFailed):
        services.case_submit(organisation=owner_service.service_type.organisation,
                             channel="counter", applicant=person(), consent_given=True,
                             service_type_version=owner_service,
                             actor=officer(counter_unit), received_by=counter_unit.organisation)


def test_the_api_lists_the_hand_over_and_not_the_owners_case(owner_service, counter_unit):
    _open(owner_service, counter_unit)
    clerk = officer(counter_unit)
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.post("/api/v1/cases/applications/", {
        "service_version": owner_service.pk, "applicant_kind": "person",
        "applicant_name": "林", "applicant_id_number": "A123456789",
        "contact_email": "lin@example.tw", "consent": True}, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["received_by"] == counter_unit.organisation.code
    case_id = answer.json()["id"]
    [listed] = api.get("/api/v1/cases/handovers/").json()["results"]
    assert listed["owner"] == owner_service.service_type.organisation.code
    assert api.get(f"/api/v1/cases/applications/{case_id}/").status_code == 404
