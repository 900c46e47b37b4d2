"""The API (scoped, versioned steps, idempotent submit, public results) and the admin."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.assessment import services
from minfu.assessment.models import ItemSource, ItemStatus

BASE = "/api/v1/assessment"


@pytest.fixture
def api():
    return APIClient()


def _item(world):
    return services.improvement_item_open(actor=world.coordinator, organisation=world.agency,
                                          owner_unit=world.unit, source=ItemSource.MEETING,
                                          title="改善叫號系統")


def test_items_are_scoped_and_follow_their_steps(api, world):
    item = _item(world)
    api.force_authenticate(world.outsider)
    assert api.get(f"{BASE}/items/").json()["count"] == 0
    assert api.get(f"{BASE}/items/{item.pk}/").status_code == 404
    api.force_authenticate(world.supervisor)
    assert api.get(f"{BASE}/items/?status=open").json()["count"] == 1
    response = api.post(f"{BASE}/items/{item.pk}/reply/",
                        {"expected_version": item.version, "reply": "已更新系統"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == ItemStatus.REPLIED
    stale = api.post(f"{BASE}/items/{item.pk}/reply/",
                     {"expected_version": item.version, "reply": "again"}, format="json")
    assert stale.status_code == 409
    api.force_authenticate(world.supervisor)
    refused = api.post(f"{BASE}/items/{item.pk}/review/",
                       {"expected_version": item.version + 1, "close": True}, format="json")
    assert refused.status_code == 403
    api.force_authenticate(world.coordinator)
    closed = api.post(f"{BASE}/items/{item.pk}/review/",
                      {"expected_version": item.version + 1, "close": True}, format="json")
    assert closed.json()["status"] == ItemStatus.CLOSED


def test_proposal_submit_is_idempotent(api, world):
    api.force_authenticate(world.officer)
    body = {"unit": world.unit.pk, "title": "自助繳費機", "description": "設置自助繳費機"}
    first = api.post(f"{BASE}/proposals/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    again = api.post(f"{BASE}/proposals/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    other = api.post(f"{BASE}/proposals/", body | {"unit": world.other_unit.pk}, format="json")
    assert other.status_code == 404


def test_public_award_results_need_no_sign_in(api, db):
    assert api.get(f"{BASE}/award-results/").status_code == 200


def test_admin_lists_only_visible_items(client, world):
    _item(world)
    world.coordinator.is_staff = world.outsider.is_staff = True
    world.coordinator.save()
    world.outsider.save()
    url = reverse("admin:assessment_improvementitem_changelist")
    client.force_login(world.coordinator)
    assert "改善叫號系統" in client.get(url).content.decode()
    client.force_login(world.outsider)
    assert "改善叫號系統" not in client.get(url).content.decode()
