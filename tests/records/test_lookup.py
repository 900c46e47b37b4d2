"""The one public lookup: any record number with its access code, through any entry."""

import datetime as dt
import hashlib
import hmac
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from minfu.cases.models import Case
from minfu.records.selectors import record_for_lookup
from minfu.voice.models import Petition
from tests.cases.factories import service
from tests.cases.factories import submit as submit_case
from tests.voice.factories import agency_unit
from tests.voice.factories import submit as submit_petition

pytestmark = pytest.mark.django_db
ENTRIES = ("records:public-lookup", "cases:public-lookup", "voice:public-lookup")


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def _pre_kernel_hmac(code: str, *purposes: bytes) -> str:
    """An access-code hash as cases and voice computed it before the kernel existed."""
    key = hmac.new(settings.SECRET_KEY.encode(), b"minfu.cases.access-code.v1",
                   hashlib.sha256).digest()
    for purpose in purposes:
        key = hmac.new(key, purpose, hashlib.sha256).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def test_codes_handed_out_before_the_kernel_still_open_their_records():
    case, _ = submit_case(service())
    petition, _ = submit_petition(agency_unit("KL"))
    Case.objects.filter(pk=case.pk).update(access_code_hmac=_pre_kernel_hmac("ABCDE23456"))
    # A petition of before the kernel: a number without the agency code, its own key.
    Petition.objects.filter(pk=petition.pk).update(
        number="P1140305-0007",
        access_code_hmac=_pre_kernel_hmac("FGHJK78923", b"minfu.voice.access-code.v1"))
    assert record_for_lookup(case.number, "abcde-23456")[1] == case
    assert record_for_lookup("p1140305-0007", "FGHJK78923")[1] == petition


def test_a_code_opens_only_its_own_kind():
    case, case_code = submit_case(service())
    petition, petition_code = submit_petition(agency_unit("KL"))
    assert record_for_lookup(case.number, petition_code) is None
    assert record_for_lookup(petition.number, case_code) is None


def test_new_petition_numbers_carry_the_agency_and_the_kind_letter():
    petition, _ = submit_petition(agency_unit("KL"), received_at=dt.datetime(
        2025, 3, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert petition.number == "KL-P1140305-0001"


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_entry_opens_an_application(client, entry):
    case, code = submit_case(service())
    response = client.post(reverse(entry), {"number": case.number.lower(), "access_code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:public-progress", args=[case.number])
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_entry_opens_a_petition(client, entry):
    petition, code = submit_petition(agency_unit("KL"))
    response = client.post(reverse(entry), {"number": petition.number, "access_code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("voice:public-progress", args=[petition.pk])
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("number", ["KL-1140305-0001", "KL-P1140305-0001", "garbage"])
def test_a_wrong_pair_gets_one_answer_and_keeps_the_number(client, number):
    submit_case(service())
    response = client.post(reverse("records:public-lookup"),
                           {"number": number, "access_code": "ABCDE23456"})
    assert response.status_code == 400
    assert "ABCDE23456" not in response.content.decode()


def test_lookups_share_one_limit_across_entries(client, settings):
    settings.MINFU_LOOKUP_RATE = "2/600"
    for entry in ENTRIES[:2]:
        client.post(reverse(entry), {"number": "KL-1140305-0001", "access_code": "X"})
    response = client.post(reverse(ENTRIES[2]), {"number": "KL-1140305-0001",
                                                 "access_code": "X"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert reverse(ENTRIES[2]) in response.content.decode()


def test_a_wrong_pair_says_how_many_tries_are_left_before_the_pause(client, settings):
    settings.MINFU_LOOKUP_RATE = "3/600"
    english_page = "/en" + reverse("records:public-lookup")
    pages = [client.post(english_page,
                         {"number": "KL-1140305-0001", "access_code": "ABCDE23456"}
                         ).content.decode() for _ in range(3)]
    assert "You have 2 more tries" in pages[0]
    assert "You have 1 more try " in pages[1]
    assert re.search(r"now pause for up to (10|[1-9]) minutes?\.", pages[2])


@pytest.mark.parametrize("language_prefix", ["", "/en"])
def test_the_lookup_page_speaks_the_page_language(client, language_prefix):
    response = client.get(language_prefix + "/lookup/")
    assert response.status_code == 200
    title = "Follow an application or a message" if language_prefix else "查詢申辦或陳情進度"
    assert title in response.content.decode()


def test_the_api_answers_its_own_kind_only(client):
    case, code = submit_case(service())
    body = {"number": case.number, "access_code": code}
    assert client.post("/api/v1/cases/lookup/", body,
                       content_type="application/json").status_code == 200
    assert client.post("/api/v1/voice/lookup/", body,
                       content_type="application/json").status_code == 404


def test_the_kernel_api_names_the_kind_and_the_page(client):
    petition, code = submit_petition(agency_unit("KL"))
    response = client.post("/api/v1/records/lookup/",
                           {"number": petition.number, "access_code": code},
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"kind": "petition", "number": petition.number,
                               "url": reverse("voice:public-progress", args=[petition.pk])}
    wrong = client.post("/api/v1/records/lookup/",
                        {"number": petition.number, "access_code": "ABCDE23456"},
                        content_type="application/json")
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "no_match"
    invalid = client.post("/api/v1/records/lookup/", {}, content_type="application/json")
    assert invalid.status_code == 400 and "number" in invalid.json()["error"]["details"]
