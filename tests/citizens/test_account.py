"""Contact preferences, the personal data export and closing the account; and a citizen
is never a staff user."""

import io
import json
import zipfile

import pytest

from minfu.citizens.models import Citizen, CitizenIdentity, RecordLink
from minfu.core.models import AuditEvent
from tests.cases import factories as case_factories
from tests.citizens.factories import citizen, sign_in

pytestmark = pytest.mark.django_db


def _preferences(account, **overrides):
    data = {"version": account.version, "display_name": "林小華", "email": "hua@example.tw",
            "phone": "0912345678", "language": "en", "notify_by_email": "on",
            "notify_by_sms": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_preferences_are_saved_and_a_new_address_is_unproved(client):
    account = citizen(email="old@example.tw")
    sign_in(client, account)
    assert client.post("/my/preferences/", _preferences(account)).status_code == 302
    account.refresh_from_db()
    assert (account.display_name, account.email, account.phone, account.language) == (
        "林小華", "hua@example.tw", "0912345678", "en")
    assert account.notify_by_sms and not account.email_verified
    assert AuditEvent.objects.filter(action="citizen.preferences.saved").count() == 1


def test_sms_needs_a_number_and_a_stale_form_is_refused(client):
    account = citizen()
    sign_in(client, account)
    refused = client.post("/my/preferences/", _preferences(account, phone=""))
    assert refused.status_code == 400 and "簡訊" in str(refused.context["form"].errors["phone"])
    stale = _preferences(account, version=account.version + 5)
    assert client.post("/my/preferences/", stale).status_code == 400
    account.refresh_from_db()
    assert account.version == 1


def test_the_api_saves_preferences_with_the_version(client):
    account = citizen()
    sign_in(client, account)
    me = client.get("/api/v1/citizens/account/").json()
    answer = client.put("/api/v1/citizens/account/preferences/",
                        {"version": me["version"], "language": "en", "notify_by_email": False},
                        content_type="application/json")
    assert answer.status_code == 200 and answer.json()["language"] == "en"
    stale = client.put("/api/v1/citizens/account/preferences/", {"version": me["version"]},
                       content_type="application/json")
    assert stale.status_code == 409


def test_the_export_holds_the_account_and_its_records(client):
    account = citizen(display_name="林小華")
    CitizenIdentity.objects.create(citizen=account, issuer="https://id.example", subject="s1")
    case, _code = case_factories.submit(case_factories.service(), owner=account)
    sign_in(client, account)
    answer = client.post("/my/data/", {"format": "json"})
    assert answer["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(answer.content)
    assert data["account"]["name"] == "林小華"
    assert data["account"]["identities"][0]["subject"] == "s1"
    assert [row["number"] for row in data["records"]["applications"]] == [case.number]
    assert data["records"]["applications"][0]["applicant"]["name"] == "王小明"
    assert data["records"]["petitions"] == []
    archive = zipfile.ZipFile(io.BytesIO(client.post("/my/data/", {"format": "zip"}).content))
    assert {"account.json", "records/applications.json"} <= set(archive.namelist())
    assert AuditEvent.objects.filter(action="citizen.data.exported").count() == 2
    assert client.get("/api/v1/citizens/account/export/").json()["account"]["name"] == "林小華"


def test_closing_anonymises_the_account_and_the_records_stay(client):
    account = citizen(display_name="林小華", phone="0912345678")
    CitizenIdentity.objects.create(citizen=account, issuer="https://id.example", subject="s1")
    case, code = case_factories.submit(case_factories.service(), owner=account)
    sign_in(client, account)
    other_browser = sign_in(type(client)(), account)
    assert client.post("/my/close/", {"version": account.version, "confirm": "on"}
                       ).status_code == 302
    account.refresh_from_db()
    assert account.closed_at is not None
    assert (account.display_name, account.email, account.phone) == ("", "", "")
    assert not CitizenIdentity.objects.exists() and not RecordLink.objects.exists()
    assert client.get("/my/").status_code == 302
    assert other_browser.get("/my/").status_code == 302  # signed out everywhere
    case.refresh_from_db()  # the record stays, and its access code still works
    assert client.post("/lookup/", {"number": case.number, "access_code": code}
                       ).status_code == 302


def test_closing_needs_the_confirmation(client):
    account = citizen()
    sign_in(client, account)
    assert client.post("/my/close/", {"version": account.version}).status_code == 400
    assert Citizen.objects.get().closed_at is None


def test_a_citizen_is_never_a_staff_user(client):
    sign_in(client, citizen())
    assert client.get("/staff/cases/").status_code == 302  # to the staff sign-in
    assert client.get("/api/v1/cases/applications/").status_code in (401, 403)
