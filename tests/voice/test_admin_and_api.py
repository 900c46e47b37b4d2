"""Admin (read-only, scoped) and API (staff scoped, public submit and lookup)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.org.models import Role
from minfu.voice.models import MailboxReader, Petition
from tests.org.factories import UnitFactory, staff_user
from tests.voice.factories import agency_unit, category, officer, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_admin_is_scoped_and_mailbox_cases_are_404_for_non_readers(client):
    unit = agency_unit()
    visible, _ = submit(unit)
    mailbox, _ = submit(unit, channel="mailbox")
    other, _ = submit(agency_unit())
    client.force_login(staff_user(unit, Role.SUPERVISOR, is_staff=True))
    response = client.get(reverse("admin:voice_petition_changelist"))
    assert list(response.context["cl"].queryset) == [visible]
    for hidden in (mailbox, other):
        url = reverse("admin:voice_petition_change", args=[hidden.pk])
        assert client.get(url).status_code == 404
    detail = client.get(reverse("admin:voice_petition_change", args=[visible.pk]))
    assert detail.status_code == 200 and visible.access_code_hmac not in detail.content.decode()


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_api_lists_scoped_and_hides_mailbox_cases():
    unit = agency_unit()
    visible, _ = submit(unit)
    mailbox, _ = submit(unit, channel="mailbox")
    submit(agency_unit())
    api = _api(officer(unit))
    body = api.get("/api/v1/voice/petitions/").json()
    assert [row["id"] for row in body["results"]] == [visible.pk]
    assert api.get(f"/api/v1/voice/petitions/{mailbox.pk}/").status_code == 404
    reader = staff_user(UnitFactory(organisation=unit.organisation))
    MailboxReader.objects.create(organisation=unit.organisation, user=reader)
    assert _api(reader).get(f"/api/v1/voice/petitions/{mailbox.pk}/").status_code == 200


def test_api_list_filters_and_refuses_an_unknown_value():
    unit = agency_unit()
    petition, _ = submit(unit)
    api = _api(officer(unit))

    def ids(**query):
        response = api.get("/api/v1/voice/petitions/", query)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(kind=petition.kind, state=petition.state, category=petition.category_id) \
        == [petition.pk]
    assert ids(view="mine") == ids(due="overdue") == ids(channel="hotline") == []
    wrong = api.get("/api/v1/voice/petitions/", {"view": "everything", "category": "x"})
    assert wrong.status_code == 400
    assert set(wrong.json()["error"]["details"]) == {"view", "category"}


def test_api_steps_with_version_and_conflict():
    unit = agency_unit()
    petition, _ = submit(unit)
    api = _api(officer(unit))
    url = f"/api/v1/voice/petitions/{petition.pk}/start/"
    assert api.post(url, {"expected_version": 99}, format="json").status_code == 409
    response = api.post(url, {"expected_version": petition.version}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "in_progress"
    other = _api(officer(agency_unit()))
    assert other.post(f"/api/v1/voice/petitions/{petition.pk}/extend/",
                      {"expected_version": 2, "value": 5, "reason": "x"},
                      format="json").status_code == 404


def test_public_submit_is_idempotent_and_lookup_works():
    unit = agency_unit("API")
    category(unit, code="road")
    api = APIClient()
    payload = {"organisation": "API", "kind": "suggestion", "category": "road",
               "subject": "增設路燈", "text": "建議增設路燈",
               "petitioner": {"name": "王小明", "email": "ming@example.tw"}, "consent": True}
    first = api.post("/api/v1/voice/submit/", payload, format="json",
                     HTTP_IDEMPOTENCY_KEY="k1")
    again = api.post("/api/v1/voice/submit/", payload, format="json",
                     HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["access_code"] is None and Petition.objects.count() == 1
    found = api.post("/api/v1/voice/lookup/", {"number": first.json()["number"],
                                               "access_code": first.json()["access_code"]},
                     format="json")
    assert found.status_code == 200 and found.json()["subject"] == "增設路燈"
    wrong = api.post("/api/v1/voice/lookup/", {"number": first.json()["number"],
                                               "access_code": "AAAAABBBBB"}, format="json")
    assert wrong.status_code == 404


def test_public_submit_may_not_use_staff_channels():
    agency_unit("API2")
    response = APIClient().post("/api/v1/voice/submit/", {
        "organisation": "API2", "kind": "question", "subject": "x", "text": "y",
        "petitioner": {"name": "", "anonymous": True}}, format="json")
    assert response.status_code == 201  # anonymous web petitions are registered
    assert Petition.objects.get().channel == "web"
