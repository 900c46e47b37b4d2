"""Notices to petitioners: an address the petitioner has not confirmed gets a short
receipt with no text the sender chose, and nothing else until the link in it is followed."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from minfu.notify.models import OutboxMessage
from minfu.voice import actions, notices, services
from minfu.voice.models import Petition, PetitionEvent
from tests.voice.factories import (
    agency_unit,
    confirm_contact,
    officer,
    person,
    submit,
    submit_confirmed,
)

pytestmark = pytest.mark.django_db

SPAM_SUBJECT = "恭喜中獎 請至 http://evil.example 領取"
SPAM_NAME = "客服中心 http://evil.example"


def _messages(petition, event):
    return OutboxMessage.objects.filter(event=event, related_id=str(petition.pk))


def _spam(unit, **overrides):
    return submit(unit, subject=SPAM_SUBJECT,
                  petitioner=person(name=SPAM_NAME, email="victim@example.tw"), **overrides)


def test_the_receipt_to_an_unconfirmed_address_carries_no_text_the_sender_chose():
    unit = agency_unit()
    petition, _ = _spam(unit)
    receipt = _messages(petition, "petition.received").get()
    for text in (SPAM_SUBJECT, SPAM_NAME, "evil.example"):
        assert text not in receipt.subject and text not in receipt.body
    assert petition.number in receipt.subject and petition.number in receipt.body
    assert notices.confirm_url(petition) in receipt.body
    assert "/voice/lookup/" in receipt.body


def test_the_sms_receipt_carries_the_confirmation_link_and_no_sender_text():
    unit = agency_unit()
    petition, _ = submit(unit, subject=SPAM_SUBJECT,
                         petitioner=person(name=SPAM_NAME, email="", phone="0912345678"))
    receipt = _messages(petition, "petition.received").get()
    assert receipt.channel == "sms" and receipt.recipient == "0912345678"
    assert SPAM_SUBJECT not in receipt.body and SPAM_NAME not in receipt.body
    assert notices.confirm_url(petition) in receipt.body


def test_nothing_but_the_receipt_goes_to_an_unconfirmed_address():
    unit = agency_unit()
    petition, _ = _spam(unit)
    services.petition_extend(actor=officer(unit), petition=petition, value=5,
                             reason=SPAM_SUBJECT)
    assert not _messages(petition, "petition.extended").exists()
    skipped = PetitionEvent.objects.get(petition=petition,
                                        action=actions.PETITION_NOTICE_SKIPPED)
    assert skipped.data == {"event": "petition.extended", "reason": "contact_unconfirmed"}


def test_following_the_link_and_confirming_lets_the_notices_through(client):
    unit = agency_unit()
    petition, _ = _spam(unit)
    url = reverse("voice:public-confirm", args=[notices.confirm_token(petition)])
    shown = client.get(url)
    assert shown.status_code == 200 and petition.number in shown.content.decode()
    assert SPAM_SUBJECT not in shown.content.decode()
    petition.refresh_from_db()
    assert petition.contact_confirmed_at is None  # opening the link (a mail scanner) is not enough
    done = client.post(url)
    petition.refresh_from_db()
    assert done.status_code == 200 and petition.contact_confirmed_at is not None
    assert PetitionEvent.objects.filter(petition=petition,
                                        action=actions.PETITION_CONTACT_CONFIRMED).count() == 1
    assert client.post(url).status_code == 200  # twice changes nothing
    assert PetitionEvent.objects.filter(petition=petition,
                                        action=actions.PETITION_CONTACT_CONFIRMED).count() == 1
    services.petition_extend(actor=officer(unit), petition=petition, value=5,
                             reason="需會同工務單位會勘")
    assert _messages(petition, "petition.extended").count() == 1


def test_a_forged_link_or_one_for_another_address_confirms_nothing(client):
    unit = agency_unit()
    petition, _ = submit(unit)
    forged = signing.Signer(salt="another salt").sign_object({"p": petition.pk, "c": "0"})
    assert client.post(reverse("voice:public-confirm", args=[forged])).status_code == 404
    token = notices.confirm_token(petition)
    Petition.objects.filter(pk=petition.pk).update(contact_email="new@example.tw")
    assert client.post(reverse("voice:public-confirm", args=[token])).status_code == 404
    petition.refresh_from_db()
    assert petition.contact_confirmed_at is None


def test_a_petition_staff_record_is_confirmed_and_a_transfer_keeps_what_was_known():
    unit, competent, elsewhere = agency_unit(), agency_unit(), agency_unit()
    recorded, _ = submit(unit, channel="hotline", actor=officer(unit))
    assert recorded.contact_confirmed_at is not None
    assert "/voice/confirm/" not in _messages(recorded, "petition.received").get().body
    unconfirmed, _ = _spam(unit)
    confirmed, _ = submit_confirmed(unit)
    for petition, to in ((unconfirmed, competent), (confirmed, elsewhere)):
        services.petition_transfer(actor=officer(unit), petition=petition, reason="非本局權責",
                                   to_organisation=to.organisation)
    assert Petition.objects.get(transferred_from=unconfirmed).contact_confirmed_at is None
    assert Petition.objects.get(transferred_from=confirmed).contact_confirmed_at is not None


def test_the_receipt_page_says_where_the_confirmation_link_went():
    agency_unit("KL")
    client = Client()
    url = reverse("voice:public-submit", args=["KL"])
    token = client.get(url).context["form"].initial["token"]
    response = client.post(url, {
        "token": token, "kind": "complaint", "subject": "路燈不亮", "text": "路燈壞了。",
        "name": "王小明", "email": "ming@example.tw", "phone": "", "language": "zh-hant",
        "consent": "on"}, follow=True)
    assert response.context["unconfirmed_contact"] == "ming@example.tw"
    assert "ming@example.tw" in response.content.decode()
    confirm_contact(Petition.objects.get())
    again = client.get(response.request["PATH_INFO"])
    assert again.context["unconfirmed_contact"] == ""
