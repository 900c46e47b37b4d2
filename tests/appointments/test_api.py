"""The appointments API: the public directory and slots, booking with an
Idempotency-Key, managing by the token, and the staff list scoped to the user."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from minfu.appointments.models import Appointment
from minfu.org.models import Role
from tests.appointments.factories import at, book, point
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db
BASE = "/api/v1/appointments"


@pytest.fixture(autouse=True)
def _frozen():
    cache.clear()
    with time_machine.travel(at(dt.date(2025, 2, 5), 9), tick=False):
        yield


def test_directory_and_free_slots():
    offer = point(slot_minutes=60, capacity=1)
    book(offer, at(dt.date(2025, 2, 10), 8, 30))
    api = APIClient()
    points = api.get(f"{BASE}/service-points/").json()["results"]
    assert points[0]["offers"][0]["id"] == offer.pk
    slots = api.get(f"{BASE}/service-points/{offer.service_point.pk}/slots/",
                    {"offer": offer.pk, "start": "2025-02-09", "days": 2}).json()
    assert [slot["starts_at"][:16] for slot in slots][:2] == ["2025-02-10T09:30",
                                                              "2025-02-10T10:30"]
    assert api.get(f"{BASE}/service-points/{offer.service_point.pk}/slots/",
                   {"offer": offer.pk, "days": 99}).status_code == 400


def test_book_once_with_a_key_then_move_and_cancel_by_token():
    offer = point()
    api = APIClient()
    body = {"offer": offer.pk, "starts_at": "2025-02-10T09:00:00+08:00", "name": "王小明",
            "email": "ming@example.tw"}
    first = api.post(f"{BASE}/bookings/", body, format="json", HTTP_IDEMPOTENCY_KEY="a1")
    again = api.post(f"{BASE}/bookings/", body, format="json", HTTP_IDEMPOTENCY_KEY="a1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["access_code"] and again.json()["access_code"] is None
    token = first.json()["manage_token"]
    moved = api.post(f"{BASE}/bookings/{token}/reschedule/",
                     {"starts_at": "2025-02-11T09:00:00+08:00", "expected_version": 1},
                     format="json")
    assert moved.status_code == 200, moved.content
    assert api.post(f"{BASE}/bookings/{token}/cancel/", {"expected_version": 1},
                    format="json").status_code == 409
    assert api.post(f"{BASE}/bookings/{token}/cancel/", {"expected_version": 2},
                    format="json").json()["state"] == "cancelled"
    assert api.get(f"{BASE}/bookings/not-a-token/").status_code == 404


def test_refusals_are_4xx():
    offer = point(capacity=1)
    api = APIClient()
    body = {"offer": offer.pk, "starts_at": "2025-02-10T09:00:00+08:00", "name": "王",
            "email": "a@example.tw"}
    assert api.post(f"{BASE}/bookings/", body, format="json").status_code == 201
    full = api.post(f"{BASE}/bookings/", body | {"email": "b@example.tw"}, format="json")
    assert full.status_code == 409 and full.json()["error"]["code"] == "slot_full"
    assert api.post(f"{BASE}/bookings/", body | {"offer": 999999},
                    format="json").status_code == 400
    assert api.post(f"{BASE}/bookings/", {"offer": offer.pk, "name": "王", "email": "c@x.tw"},
                    format="json").status_code == 400
    assert api.post(f"{BASE}/bookings/", {"offer": offer.pk, "kind": "home_visit",
                                          "preferred_date": "2025-02-12", "name": "王",
                                          "email": "c@x.tw", "home_address": "x", "note": "n"},
                    format="json").status_code == 400  # no home visits here
    assert Appointment.objects.count() == 1


def test_staff_list_is_scoped():
    offer = point()
    appointment = book(offer, at(dt.date(2025, 2, 10), 9)).appointment
    api = APIClient()
    api.force_authenticate(staff_user(offer.service_point.unit, Role.OFFICER))
    assert [row["number"] for row in api.get(f"{BASE}/appointments/").json()["results"]] == [
        appointment.number]
    api.force_authenticate(staff_user(None, Role.OFFICER))
    assert api.get(f"{BASE}/appointments/").json()["results"] == []
    assert api.get(f"{BASE}/appointments/{appointment.pk}/").status_code == 404
