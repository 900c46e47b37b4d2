import datetime as dt

import pytest
from rest_framework.test import APIClient

from minfu.metrics import services
from minfu.org.models import Role
from tests.metrics.factories import populate, world
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db
VALUES = "/api/v1/metrics/values/"
Q3 = {"start": "2025-07-01", "end": "2025-09-30"}


@pytest.fixture
def data():
    w = world()
    populate(w)
    services.rollups_rebuild(start=dt.date(2025, 6, 1), end=dt.date(2025, 12, 31))
    return w


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_catalogue(data):
    client = client_for(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    codes = [one["code"] for one in client.get("/api/v1/metrics/definitions/").json()]
    assert "cases.on_time_rate" in codes
    one = client.get("/api/v1/metrics/definitions/cases.on_time_rate/").json()
    assert one["kind"] == "ratio" and one["direction"] == "higher"
    assert client.get("/api/v1/metrics/definitions/no.such/").status_code == 404


def test_value_defaults_to_the_viewable_organisations(data):
    client = client_for(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    answer = client.get(VALUES, {"code": "cases.received", **Q3}).json()
    assert answer["organisations"] == [data.agency_a.pk] and answer["value"] == 5


def test_series_by_month(data):
    client = client_for(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    answer = client.get(VALUES, {"code": "cases.received", "by": "month", **Q3}).json()
    assert [(p["key"], p["label"], p["value"]) for p in answer["series"]] == [
        ("2025-07", "114年7月", 4), ("2025-08", "114年8月", 0), ("2025-09", "114年9月", 1)]


def test_other_agency_and_unit_are_not_found(data):
    client = client_for(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    other = client.get(VALUES, {"code": "cases.received", "organisation": data.agency_b.pk,
                                **Q3})
    assert other.status_code == 404
    unit = client.get(VALUES, {"code": "cases.received", "unit": data.unit_b1.pk, **Q3})
    assert unit.status_code == 404


def test_unit_supervisor_gets_the_unit(data):
    client = client_for(staff_user(data.unit_a2, Role.SUPERVISOR))
    answer = client.get(VALUES, {"code": "cases.received", "unit": data.unit_a2.pk, **Q3})
    assert answer.json()["value"] == 1
    assert client.get(VALUES, {"code": "cases.received", **Q3}).status_code == 403


@pytest.mark.parametrize("query", [
    {"code": "cases.received", "start": "2025-09-30", "end": "2025-07-01"},
    {"code": "cases.received", "start": "yesterday", "end": "2025-07-01"},
    {"code": "cases.received", "by": "weather", **Q3},
    {"start": "2025-07-01", "end": "2025-07-01"},
])
def test_bad_queries_are_400(data, query):
    client = client_for(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    assert client.get(VALUES, query).status_code == 400


def test_unknown_metric_is_404(data):
    client = client_for(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    assert client.get(VALUES, {"code": "no.such", **Q3}).status_code == 404


def test_anonymous_is_refused(data):
    assert APIClient().get(VALUES, {"code": "cases.received", **Q3}).status_code in (401, 403)
