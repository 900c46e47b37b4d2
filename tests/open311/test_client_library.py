"""End to end against a running server, with an independent Open311 client.

The reads go through `georeport` (PyPI, a maintained GeoReport v2 client for Python 3;
JSON with `requests`, XML with `xmltodict`). It cannot create requests (its README: "does
not currently support the creation of new 311 service requests"), so the POST is made
with `requests` exactly as the specification describes it (form-encoded, `api_key`),
and its XML answer is read with `xml.etree`. The older clients on PyPI (`open311` 1.1,
`three` 0.8) are Python 2 only and fail to import on Python 3.11."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
import requests
from georeport import GeoReport

from minfu.voice import services as voice_services
from minfu.voice.models import Petition
from tests.open311.factories import (
    APPLICATION_BODY,
    PETITION_BODY,
    agency,
    application_service,
    key_for,
    petition_service,
)
from tests.voice.factories import officer, supervisor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(live_server):
    unit = agency("TPC")
    petition_service(unit)
    application_service(unit)
    _key, plaintext = key_for(unit)
    return live_server.url + "/open311/v2", unit, plaintext


def test_a_third_party_client_follows_a_request_from_post_to_closed(server, client):
    endpoint, unit, plaintext = server
    georeport = GeoReport(endpoint, jurisdiction="TPC", output_format="json")
    services = georeport.get_service_list()
    assert {service["service_code"] for service in services} == {"streetlight", "tax-cert"}
    definition = georeport.get_service_definition("streetlight")
    assert [attribute["code"] for attribute in definition["attributes"]] == ["minfu_consent"]

    answer = requests.post(f"{endpoint}/requests.xml",
                           data={**PETITION_BODY, "api_key": plaintext,
                                 "jurisdiction_id": "TPC"}, timeout=30)
    assert answer.status_code == 200, answer.text
    number = ElementTree.fromstring(answer.content).find("request/service_request_id").text

    # An officer of the unit finds it in the petitions queue.
    clerk = officer(unit)
    client.force_login(clerk)
    page = client.get("/staff/voice/queue/unit/")
    assert page.status_code == 200 and number in page.content.decode()

    assert georeport.get_service_request(number)["status"] == "open"
    petition = Petition.objects.get(number=number)
    voice_services.reply_draft(actor=clerk, petition=petition, text="已派員修復，謝謝您。",
                               legal_basis="", remedies="", publish=False)
    voice_services.reply_approve(actor=supervisor(unit),
                                 petition=Petition.objects.get(pk=petition.pk))

    read_back = georeport.get_service_request(number)
    assert read_back["status"] == "closed"
    assert read_back["service_code"] == "streetlight"
    assert "王小明" not in str(read_back) and "ming@example.tw" not in str(read_back)
    xml_client = GeoReport(endpoint, jurisdiction="TPC", output_format="xml")
    listed = xml_client.get_service_requests(service_request_id=number)
    assert listed["status"] == "closed" and listed["service_request_id"] == number
    closed = georeport.get_service_requests(status="closed")
    assert [row["service_request_id"] for row in closed] == [number]


def test_a_third_party_client_reads_the_xml_definition_and_a_batch_token(server):
    endpoint, _unit, plaintext = server
    xml_client = GeoReport(endpoint, jurisdiction="TPC", output_format="xml")
    definition = xml_client.get_service_definition("tax-cert")
    codes = [attribute["code"] for attribute in definition["attributes"]["attribute"]]
    assert codes[:3] == ["income_year", "purpose", "copies"]
    answer = requests.post(f"{endpoint}/requests.json",
                           data={**APPLICATION_BODY, "api_key": plaintext}, timeout=30)
    assert answer.status_code == 200, answer.text
    token = answer.json()[0]["token"]
    mapped = requests.get(f"{endpoint}/tokens/{token}.json", timeout=30).json()[0]
    found = xml_client.get_service_request(mapped["service_request_id"])
    assert found["status"] == "open" and found["service_code"] == "tax-cert"
    refused = requests.post(f"{endpoint}/requests.json", data=APPLICATION_BODY, timeout=30)
    assert refused.status_code == 403 and refused.json()[0]["code"] == 403
