"""Citizens' pages: the web form and mailbox, receipt, lookup (rate-limited), rating and
published replies."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from minfu.voice import services
from minfu.voice.models import Petition, PetitionAttachment
from tests.voice.factories import agency_unit, category, officer, submit, supervisor

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unit():
    unit = agency_unit("KL")
    category(unit)
    return unit


def _form(client, unit, *, mailbox=False):
    name = "voice:public-mailbox" if mailbox else "voice:public-submit"
    url = reverse(name, args=[unit.organisation.code])
    response = client.get(url)
    assert response.status_code == 200
    return url, response.context["form"].initial["token"]


def _data(token, **overrides):
    data = {"token": token, "kind": "complaint", "subject": "路燈不亮",
            "text": "中山路路燈壞了。", "name": "王小明", "email": "ming@example.tw",
            "phone": "", "language": "zh-hant", "consent": "on"}
    data.update(overrides)
    return data


def test_send_a_complaint_and_see_the_receipt_once(client, unit):
    url, token = _form(client, unit)
    response = client.post(url, _data(token))
    petition = Petition.objects.get()
    assert response.status_code == 302 and petition.channel == "web"
    receipt = client.get(response.url)
    code = receipt.context["access_code"]
    assert code and petition.number in receipt.content.decode()
    assert client.get(response.url).context["access_code"] == ""
    # The code works in the lookup, from another browser.
    client.cookies.clear()
    lookup = client.post(reverse("voice:public-lookup"),
                         {"number": petition.number, "access_code": code})
    assert lookup.status_code == 302
    assert client.get(lookup.url).context["petition"] == petition


def test_double_post_creates_one_petition(client, unit):
    url, token = _form(client, unit)
    first = client.post(url, _data(token))
    second = client.post(url, _data(token))
    assert first.status_code == second.status_code == 302
    assert Petition.objects.count() == 1


def test_a_token_given_to_another_browser_is_refused_and_the_message_kept(client, unit):
    url, token = _form(Client(), unit)
    response = client.post(url, _data(token))
    assert response.status_code == 400 and Petition.objects.count() == 0
    form = response.context["form"]
    assert form["text"].value() == "中山路路燈壞了。" and form["token"].value() != token


def test_missing_consent_and_contact_are_field_errors(client, unit):
    url, token = _form(client, unit)
    response = client.post(url, _data(token, consent="", email=""))
    assert response.status_code == 400
    assert {"consent", "email"} <= set(response.context["form"].errors)
    assert not Petition.objects.exists()


def test_anonymous_petition_is_accepted(client, unit):
    url, token = _form(client, unit)
    response = client.post(url, _data(token, anonymous="on", name="", email="", consent=""))
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.anonymous and petition.petitioner_name == ""


def test_mailbox_channel_and_attachments_are_checked(client, unit):
    url, token = _form(client, unit, mailbox=True)
    bad = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, _data(token, attachment_1=bad))
    assert response.status_code == 400 and "attachment_1" in response.context["form"].errors
    good = SimpleUploadedFile("x.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(url, _data(token, attachment_1=good))
    assert response.status_code == 302
    assert Petition.objects.get().channel == "mailbox"
    assert PetitionAttachment.objects.get().content_type == "application/pdf"


def test_wrong_code_is_refused_and_lookups_are_rate_limited(client, unit, settings):
    settings.MINFU_LOOKUP_RATE = "2/600"
    petition, _ = submit(unit)
    url = reverse("voice:public-lookup")
    for _ in range(2):
        response = client.post(url, {"number": petition.number, "access_code": "AAAAA-BBBBB"})
        assert response.status_code == 400 and response.context["mismatch"]
    assert client.post(url, {"number": petition.number,
                             "access_code": "AAAAA-BBBBB"}).status_code == 429


def test_progress_needs_proof(client, unit):
    petition, _ = submit(unit)
    response = client.get(reverse("voice:public-progress", args=[petition.pk]))
    assert response.status_code == 302 and response.url == reverse("voice:public-lookup")


def _replied(unit, publish=False):
    petition, _ = submit(unit)
    services.reply_draft(actor=officer(unit), petition=petition, text="王小明您好，已修復。",
                         publish=publish)
    services.reply_approve(actor=supervisor(unit), petition=Petition.objects.get(pk=petition.pk))
    return petition


def test_rating_page_takes_one_answer(client, unit):
    petition = _replied(unit)
    url = reverse("voice:public-rate", args=[services.rating_token(petition.ratings.get())])
    assert client.get(url).status_code == 200
    response = client.post(url, {"score": "1", "comment": "沒修好", "reopen": "on"})
    assert response.status_code == 200 and response.context.get("thanked")
    assert Petition.objects.get(pk=petition.pk).state == "in_progress"
    again = client.get(url)
    assert "already" in str(again.context["message"]) or again.context["message"]
    assert petition.ratings.get().score == 1


def test_forged_rating_link_is_404(client, unit):
    assert client.get(reverse("voice:public-rate", args=["forged:token"])).status_code == 404


def test_published_replies_show_the_masked_question_once_the_petitioner_is_satisfied(
        client, unit):
    for publish in (True, False):
        petition = _replied(unit, publish=publish)
        services.rating_submit(token=services.rating_token(petition.ratings.get()), score=5)
    response = client.get(reverse("voice:public-replies"))
    body = response.content.decode()
    assert len(response.context["page_obj"]) == 1
    assert "王○明" in body and "王小明" not in body
    assert petition.subject in body  # the question it answers


def test_pages_render_in_english(client, unit):
    petition = _replied(unit, publish=True)
    translation.activate("en")  # English pages are the /en/ URLs
    url, _token = _form(client, unit)
    assert "Write to us" in client.get(url).content.decode()
    assert "Published replies" in client.get(reverse("voice:public-replies")).content.decode()
    assert petition.number not in client.get(reverse("voice:public-replies")).content.decode()


def test_index_lists_agencies_taking_messages(client, unit):
    agency_unit("NOCAT")
    response = client.get(reverse("voice:public-index"))
    assert [org.code for org in response.context["organisations"]] == ["KL"]
