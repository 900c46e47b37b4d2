"""The admin shows citizen accounts to superusers only, read-only; the citizen's API
claims records like the page does."""

import pytest
from django.urls import reverse

from minfu.citizens.models import CitizenIdentity, RecordLink
from minfu.org.models import Role
from tests.cases import factories as case_factories
from tests.citizens.factories import citizen, sign_in
from tests.org.factories import UnitFactory, staff_user, superuser

pytestmark = pytest.mark.django_db


def test_superusers_read_citizen_accounts_and_change_nothing(client):
    account = citizen(display_name="林小華")
    CitizenIdentity.objects.create(citizen=account, issuer="https://id.example", subject="s1")
    client.force_login(superuser())
    listing = client.get(reverse("admin:citizens_citizen_changelist"))
    assert listing.status_code == 200 and "林小華" in listing.content.decode()
    detail = client.get(reverse("admin:citizens_citizen_change", args=[account.pk]))
    assert detail.status_code == 200 and "s1" in detail.content.decode()
    client.post(reverse("admin:citizens_citizen_change", args=[account.pk]),
                {"display_name": "改名"})
    account.refresh_from_db()
    assert account.display_name == "林小華"


def test_agency_staff_do_not_see_citizen_accounts_in_the_admin(client):
    account = citizen()
    client.force_login(staff_user(UnitFactory(), Role.AGENCY_ADMIN, is_staff=True))
    assert client.get(reverse("admin:citizens_citizen_change", args=[account.pk])
                      ).status_code in (302, 403)
    assert "citizens" not in client.get(reverse("admin:index")).content.decode()


def test_the_api_claims_with_number_and_code(client):
    case, code = case_factories.submit(case_factories.service())
    sign_in(client, citizen())
    wrong = client.post("/api/v1/citizens/records/claim/",
                        {"number": case.number, "access_code": "WRONGCODE1"},
                        content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "no_match"
    claimed = client.post("/api/v1/citizens/records/claim/",
                          {"number": case.number, "access_code": code},
                          content_type="application/json")
    assert claimed.status_code == 201 and claimed.json()["kind"] == "case"
    assert RecordLink.objects.get().record_id == case.pk
    rows = client.get("/api/v1/citizens/records/").json()
    assert rows[0]["number"] == case.number and rows[0]["url"].startswith("/my/records/case/")


def test_the_api_refuses_writes_without_the_csrf_token(client):
    from django.test import Client
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, citizen())
    refused = browser.post("/api/v1/citizens/records/claim/", {"number": "X", "access_code": "Y"},
                           content_type="application/json")
    assert refused.status_code == 403 and not RecordLink.objects.exists()
