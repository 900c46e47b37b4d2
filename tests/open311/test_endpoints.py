"""The GeoReport v2 endpoints through Django's test client: each endpoint in JSON and XML,
the filters, the errors in the specification's format, keys, rate limits, idempotency,
and what GET answers never show."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
import time_machine
from django.utils import timezone

from minfu.cases.models import Case
from minfu.notify.models import OutboxMessage
from minfu.open311 import services as open311_services
from minfu.open311.models import ApiKeyUse, Open311Request
from minfu.voice import services as voice_services
from minfu.voice.models import Petition, PetitionChannel
from tests.open311.factories import (
    APPLICATION_BODY,
    BASE,
    PETITION_BODY,
    admin_of,
    agency,
    application_service,
    key_for,
    petition_service,
)
from tests.voice.factories import person

pytestmark = pytest.mark.django_db


def post(client, fmt: str, body: dict, **headers):
    return client.post(f"{BASE}/requests.{fmt}", urlencode(body, doseq=True),
                       content_type="application/x-www-form-urlencoded", headers=headers)


def parsed(response):
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)
    return ElementTree.fromstring(response.content)


@pytest.fixture
def tpc():
    unit = agency("TPC")
    petition_service(unit)
    key, plaintext = key_for(unit)
    return unit, key, plaintext


# ----- discovery, services, definitions ----------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery_names_the_endpoint_and_formats(client, tpc, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    body = parsed(response)
    if fmt == "json":
        endpoint = body["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"].endswith("/open311/v2")
        assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    else:
        assert body.tag == "discovery"
        assert body.find("endpoints/endpoint/url").text.endswith("/open311/v2")
        assert [f.text for f in body.findall("endpoints/endpoint/formats/format")] == [
            "text/xml", "application/json"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_services_list_the_opened_categories_and_online_services(client, tpc, fmt):
    unit, _key, _plaintext = tpc
    application_service(unit)
    other = agency("NTBT")
    petition_service(other, code="tax")
    response = client.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "tpc"})
    assert response.status_code == 200
    body = parsed(response)
    if fmt == "json":
        by_code = {row["service_code"]: row for row in body}
        assert set(by_code) == {"streetlight", "tax-cert"}
        assert by_code["streetlight"]["metadata"] is True
        assert by_code["streetlight"]["type"] == "realtime"
        assert by_code["tax-cert"]["type"] == "batch"
        assert by_code["streetlight"]["group"] == "陳情"
        assert by_code["streetlight"]["keywords"] == "路燈, light"
        assert by_code["tax-cert"]["service_name"] == "納稅證明書申請"
    else:
        codes = [service.find("service_code").text for service in body.findall("service")]
        assert body.tag == "services" and sorted(codes) == ["streetlight", "tax-cert"]
        assert body.find("service/metadata").text == "true"
    everything = json.loads(client.get(f"{BASE}/services.json").content)
    assert {row["service_code"] for row in everything} == {"streetlight", "tax-cert", "tax"}


def test_a_closed_category_or_inactive_service_is_not_listed(client, tpc):
    unit, _key, _plaintext = tpc
    service = petition_service(unit, code="noise")
    service.active = False
    open311_services.open311_service_save(actor=admin_of(unit), service=service,
                                          expected_version=service.version)
    codes = {row["service_code"] for row in
             json.loads(client.get(f"{BASE}/services.json").content)}
    assert codes == {"streetlight"}
    assert client.get(f"{BASE}/services/noise.json").status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_definition_has_the_questions_as_attributes(client, tpc, fmt):
    unit, _key, _plaintext = tpc
    application_service(unit)
    response = client.get(f"{BASE}/services/tax-cert.{fmt}", {"jurisdiction_id": "TPC"})
    assert response.status_code == 200
    body = parsed(response)
    if fmt == "xml":
        assert body.tag == "service_definition"
        rows = [{child.tag: child.text for child in attribute}
                for attribute in body.findall("attributes/attribute")]
        values = [v.find("key").text for v in body.findall(
            "attributes/attribute[code='purpose']/values/value")]
        assert values == ["loan", "visa", "other"]
    else:
        rows = body["attributes"]
        purpose = next(row for row in rows if row["code"] == "purpose")
        assert [value["key"] for value in purpose["values"]] == ["loan", "visa", "other"]
    datatypes = {row["code"]: row["datatype"] for row in rows}
    assert datatypes == {"income_year": "number", "purpose": "singlevaluelist",
                         "copies": "number", "remarks": "text",
                         "minfu_applicant_id": "string", "minfu_consent": "singlevaluelist"}
    orders = [int(row["order"]) for row in rows]
    assert orders == sorted(orders) == list(range(1, len(rows) + 1))


def test_definition_of_a_petition_service_asks_for_consent(client, tpc):
    body = json.loads(client.get(f"{BASE}/services/streetlight.json").content)
    assert body["service_code"] == "streetlight"
    consent = body["attributes"][0]
    assert consent["code"] == "minfu_consent" and consent["required"] is False


# ----- POST ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_creates_a_petition_with_the_web_forms_deadline_and_routing(client, tpc, fmt):
    unit, key, plaintext = tpc
    response = post(client, fmt, {**PETITION_BODY, "api_key": plaintext})
    assert response.status_code == 200, response.content
    body = parsed(response)
    number = body[0]["service_request_id"] if fmt == "json" else \
        body.find("request/service_request_id").text
    petition = Petition.objects.get(number=number)
    assert petition.channel == PetitionChannel.OPEN311
    assert petition.unit == unit and petition.petitioner_name == "王小明"
    assert petition.contact_email == "ming@example.tw"
    assert "25.033012" in petition.text and "市府路1號" in petition.text
    # The same petition from the web form gets the same due date and unit.
    web, _code = voice_services.petition_submit(
        organisation=unit.organisation, kind="complaint", channel=PetitionChannel.WEB,
        petitioner=person(), subject="路燈", text="路燈不亮", consent_given=True,
        category=petition.category, received_at=petition.received_at)
    assert web.due_date == petition.due_date and web.unit == petition.unit
    stored = Open311Request.objects.get(service_request_id=number)
    assert stored.api_key == key and stored.petition == petition
    # A receipt goes to the petitioner, as from the web form.
    assert OutboxMessage.objects.filter(event="petition.received",
                                        related_id=str(petition.pk)).exists()


def test_post_for_a_batch_service_answers_a_token_that_maps_to_the_application(client, tpc):
    unit, _key, plaintext = tpc
    application_service(unit)
    response = post(client, "json", {**APPLICATION_BODY, "api_key": plaintext,
                                     "jurisdiction_id": "TPC"})
    assert response.status_code == 200, response.content
    row = json.loads(response.content)[0]
    assert "service_request_id" not in row
    case = Case.objects.get()
    assert case.channel == "online" and case.applicant_id_number == "A123456789"
    assert set(case.answers) == {"income_year", "purpose", "copies"}
    for fmt in ("json", "xml"):
        token = client.get(f"{BASE}/tokens/{row['token']}.{fmt}")
        assert token.status_code == 200
        body = parsed(token)
        found = body[0]["service_request_id"] if fmt == "json" else \
            body.find("request/service_request_id").text
        assert found == case.number
    detail = json.loads(client.get(f"{BASE}/requests/{case.number}.json").content)[0]
    expected = timezone.localtime(detail_moment(detail["expected_datetime"])).date()
    assert expected == case.legal_due_date


def detail_moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_application_errors_name_the_attributes(client, tpc):
    unit, _key, plaintext = tpc
    application_service(unit)
    body = {**APPLICATION_BODY, "api_key": plaintext, "attribute[minfu_applicant_id]": "A1",
            "attribute[purpose]": "holiday"}
    del body["attribute[minfu_consent]"]
    response = post(client, "json", body)
    assert response.status_code == 400
    descriptions = " ".join(error["description"] for error in json.loads(response.content))
    assert "minfu_applicant_id" in descriptions and "attribute[purpose]" in descriptions
    assert "minfu_consent" in descriptions
    assert Case.objects.count() == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_without_a_valid_key_is_refused_in_the_spec_format(client, tpc, fmt):
    for body in ({**PETITION_BODY}, {**PETITION_BODY, "api_key": "m311_wrong"}):
        response = post(client, fmt, body)
        assert response.status_code == 403
        errors = parsed(response)
        if fmt == "json":
            assert errors[0]["code"] == 403 and errors[0]["description"]
        else:
            assert errors.tag == "errors" and errors.find("error/code").text == "403"
    assert Petition.objects.count() == 0


def test_a_revoked_key_is_refused_and_its_use_logged(client, tpc):
    unit, key, plaintext = tpc
    open311_services.api_key_revoke(actor=admin_of(unit), key=key,
                                    expected_version=key.version)
    response = post(client, "json", {**PETITION_BODY, "api_key": plaintext})
    assert response.status_code == 403
    assert client.get(f"{BASE}/services.json", {"api_key": plaintext}).status_code == 403
    assert list(ApiKeyUse.objects.values_list("endpoint", "status")) == [
        ("services", 403), ("requests", 403)]
    assert Petition.objects.count() == 0


def test_a_key_of_another_agency_cannot_post_there(client, tpc):
    other = agency("NTBT")
    _key, foreign = key_for(other)
    response = post(client, "json", {**PETITION_BODY, "api_key": foreign,
                                     "jurisdiction_id": "TPC"})
    assert response.status_code == 403
    assert Petition.objects.count() == 0


def test_without_jurisdiction_a_post_goes_to_the_keys_agency(client, tpc):
    response = post(client, "json", {**PETITION_BODY, "api_key": tpc[2]})
    assert response.status_code == 200
    assert Petition.objects.get().organisation == tpc[0].organisation


@pytest.mark.parametrize("change, field", [
    ({"service_code": ""}, "service_code"),
    ({"lat": "north", "long": "east"}, "lat"),
    ({"lat": "91", "long": "0"}, "lat"),
    ({"lat": "NaN", "long": "Infinity"}, "lat"),
    ({"description": ""}, "description"),
    ({"description": "x" * 5000}, "description"),
    ({"attribute[minfu_consent]": "no"}, "minfu_consent"),
])
def test_bad_posts_are_400_with_the_field_named(client, tpc, change, field):
    response = post(client, "json", {**PETITION_BODY, "api_key": tpc[2], **change})
    assert response.status_code == 400, response.content
    assert any(field in error["description"] for error in json.loads(response.content))
    assert Petition.objects.count() == 0


def test_unknown_service_and_jurisdiction_are_404(client, tpc):
    response = post(client, "xml", {**PETITION_BODY, "api_key": tpc[2],
                                    "service_code": "nope"})
    assert response.status_code == 404
    assert ElementTree.fromstring(response.content).find("error/code").text == "404"
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "XX"}).status_code == 404


def test_anonymous_petition_without_personal_data_needs_no_consent(client, tpc):
    body = {key: value for key, value in PETITION_BODY.items()
            if key not in {"first_name", "last_name", "email", "phone",
                           "attribute[minfu_consent]"}}
    response = post(client, "json", {**body, "api_key": tpc[2]})
    assert response.status_code == 200, response.content
    assert Petition.objects.get().anonymous


def test_location_required_by_the_service(client, tpc):
    unit = tpc[0]
    petition_service(unit, code="pothole", location_required=True)
    body = {**PETITION_BODY, "api_key": tpc[2], "service_code": "pothole"}
    for name in ("lat", "long", "address_string"):
        body.pop(name)
    assert post(client, "json", body).status_code == 400
    assert post(client, "json", {**body, "address_id": "A-17"}).status_code == 200


# ----- idempotency ---------------------------------------------------------------------

def test_a_retry_with_the_same_idempotency_key_returns_the_same_request(client, tpc):
    body = {**PETITION_BODY, "api_key": tpc[2]}
    first = post(client, "json", body, **{"Idempotency-Key": "abc-1"})
    again = post(client, "json", {**body, "description": "改過的內容"},
                 **{"Idempotency-Key": "abc-1"})
    assert json.loads(first.content)[0]["service_request_id"] == \
        json.loads(again.content)[0]["service_request_id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Petition.objects.count() == 1
    other = post(client, "json", body, **{"Idempotency-Key": "abc-2"})
    assert other.status_code == 200 and Petition.objects.count() == 2


def test_the_same_body_within_the_window_is_one_request(client, tpc, settings):
    body = {**PETITION_BODY, "api_key": tpc[2]}
    numbers = {json.loads(post(client, "json", body).content)[0]["service_request_id"]
               for _ in range(3)}
    assert len(numbers) == 1 and Petition.objects.count() == 1
    later = timezone.now() + dt.timedelta(seconds=settings.MINFU_OPEN311_IDEMPOTENCY_SECONDS * 3)
    with time_machine.travel(later, tick=False):
        assert post(client, "json", body).status_code == 200
    assert Petition.objects.count() == 2


def test_the_same_body_from_another_key_is_another_request(client, tpc):
    _key, second = key_for(tpc[0], name="Other app")
    post(client, "json", {**PETITION_BODY, "api_key": tpc[2]})
    post(client, "json", {**PETITION_BODY, "api_key": second})
    assert Petition.objects.count() == 2


# ----- rate limits and the log ----------------------------------------------------------

def test_a_key_over_its_rate_gets_429_with_retry_after(client, tpc):
    unit = tpc[0]
    _key, limited = key_for(unit, rate=2, name="Small app")
    statuses = [client.get(f"{BASE}/services.json", {"api_key": limited}).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get(f"{BASE}/services.xml", {"api_key": limited})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert ElementTree.fromstring(response.content).find("error/code").text == "429"


def test_calls_without_a_key_are_limited_per_address(client, tpc, settings):
    settings.MINFU_OPEN311_READ_RATE = "2/3600"
    statuses = [client.get(f"{BASE}/services.json").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_every_use_of_a_key_is_logged_without_bodies(client, tpc):
    _unit, key, plaintext = tpc
    post(client, "json", {**PETITION_BODY, "api_key": plaintext})
    client.get(f"{BASE}/requests.json", {"api_key": plaintext})
    client.get(f"{BASE}/services/none.json", {"api_key": plaintext})
    uses = list(ApiKeyUse.objects.filter(api_key=key).order_by("id").values(
        "method", "endpoint", "status"))
    assert uses == [{"method": "POST", "endpoint": "requests", "status": 200},
                    {"method": "GET", "endpoint": "requests", "status": 200},
                    {"method": "GET", "endpoint": "service_definition", "status": 404}]
    assert {field.name for field in ApiKeyUse._meta.fields} == {
        "id", "api_key", "method", "endpoint", "status", "at"}


# ----- GET requests ----------------------------------------------------------------------

def _numbers(response) -> list[str]:
    body = parsed(response)
    if isinstance(body, list):
        return [row["service_request_id"] for row in body]
    return [element.text for element in body.findall("request/service_request_id")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_requests_filters(client, tpc, fmt):
    unit, _key, plaintext = tpc
    petition_service(unit, code="noise")
    first = _numbers(post(client, "json", {**PETITION_BODY, "api_key": plaintext}))[0]
    second = _numbers(post(client, "json", {**PETITION_BODY, "api_key": plaintext,
                                            "service_code": "noise"}))[0]
    url = f"{BASE}/requests.{fmt}"
    assert sorted(_numbers(client.get(url))) == sorted([first, second])
    assert _numbers(client.get(url, {"service_code": "noise"})) == [second]
    assert sorted(_numbers(client.get(url, {"service_request_id": f"{first}, {second}"}))) \
        == sorted([first, second])
    assert _numbers(client.get(url, {"status": "closed"})) == []
    assert len(_numbers(client.get(url, {"status": "open"}))) == 2
    now = timezone.now()
    assert _numbers(client.get(url, {"end_date": (now - dt.timedelta(days=1)).isoformat()})) == []
    window = {"start_date": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "end_date": (now + dt.timedelta(hours=1)).isoformat()}
    assert len(_numbers(client.get(url, window))) == 2
    assert len(_numbers(client.get(url, {"jurisdiction_id": "TPC"}))) == 2


@pytest.mark.parametrize("params, field", [
    ({"start_date": "yesterday"}, "start_date"),
    ({"start_date": "2026-13-45"}, "start_date"),
    ({"end_date": "9999-12-31T23:59:59-23:59"}, "end_date"),
    ({"start_date": "2025-01-01", "end_date": "2025-12-31"}, "start_date"),
    ({"start_date": "2025-02-01", "end_date": "2025-01-01"}, "end_date"),
    ({"status": "pending"}, "status"),
    ({"service_request_id": ",".join(f"X-{n}" for n in range(101))}, "service_request_id"),
])
def test_bad_filters_are_400(client, tpc, params, field):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400, response.content
    assert field in json.loads(response.content)[0]["description"]


def test_get_answers_hold_no_personal_data(client, tpc):
    _unit, _key, plaintext = tpc
    number = _numbers(post(client, "json", {**PETITION_BODY, "api_key": plaintext}))[0]
    for url in (f"{BASE}/requests.json", f"{BASE}/requests/{number}.json",
                f"{BASE}/requests.xml", f"{BASE}/requests/{number}.xml"):
        text = client.get(url).content.decode()
        for secret in ("小明", "王小明", "ming@example.tw", "0912345678", "市府路",
                       "路燈不亮兩週了", "25.033012"):
            assert secret not in text, (url, secret)
    row = json.loads(client.get(f"{BASE}/requests/{number}.json").content)[0]
    assert row["lat"] == 25.033 and row["long"] == 121.565
    assert row["agency_responsible"] == "測試機關TPC"
    assert row["status"] == "open" and row["status_notes"]


def test_get_one_request_both_formats_and_unknown_ids(client, tpc):
    number = _numbers(post(client, "json", {**PETITION_BODY, "api_key": tpc[2]}))[0]
    xml = ElementTree.fromstring(client.get(f"{BASE}/requests/{number}.xml").content)
    assert xml.tag == "service_requests"
    assert xml.find("request/service_code").text == "streetlight"
    assert xml.find("request/expected_datetime").text.endswith("+08:00")
    assert client.get(f"{BASE}/requests/TPC-P1150101-9999.json").status_code == 404
    assert client.get(f"{BASE}/requests/1.json").status_code == 404  # never database ids
    assert client.get(f"{BASE}/tokens/not-a-token.json").status_code == 404


def test_status_is_closed_after_the_reply_with_its_public_note(client, tpc):
    unit, _key, plaintext = tpc
    number = _numbers(post(client, "json", {**PETITION_BODY, "api_key": plaintext}))[0]
    petition = Petition.objects.get(number=number)
    from tests.voice.factories import officer, supervisor

    voice_services.reply_draft(actor=officer(unit), petition=petition, text="已派員修復，謝謝您。",
                               legal_basis="", remedies="", publish=False)
    voice_services.reply_approve(actor=supervisor(unit),
                                 petition=Petition.objects.get(pk=petition.pk))
    row = json.loads(client.get(f"{BASE}/requests/{number}.json").content)[0]
    assert row["status"] == "closed"
    assert _numbers(client.get(f"{BASE}/requests.json", {"status": "closed"})) == [number]


# ----- the rest of the wire ----------------------------------------------------------------

def test_unknown_format_method_and_path(client, tpc):
    response = client.get(f"{BASE}/services.csv")
    assert response.status_code == 404 and json.loads(response.content)[0]["code"] == 404
    response = client.delete(f"{BASE}/services.json")
    assert response.status_code == 405 and "GET" in response["Allow"]
    response = client.get(f"{BASE}/elsewhere.xml")
    assert response.status_code == 404 and response.content.startswith(b"<?xml")


def test_control_characters_are_a_400_in_the_spec_format(client, tpc):
    response = client.get(f"{BASE}/requests.json", {"service_code": "a\x00b"})
    assert response.status_code == 400
    assert json.loads(response.content)[0]["code"] == 400


def test_english_answers_with_locale(client, tpc):
    rows = json.loads(client.get(f"{BASE}/services.json", {"locale": "en"}).content)
    assert rows[0]["service_name"] == "General"
    assert rows[0]["group"] == "Petitions"


def test_head_and_cross_origin_reads(client, tpc):
    assert client.head(f"{BASE}/services.json").status_code == 200
    response = client.get(f"{BASE}/discovery.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"{BASE}/services.txt")["Access-Control-Allow-Origin"] == "*"
