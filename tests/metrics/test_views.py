"""Dashboards: scoping (another agency's dashboard is 404), side by side figures,
exports, the catalogue, and a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minfu.metrics import services
from minfu.org.models import Role, Scope
from tests.metrics.factories import at, case, populate, world
from tests.org.factories import UnitFactory, staff_user

pytestmark = pytest.mark.django_db
Q3 = "2025-Q3"


@pytest.fixture
def data():
    w = world()
    populate(w)
    services.rollups_rebuild(start=dt.date(2025, 6, 1), end=dt.date(2025, 12, 31))
    return w


def url(level, pk, **query):
    address = reverse("metrics:staff-dashboard", args=[level, pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_agency_dashboard_shows_the_figures_and_units_side_by_side(client, data):
    client.force_login(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    response = client.get(url("agency", data.agency_a.pk, period=Q3))
    assert response.status_code == 200
    figures = {f.metric.code: f for f in response.context["figures"]}
    assert figures["cases.received"].value == 5
    assert figures["cases.on_time_rate"].value == pytest.approx(200 / 3)
    by_unit = {one.key: value for one, value in figures["cases.received"].compared}
    assert by_unit == {data.unit_a1.pk: 4, data.unit_a2.pk: 1}
    assert "114年第3季" in response.content.decode()
    assert "<svg" in response.content.decode()


def test_another_agencys_dashboard_is_not_found(client, data):
    client.force_login(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    assert client.get(url("agency", data.agency_b.pk)).status_code == 404
    assert client.get(url("unit", data.unit_b1.pk)).status_code == 404
    assert client.get(url("ministry", data.ministry.pk)).status_code == 404
    assert client.get(url("planet", data.agency_a.pk)).status_code == 404


def test_an_officer_may_not_view_metrics(client, data):
    client.force_login(staff_user(data.unit_a1, Role.OFFICER))
    assert client.get(url("unit", data.unit_a1.pk)).status_code == 403


def test_a_unit_supervisor_sees_only_the_unit(client, data):
    client.force_login(staff_user(data.unit_a2, Role.SUPERVISOR))
    response = client.get(url("unit", data.unit_a2.pk, period=Q3))
    figures = {f.metric.code: f for f in response.context["figures"]}
    assert figures["cases.received"].value == 1
    assert client.get(url("agency", data.agency_a.pk)).status_code == 403
    assert client.get(url("unit", data.unit_a1.pk)).status_code == 404


def test_ministry_evaluator_sees_agencies_side_by_side(client, data):
    ministry_unit = UnitFactory(organisation=data.ministry, code="EVAL")
    client.force_login(staff_user(ministry_unit, Role.MINISTRY_EVALUATOR, scope=Scope.SUBTREE))
    response = client.get(url("ministry", data.ministry.pk, period=Q3))
    assert response.status_code == 200
    figures = {f.metric.code: f for f in response.context["figures"]}
    assert figures["cases.received"].value == 6
    assert [(one.key, value) for one, value in figures["cases.received"].compared] == [
        (data.agency_a.pk, 5), (data.agency_b.pk, 1)]
    assert figures["cases.overdue_rate"].compared[1][1] == 100


def test_previous_period_and_bad_period_input(client, data):
    client.force_login(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    response = client.get(url("agency", data.agency_a.pk, period="2025-Q4"))
    figures = {f.metric.code: f for f in response.context["figures"]}
    assert (figures["cases.received"].value, figures["cases.received"].previous) == (1, 5)
    assert client.get(url("agency", data.agency_a.pk, period="<script>")).status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_export(client, data, fmt):
    client.force_login(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    address = reverse("metrics:staff-export", args=["agency", data.agency_a.pk])
    response = client.get(address, {"period": Q3, "format": fmt})
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert "cases.received" in text and "114年第3季" in text


def test_export_of_another_agency_is_not_found(client, data):
    client.force_login(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    address = reverse("metrics:staff-export", args=["agency", data.agency_b.pk])
    assert client.get(address, {"format": "csv"}).status_code == 404


def test_dashboard_query_count_does_not_grow_with_data(client, data):
    client.force_login(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    address = url("agency", data.agency_a.pk, period=Q3)
    client.get(address)
    with CaptureQueriesContext(connection) as before:
        client.get(address)
    for day in range(1, 20):
        case(data.service_a, data.unit_a2, received=at(dt.date(2025, 8, day)),
             closed=at(dt.date(2025, 8, day), 15), on_time=True, days=1, notices=1)
    services.rollups_refresh(start=dt.date(2025, 8, 1), end=dt.date(2025, 8, 31))
    with CaptureQueriesContext(connection) as after:
        client.get(address)
    assert len(after) == len(before) <= 15


def test_index_and_catalogue(client, data):
    client.force_login(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    index = client.get(reverse("metrics:staff-index")).content.decode()
    assert url("agency", data.agency_a.pk) in index
    assert url("agency", data.agency_b.pk) not in index
    catalogue = client.get(reverse("metrics:staff-catalogue")).content.decode()
    assert "cases.repeat_notice_rate" in catalogue


def test_anonymous_is_sent_to_sign_in(client, data):
    assert client.get(reverse("metrics:staff-index")).status_code == 302


def test_an_older_period_from_a_link_is_shown(client, data):
    client.force_login(staff_user(data.unit_a1, Role.QUALITY_COORDINATOR))
    response = client.get(url("agency", data.agency_a.pk, period="2019-Q1"))
    assert response.context["period"].key == "2019-Q1"
    assert 'value="2019-Q1" selected' in response.content.decode()
