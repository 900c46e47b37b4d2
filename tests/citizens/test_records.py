"""My records: what a citizen filed while signed in is theirs without an access code,
older records are claimed with number and code (a wrong pair is refused and counted),
and a citizen never sees another's record, on the pages or in the API."""

import pytest

from minfu.cases.kind import APPLICATION
from minfu.citizens.models import RecordLink
from tests.cases import factories as case_factories
from tests.cases import public_support
from tests.citizens.factories import citizen, sign_in
from tests.voice import factories as voice_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return case_factories.service()


def test_an_application_filed_while_signed_in_is_in_the_account(client, version):
    account = citizen()
    case, _code = case_factories.submit(version, owner=account)
    link = RecordLink.objects.get()
    assert (link.citizen, link.kind, link.record_id, link.how) == (
        account, APPLICATION.code, case.pk, RecordLink.How.FILED)
    sign_in(client, account)
    page = client.get("/my/").content.decode()
    assert case.number in page
    opened = client.get(f"/my/records/case/{case.pk}/")  # no access code asked
    assert opened.status_code == 302
    assert client.get(opened["Location"]).status_code == 200


def test_a_petition_filed_while_signed_in_is_in_the_account(client):
    unit = voice_factories.agency_unit()
    account = citizen()
    petition, _code = voice_factories.submit(unit, owner=account)
    sign_in(client, account)
    assert petition.number in client.get("/my/").content.decode()
    opened = client.get(f"/my/records/petition/{petition.pk}/")
    assert client.get(opened["Location"]).status_code == 200


def test_the_public_form_links_the_application_of_a_signed_in_citizen(client, version):
    """Through the page: the intake view hands the signed-in citizen to the service."""
    account = citizen()
    sign_in(client, account)
    token = public_support.fresh_token(client, version)
    sent = client.post(public_support.apply_url(version),
                       public_support.application_data(version, token))
    assert sent.status_code == 302
    assert RecordLink.objects.get().citizen == account


def test_an_older_record_is_claimed_with_its_number_and_code(client, version):
    case, code = case_factories.submit(version)
    account = citizen()
    sign_in(client, account)
    answer = client.post("/my/add/", {"number": case.number, "access_code": code})
    assert answer.status_code == 302
    link = RecordLink.objects.get()
    assert (link.citizen, link.record_id, link.how) == (account, case.pk, "claimed")
    assert case.number in client.get("/my/").content.decode()


def test_a_wrong_code_is_refused_and_tries_are_limited(client, version, settings):
    settings.MINFU_LOOKUP_RATE = "3/600"
    case, _code = case_factories.submit(version)
    sign_in(client, citizen())
    for _ in range(3):
        refused = client.post("/my/add/", {"number": case.number, "access_code": "WRONGCODE1"})
        assert refused.status_code == 400
        assert "WRONGCODE1" not in refused.content.decode()
    limited = client.post("/my/add/", {"number": case.number, "access_code": "WRONGCODE1"})
    assert limited.status_code == 429 and limited["Retry-After"]
    assert not RecordLink.objects.exists()


def test_claims_are_limited_per_account_whatever_the_address(client, version, settings):
    settings.MINFU_CITIZEN_CLAIM_RATE = "2/600"
    case, _code = case_factories.submit(version)
    sign_in(client, citizen())
    for address in ("10.0.0.1", "10.0.0.2"):
        assert client.post("/my/add/", {"number": case.number, "access_code": "WRONGCODE1"},
                           REMOTE_ADDR=address).status_code == 400
    assert client.post("/my/add/", {"number": case.number, "access_code": "WRONGCODE1"},
                       REMOTE_ADDR="10.0.0.3").status_code == 429


def test_a_record_in_another_account_cannot_be_claimed(client, version):
    owner = citizen()
    case, code = case_factories.submit(version, owner=owner)
    sign_in(client, citizen())
    refused = client.post("/my/add/", {"number": case.number, "access_code": code})
    assert refused.status_code == 409
    assert RecordLink.objects.get().citizen == owner


def test_a_citizen_never_sees_another_citizens_record(client, version):
    unit = voice_factories.agency_unit()
    mine, other = citizen(), citizen()
    my_case, _ = case_factories.submit(version, owner=mine)
    their_case, _ = case_factories.submit(version, owner=other)
    their_petition, _ = voice_factories.submit(unit, owner=other)
    sign_in(client, mine)
    page = client.get("/my/").content.decode()
    assert my_case.number in page
    assert their_case.number not in page and their_petition.number not in page
    assert client.get(f"/my/records/case/{their_case.pk}/").status_code == 404
    assert client.get(f"/my/records/petition/{their_petition.pk}/").status_code == 404
    assert client.get(f"/my/records/nonsense/{my_case.pk}/").status_code == 404
    records = client.get("/api/v1/citizens/records/").json()
    assert [row["number"] for row in records] == [my_case.number]


def test_my_records_need_a_signed_in_citizen(client):
    assert client.get("/my/")["Location"] == "/citizen/sign-in/?next=/my/"
    assert client.get("/api/v1/citizens/records/").status_code in (401, 403)



def test_forms_start_with_the_contact_preferences(client, version):
    account = citizen(display_name="林小華", email="hua@example.tw", phone="0912345678",
                      notify_by_sms=True, language="en")
    sign_in(client, account)
    application = client.get(public_support.apply_url(version)).content.decode()
    assert 'value="林小華"' in application and 'value="hua@example.tw"' in application
    assert 'value="0912345678"' in application
    unit = voice_factories.agency_unit()
    petition = client.get(f"/voice/new/{unit.organisation.code}/").content.decode()
    assert 'value="林小華"' in petition and 'value="0912345678"' in petition


def test_signed_out_forms_start_empty(client, version):
    assert "ming@example.tw" not in client.get(public_support.apply_url(version)).content.decode()
