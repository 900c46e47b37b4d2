"""Documents the agency fetches itself (免附): the officer records how each was checked
and when; the metric counts the documents citizens did not have to bring, per service."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.cases import services
from minfu.cases.models import Case, FetchedDocumentCheck
from minfu.core.errors import ValidationFailed
from minfu.metrics import selectors as metric_selectors
from tests.cases.factories import at, officer, service, submit

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)
WEDNESDAY = dt.date(2025, 3, 5)


@pytest.fixture(autouse=True)
def _wednesday():
    with time_machine.travel(at(WEDNESDAY), tick=False):
        yield


@pytest.fixture
def case():
    return submit(service(period_value=5), received_at=at(MONDAY))[0]


def fetched_item(case):
    return case.service_type_version.documents.get(fetched_by_agency=True)


def test_the_officer_records_how_a_fetched_document_was_checked(client, case):
    clerk = officer(case.unit)
    client.force_login(clerk)
    item = fetched_item(case)
    page = client.get(reverse("cases:staff-detail", args=[case.pk])).content.decode()
    assert "action-fetched_check" in page
    response = client.post(reverse("cases:staff-action", args=[case.pk, "fetched_check"]), {
        "fetched_check-version": case.version, "fetched_check-item": item.pk,
        "fetched_check-method": "electronic_transcript",
        "fetched_check-checked_on": "114/03/04", "fetched_check-note": "謄本 A-123"})
    assert response.status_code == 302
    check = FetchedDocumentCheck.objects.get()
    assert (check.method, check.checked_on, check.checked_by) == (
        "electronic_transcript", dt.date(2025, 3, 4), clerk)
    page = client.get(reverse("cases:staff-detail", args=[case.pk])).content.decode()
    assert "謄本 A-123" in page and "action-fetched_check" not in page  # all checked


def test_only_fetched_items_once_between_receipt_and_today(case):
    clerk = officer(case.unit)
    paper_item = case.service_type_version.documents.filter(fetched_by_agency=False).first()
    with pytest.raises(ValidationFailed) as refused:
        services.fetched_document_check(case=case, item=paper_item.pk, method="own_records",
                                        checked_on=WEDNESDAY, actor=clerk)
    assert "item" in refused.value.details
    with pytest.raises(ValidationFailed) as refused:
        services.fetched_document_check(case=case, item=fetched_item(case).pk,
                                        method="own_records",
                                        checked_on=dt.date(2025, 3, 1), actor=clerk)
    assert "checked_on" in refused.value.details
    services.fetched_document_check(case=case, item=fetched_item(case).pk,
                                    method="cross_agency_query", checked_on=WEDNESDAY,
                                    actor=clerk)
    with pytest.raises(ValidationFailed):
        services.fetched_document_check(case=Case.objects.get(pk=case.pk),
                                        item=fetched_item(case).pk, method="own_records",
                                        checked_on=WEDNESDAY, actor=clerk)


def test_the_api_step_and_the_metric_per_service(case):
    clerk = officer(case.unit)
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.post(f"/api/v1/cases/applications/{case.pk}/fetched-check/", {
        "expected_version": case.version, "item": fetched_item(case).pk,
        "method": "own_records", "checked_on": "2025-03-05"}, format="json")
    assert answer.status_code == 200, answer.content
    other = submit(service(period_value=5), received_at=at(MONDAY))[0]
    value = metric_selectors.metric_value_direct(
        code="cases.documents_fetched", start=WEDNESDAY, end=WEDNESDAY,
        organisation_ids=[case.organisation_id])
    assert value == 1
    assert metric_selectors.metric_value_direct(
        code="cases.documents_fetched", start=WEDNESDAY, end=WEDNESDAY,
        organisation_ids=[other.organisation_id]) == 0
