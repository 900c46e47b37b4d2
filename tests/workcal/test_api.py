"""The office calendar API: office days, closures and the deadline computation."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from minfu.org.models import Locality, Role
from minfu.workcal.models import Closure
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user
from tests.workcal.factories import ClosureFactory

D = dt.date
pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def member(locality=Locality.TAIPEI, role=Role.AGENCY_ADMIN):
    organisation = OrganisationFactory(locality=locality)
    return staff_user(UnitFactory(organisation=organisation), role), organisation


def test_the_api_needs_a_signed_in_user():
    assert APIClient().get("/api/v1/workcal/office-days/?year=2025").status_code in (401, 403)


def test_office_days_of_a_year():
    user, _organisation = member(role=Role.OFFICER)
    days = api_as(user).get("/api/v1/workcal/office-days/?year=2025").json()
    assert len(days) == 365
    by_date = {day["date"]: day for day in days}
    assert by_date["2025-02-08"] == {"date": "2025-02-08", "weekday": 6, "is_day_off": False,
                                     "is_makeup_working_day": True, "note": "補行上班"}
    assert by_date["2025-10-24"]["is_day_off"] is True
    assert api_as(user).get("/api/v1/workcal/office-days/?year=2028").json() == []


def test_a_bad_year_is_a_400_with_the_error_body():
    user, _organisation = member(role=Role.OFFICER)
    response = api_as(user).get("/api/v1/workcal/office-days/?year=abc")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "year" in response.json()["error"]["details"]


def test_closures_crud_scoped_to_the_callers_localities():
    admin, _organisation = member()
    client = api_as(admin)
    created = client.post("/api/v1/workcal/closures/", {
        "locality": "taipei", "date": "2025-07-07", "notice_reference": "臺北市政府 公告"},
        format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["whole_day"] is True and body["version"] == 1 and body["locality"] == "taipei"
    closure_url = f"/api/v1/workcal/closures/{body['id']}/"

    assert [row["id"] for row in client.get("/api/v1/workcal/closures/?year=2025").json()] == [body["id"]]

    missing_version = client.patch(closure_url, {"note": "颱風"}, format="json")
    assert missing_version.status_code == 400
    updated = client.patch(closure_url, {"note": "颱風", "starts_at": "12:00",
                                         "ends_at": "17:30", "version": 1}, format="json")
    assert updated.status_code == 200
    assert updated.json()["whole_day"] is False and updated.json()["version"] == 2
    stale = client.put(closure_url, {"locality": "taipei", "date": "2025-07-08",
                                     "notice_reference": "更正", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"

    assert client.delete(closure_url).status_code == 400
    assert client.delete(f"{closure_url}?version=1").status_code == 409
    assert Closure.objects.exists()
    assert client.delete(f"{closure_url}?version=2").status_code == 204
    assert not Closure.objects.exists()


def test_closures_of_other_localities_are_not_found_and_not_writable():
    closure = ClosureFactory(date=D(2025, 7, 7))
    kaohsiung_admin, _organisation = member(Locality.KAOHSIUNG)
    client = api_as(kaohsiung_admin)
    assert client.get(f"/api/v1/workcal/closures/{closure.pk}/").status_code == 404
    assert client.delete(f"/api/v1/workcal/closures/{closure.pk}/").status_code == 404
    assert client.get("/api/v1/workcal/closures/").json() == []
    forbidden = client.post("/api/v1/workcal/closures/", {
        "locality": "taipei", "date": "2025-07-08", "notice_reference": "公告"}, format="json")
    assert forbidden.status_code == 403


def test_invalid_closure_input_is_a_400():
    admin, _organisation = member()
    response = api_as(admin).post("/api/v1/workcal/closures/", {
        "locality": "atlantis", "date": "2025-13-01", "notice_reference": ""}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"locality", "date", "notice_reference"}


def compute(client, **data):
    return client.post("/api/v1/workcal/deadlines/compute/", data, format="json")


def test_compute_a_working_day_deadline_on_the_organisations_calendar():
    user, organisation = member(role=Role.OFFICER)
    response = compute(api_as(user), start="2025-01-24", value=6, unit="working_days",
                       organisation=organisation.pk)
    assert response.status_code == 200
    assert response.json() == {"start": "2025-01-24", "value": 6, "unit": "working_days",
                               "locality": "taipei", "due": "2025-02-08"}


def test_compute_counts_the_localitys_closures_and_pauses():
    user, organisation = member(role=Role.OFFICER)
    ClosureFactory(date=D(2025, 3, 4))
    response = compute(api_as(user), start="2025-03-03", value=10, unit="working_days",
                       organisation=organisation.pk,
                       pauses=[{"start": "2025-03-05", "end": "2025-03-12"}])
    assert response.json()["due"] == "2025-03-25"
    kaohsiung = compute(api_as(user), start="2025-03-03", value=10, unit="working_days",
                        locality="kaohsiung",
                        pauses=[{"start": "2025-03-05", "end": "2025-03-12"}])
    assert kaohsiung.json()["due"] == "2025-03-24"


def test_compute_an_hours_deadline():
    user, organisation = member(role=Role.OFFICER)
    response = compute(api_as(user), start="2025-01-24T16:00:00+08:00", value=8, unit="hours",
                       organisation=organisation.pk)
    assert response.json()["due"] == "2025-02-03T16:00:00+08:00"


def test_compute_refuses_a_year_without_data_with_a_clear_error():
    user, organisation = member(role=Role.OFFICER)
    response = compute(api_as(user), start="2028-03-01", value=5, unit="calendar_days",
                       organisation=organisation.pk)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "calendar_gap"
    assert "2028" in error["message"] and "117" in error["message"]  # in either language
    assert error["details"] == {"years": [2028]}


def test_compute_for_an_organisation_the_user_does_not_see_is_not_found():
    user, _organisation = member(role=Role.OFFICER)
    other = OrganisationFactory()
    response = compute(api_as(user), start="2025-03-03", value=5, unit="working_days",
                       organisation=other.pk)
    assert response.status_code == 404


@pytest.mark.parametrize("data", [
    {"start": "yesterday", "value": 5, "unit": "working_days", "locality": "taipei"},
    {"start": "2025-03-03", "value": -1, "unit": "working_days", "locality": "taipei"},
    {"start": "2025-03-03", "value": 5, "unit": "fortnights", "locality": "taipei"},
    {"start": "2025-03-03", "value": 5, "unit": "working_days"},
    {"start": "2025-03-03", "value": 5, "unit": "working_days", "locality": "taipei",
     "pauses": [{"start": "2025-03-10", "end": "2025-03-05"}]},
])
def test_compute_refuses_bad_input_with_a_400(data):
    user, _organisation = member(role=Role.OFFICER)
    response = compute(api_as(user), **data)
    assert response.status_code == 400
    assert "error" in response.json()


def test_compute_at_the_edge_of_time_is_a_400_not_a_crash():
    user, _organisation = member(role=Role.OFFICER)
    for start, unit in [("9999-12-31", "calendar_days"), ("9999-12-31T23:00:00+00:00", "hours"),
                        ("0001-01-01", "working_days")]:
        response = compute(api_as(user), start=start, value=5, unit=unit, locality="taipei")
        assert response.status_code == 400, start
