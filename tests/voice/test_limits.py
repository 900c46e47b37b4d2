"""How many petitions anonymous clients may send, from the page and the API: per client
address and per contact address named (each petition sends a receipt there)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from minfu.records import intake_limits
from minfu.voice import limits
from minfu.voice.models import Petition
from tests.voice.factories import agency_unit, category, officer

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def unit():
    unit = agency_unit("KL")
    category(unit)
    return unit


def _page(client, unit):
    url = reverse("voice:public-submit", args=[unit.organisation.code])
    return url, client.get(url).context["form"].initial["token"]


def _form(token, email="ming@example.tw", **overrides):
    return {"token": token, "kind": "complaint", "subject": "路燈不亮", "text": "路燈壞了。",
            "name": "王小明", "email": email, "phone": "", "language": "zh-hant",
            "consent": "on", **overrides}


def _payload(email="ming@example.tw"):
    return {"organisation": "KL", "kind": "complaint", "subject": "路燈不亮",
            "text": "路燈壞了。", "consent": True,
            "petitioner": {"name": "王小明", "email": email}}


def test_the_31st_petition_from_one_client_in_an_hour_is_refused_on_the_page(unit):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for number in range(30):
        url, token = _page(client, unit)
        response = client.post(url, _form(token, email=f"person{number}@example.tw"))
        assert response.status_code == 302
    url, token = _page(client, unit)
    refused = client.post(url, _form(token, email="someone.else@example.tw"))
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert str(limits.PETITIONS.message) in refused.content.decode()
    assert Petition.objects.count() == 30
    # Another client is not held back.
    other = Client(REMOTE_ADDR="198.51.100.7")
    url, token = _page(other, unit)
    assert other.post(url, _form(token, email="other@example.tw")).status_code == 302


def test_the_31st_petition_from_one_client_is_refused_by_the_api(unit):
    api = APIClient(REMOTE_ADDR="203.0.113.5")
    for number in range(30):
        response = api.post("/api/v1/voice/submit/", _payload(f"p{number}@example.tw"),
                            format="json")
        assert response.status_code == 201
    refused = api.post("/api/v1/voice/submit/", _payload("late@example.tw"), format="json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "too_many_submissions"
    assert Petition.objects.count() == 30


def test_many_petitions_naming_one_address_are_refused_whatever_the_client(unit, settings):
    settings.MINFU_PETITION_CONTACT_RATE = "3/86400"
    spellings = ["Victim@Example.tw", "victim+1@example.tw", "victim@example.tw"]
    for number, email in enumerate(spellings):
        api = APIClient(REMOTE_ADDR=f"203.0.113.{number + 1}")
        assert api.post("/api/v1/voice/submit/", _payload(email),
                        format="json").status_code == 201
    refused = APIClient(REMOTE_ADDR="203.0.113.9").post(
        "/api/v1/voice/submit/", _payload("victim+2@EXAMPLE.TW"), format="json")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_for_contact"
    # The page keeps what was typed and says why.
    client = Client(REMOTE_ADDR="203.0.113.10")
    url, token = _page(client, unit)
    page = client.post(url, _form(token, email="victim@example.tw", text="我的長篇陳情內容"))
    assert page.status_code == 429 and "Retry-After" in page
    assert "我的長篇陳情內容" in page.content.decode()
    assert str(limits.CONTACTS.message) in page.content.decode()
    assert Petition.objects.count() == 3


def test_a_telephone_number_is_counted_however_it_is_written(unit, settings):
    settings.MINFU_PETITION_CONTACT_RATE = "2/86400"
    for number, phone in enumerate(["0912-345-678", "+886 912 345 678"]):
        payload = _payload("") | {"petitioner": {"name": "王小明", "phone": phone}}
        assert APIClient(REMOTE_ADDR=f"203.0.113.{number + 1}").post(
            "/api/v1/voice/submit/", payload, format="json").status_code == 201
    payload = _payload("") | {"petitioner": {"name": "王小明", "phone": "00886912345678"}}
    assert APIClient(REMOTE_ADDR="203.0.113.9").post(
        "/api/v1/voice/submit/", payload, format="json").status_code == 429


def test_staff_recording_petitions_are_not_limited(unit, settings):
    settings.MINFU_PETITION_RATE = "1/3600"
    api = APIClient(REMOTE_ADDR="203.0.113.5")
    api.force_authenticate(officer(unit))
    for _ in range(3):
        response = api.post("/api/v1/voice/petitions/", _payload() | {"channel": "hotline"},
                            format="json")
        assert response.status_code == 201


def test_petitions_with_files_also_count_against_the_upload_limit(unit, settings):
    settings.MINFU_UPLOAD_RATE = "1/3600"
    client = Client(REMOTE_ADDR="203.0.113.5")
    url, token = _page(client, unit)
    scan = SimpleUploadedFile("scan.pdf", PDF_BYTES, content_type="application/pdf")
    assert client.post(url, _form(token, attachment_1=scan)).status_code == 302
    url, token = _page(client, unit)
    scan = SimpleUploadedFile("scan.pdf", PDF_BYTES, content_type="application/pdf")
    refused = client.post(url, _form(token, email="b@example.tw", attachment_1=scan))
    assert refused.status_code == 429
    assert str(intake_limits.UPLOADS.message) in refused.content.decode()
    url, token = _page(client, unit)  # without files it goes through
    assert client.post(url, _form(token, email="c@example.tw")).status_code == 302


@given(st.sampled_from(["a.b.c@gmail.com", "ABC+news@googlemail.com", " abc@Gmail.com "]))
def test_spellings_of_one_mailbox_count_as_one(email):
    assert intake_limits.contact_keys(email=email) == intake_limits.contact_keys(
        email="abc@gmail.com")


def test_different_addresses_count_apart():
    assert intake_limits.contact_keys(email="a.b@example.tw") != intake_limits.contact_keys(
        email="ab@example.tw")  # only some providers ignore dots
    assert intake_limits.contact_keys(email="", phone="") == []
    assert intake_limits.normal_phone("(02) 2345-6789") == "0223456789"
