"""Sign-in with a one-time link by e-mail: sent through the outbox with the link sealed
(staff never read it), works once, expires, and is rate limited."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from minfu.citizens.models import Citizen, SignInLink
from minfu.notify.models import OutboxMessage
from minfu.notify.sealing import unseal
from tests.citizens.factories import citizen
from tests.org.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_organisation():
    return OrganisationFactory(code="SITE")


def _ask(client, email="hua@example.tw", prefix=""):
    return client.post(f"{prefix}/citizen/sign-in/email/", {"email": email})


def _link_path(message: OutboxMessage) -> str:
    _subject, body = unseal(message.sealed_text, max_age=dt.timedelta(hours=1))
    return re.search(r"https?://[^/]+(/\S+/)", body).group(1)


def test_the_link_goes_out_through_the_outbox_sealed(client):
    answer = _ask(client)
    assert answer.status_code == 200 and "hua@example.tw" in answer.content.decode()
    message = OutboxMessage.objects.get(event="citizen.sign_in_link")
    assert message.recipient == "hua@example.tw" and message.channel == "email"
    assert "/citizen/sign-in/link/" not in message.body  # what staff see is withheld
    assert _link_path(message).startswith("/citizen/sign-in/link/")
    assert Citizen.objects.count() == 0  # no account for an address nobody proved


def test_the_link_signs_in_once_and_makes_the_account(client):
    _ask(client)
    path = _link_path(OutboxMessage.objects.get())
    assert client.get(path).status_code == 200  # a mail scanner's GET uses nothing
    signed_in = client.post(path)
    assert signed_in.status_code == 302 and signed_in["Location"] == "/my/"
    account = Citizen.objects.get()
    assert account.email == "hua@example.tw" and account.email_verified
    assert client.get("/my/").status_code == 200
    other = type(client)()
    assert other.post(path).status_code == 400  # used
    assert other.get("/my/").status_code == 302


def test_a_link_to_a_known_address_signs_in_that_account(client):
    known = citizen(email="Hua@Example.tw")
    _ask(client)
    client.post(_link_path(OutboxMessage.objects.get()))
    assert Citizen.objects.count() == 1
    assert client.get("/my/").context["citizen"] == known


def test_an_expired_link_is_refused(client, settings):
    settings.MINFU_CITIZEN_LINK_MINUTES = 15
    _ask(client)
    path = _link_path(OutboxMessage.objects.get())
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert client.post(path).status_code == 400
    assert SignInLink.objects.get().used_at is None
    assert client.get("/my/").status_code == 302


def test_a_made_up_token_is_refused(client):
    assert client.post("/citizen/sign-in/link/not-a-real-token/").status_code == 400


def test_links_are_rate_limited_per_address(client, settings):
    settings.MINFU_CITIZEN_LINK_RATE = "2/3600"
    assert _ask(client).status_code == 200
    assert _ask(client).status_code == 200
    refused = _ask(client)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert OutboxMessage.objects.count() == 2


def test_an_english_request_gets_an_english_link(client):
    _ask(client, prefix="/en")
    message = OutboxMessage.objects.get()
    assert message.language == "en" and message.subject == "Your sign-in link"
    assert _link_path(message).startswith("/en/citizen/sign-in/link/")


def test_a_bad_address_is_shown_on_the_form(client):
    answer = _ask(client, email="not an address")
    assert answer.status_code == 400 and OutboxMessage.objects.count() == 0
