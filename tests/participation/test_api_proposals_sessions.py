"""The API of proposing, co-signing and registering: the pages' services behind a
`participation_token`, one record per replay, machine-readable refusals."""

import datetime as dt

import pytest
from django.utils import timezone

from minfu.participation import sessions_services
from minfu.participation.models.proposals import Proposal, ProposalSignature
from minfu.participation.models.sessions import Registration
from minfu.participation.proposals_activities import new_proposal_key, signing_key
from minfu.participation.sessions_activities import session_key
from minfu.participation.verification import participant_token
from tests.org.factories import OrganisationFactory, staff_user

from .proposal_factories import agency_unit, open_proposal, participant, proposal, session
from .test_api import BASE, token

pytestmark = pytest.mark.django_db
TEXT = "希望戶政事務所每週至少一天延長服務至晚上八點，方便上班族辦理。"


def post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def proof(activity_key: str, person=None) -> str:
    """A token as verifications/confirm/ answers it (the flow itself: test_api.token)."""
    return participant_token(activity_key, person or participant())


def error_code(answer) -> str:
    return answer.json()["error"]["code"]


# ----- proposing -----------------------------------------------------------------------

def test_propose_after_verifying_answers_the_receipt_once(client, fixed_code):
    organisation = OrganisationFactory()
    agencies = client.get(f"{BASE}/proposal-agencies/?limit=500").json()["results"]
    activity = next(row["activity"] for row in agencies if row["code"] == organisation.code)
    body = {"organisation": organisation.code, "participation_token": token(client, activity),
            "title": "延長夜間服務", "text": TEXT}
    first = post(client, f"{BASE}/proposals/", body, HTTP_IDEMPOTENCY_KEY="p-1")
    again = post(client, f"{BASE}/proposals/", body, HTTP_IDEMPOTENCY_KEY="p-1")
    assert (first.status_code, again.status_code) == (201, 200), first.content
    receipt = first.json()
    assert receipt["state"] == "submitted" and receipt["access_code"].count("-") == 1
    assert again.json()["number"] == receipt["number"] and again.json()["access_code"] is None
    assert Proposal.objects.count() == 1
    # The receipt's pair opens the proposer's lookup, as the page's receipt does.
    lookup = post(client, f"{BASE}/proposal-lookup/",
                  {"number": receipt["number"], "access_code": receipt["access_code"]})
    assert lookup.status_code == 200 and lookup.json()["state"] == "submitted"
    # Not public until screened.
    assert client.get(f"{BASE}/proposals/{receipt['id']}/").status_code == 404


def test_without_a_key_each_proposal_is_its_own(client):
    organisation = OrganisationFactory()
    body = {"organisation": organisation.code, "title": "延長夜間服務", "text": TEXT,
            "participation_token": proof(new_proposal_key(organisation))}
    assert [post(client, f"{BASE}/proposals/", body).status_code for _ in range(2)] == [201, 201]


@pytest.mark.parametrize(("change", "status", "code"), [
    ({"organisation": "NOPE"}, 400, "unknown_organisation"),
    ({"text": "太短了"}, 400, "invalid"),
    ({"title": ""}, 400, "invalid"),
    ({"participation_token": "forged"}, 403, "not_verified"),
])
def test_a_bad_proposal_is_refused_with_its_code(client, change, status, code):
    organisation = OrganisationFactory()
    body = {"organisation": organisation.code, "title": "延長夜間服務", "text": TEXT,
            "participation_token": proof(new_proposal_key(organisation))} | change
    answer = post(client, f"{BASE}/proposals/", body)
    assert (answer.status_code, error_code(answer)) == (status, code)
    assert not Proposal.objects.exists()


def test_a_token_for_another_agency_cannot_propose(client):
    organisation, other = OrganisationFactory(), OrganisationFactory()
    answer = post(client, f"{BASE}/proposals/", {
        "organisation": organisation.code, "title": "延長夜間服務", "text": TEXT,
        "participation_token": proof(new_proposal_key(other))})
    assert (answer.status_code, error_code(answer)) == (403, "not_verified")


# ----- co-signing ----------------------------------------------------------------------

def test_signing_twice_is_one_signature_and_withdrawing_answers_the_same(client, fixed_code):
    item = open_proposal(agency_unit(), threshold=3)
    url = f"{BASE}/proposals/{item.pk}"
    body = {"participation_token": token(client, signing_key(item))}
    first, again = post(client, f"{url}/sign/", body), post(client, f"{url}/sign/", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["signed"] and again.json()["signature_count"] == 1
    assert again.json()["signed_at"] == first.json()["signed_at"]
    withdrawn = [post(client, f"{url}/withdraw/", body) for _ in range(2)]
    assert [answer.status_code for answer in withdrawn] == [200, 200]
    assert withdrawn[1].json() == withdrawn[0].json()
    assert withdrawn[0].json()["signed"] is False
    assert withdrawn[0].json()["signature_count"] == 0
    assert ProposalSignature.objects.count() == 1


def test_the_signature_that_reaches_the_threshold_moves_the_proposal(client):
    item = open_proposal(agency_unit(), threshold=1)
    answer = post(client, f"{BASE}/proposals/{item.pk}/sign/",
                  {"participation_token": proof(signing_key(item))})
    assert answer.status_code == 201 and answer.json()["state"] == "reached"
    item.refresh_from_db()
    assert item.response_due_on is not None


def test_no_signing_or_withdrawing_once_the_period_is_over(client):
    item = open_proposal(agency_unit())
    signer = participant()
    body = {"participation_token": proof(signing_key(item), signer)}
    assert post(client, f"{BASE}/proposals/{item.pk}/sign/", body).status_code == 201
    Proposal.objects.filter(pk=item.pk).update(
        signing_closes_on=timezone.localdate() - dt.timedelta(days=1))
    late = post(client, f"{BASE}/proposals/{item.pk}/sign/",
                {"participation_token": proof(signing_key(item))})
    assert (late.status_code, error_code(late)) == (409, "signing_closed")
    Proposal.objects.filter(pk=item.pk).update(state="expired")
    withdraw = post(client, f"{BASE}/proposals/{item.pk}/withdraw/", body)
    assert (withdraw.status_code, error_code(withdraw)) == (409, "signing_closed")


def test_withdrawing_what_was_never_given_is_404(client):
    item = open_proposal(agency_unit())
    answer = post(client, f"{BASE}/proposals/{item.pk}/withdraw/",
                  {"participation_token": proof(signing_key(item))})
    assert (answer.status_code, error_code(answer)) == (404, "no_signature")


def test_signing_needs_a_token_for_that_proposal(client):
    unit = agency_unit()
    item, other = open_proposal(unit), open_proposal(unit)
    answer = post(client, f"{BASE}/proposals/{item.pk}/sign/",
                  {"participation_token": proof(signing_key(other))})
    assert (answer.status_code, error_code(answer)) == (403, "not_verified")
    assert post(client, f"{BASE}/proposals/{item.pk}/sign/", {}).status_code == 400


@pytest.mark.parametrize("pk", ["999999", "abc"])
def test_unknown_proposals_are_404(client, pk):
    answer = post(client, f"{BASE}/proposals/{pk}/sign/", {"participation_token": "x"})
    assert (answer.status_code, error_code(answer)) == (404, "not_found")


def test_a_proposal_being_screened_cannot_be_signed(client):
    item, _code = proposal(agency_unit())
    answer = post(client, f"{BASE}/proposals/{item.pk}/sign/",
                  {"participation_token": proof(signing_key(item))})
    assert answer.status_code == 404


# ----- sessions ------------------------------------------------------------------------

def test_places_then_the_waiting_list_then_refusal_for_who_will_not_wait(client, fixed_code):
    event = session(agency_unit(), capacity=1)
    url = f"{BASE}/sessions/{event.pk}/register/"
    holder = {"participation_token": token(client, session_key(event)), "name": "林小姐"}
    waiting = {"participation_token": proof(session_key(event))}
    first, again = post(client, url, holder), post(client, url, holder)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["status"] == "confirmed" and first.json()["name"] == "林小姐"
    assert again.json() == first.json()
    queued = post(client, url, waiting)
    assert queued.status_code == 201 and queued.json()["status"] == "waiting"
    refused = post(client, url, {"participation_token": proof(session_key(event)),
                                 "waiting_list": False})
    assert (refused.status_code, error_code(refused)) == (409, "session_full")
    assert Registration.objects.count() == 2


def test_the_online_link_goes_only_to_those_with_a_place(client):
    event = session(agency_unit(), capacity=1, online_url="https://meet.example.tw/abc")
    event.published = True
    event.save(update_fields=["published"])
    listed = client.get(f"{BASE}/sessions/{event.pk}/").json()
    assert listed["online"] is True and "meet.example.tw" not in str(listed)
    url = f"{BASE}/sessions/{event.pk}/register/"
    placed = post(client, url, {"participation_token": proof(session_key(event))})
    waiting = post(client, url, {"participation_token": proof(session_key(event))})
    assert placed.json()["online_url"] == "https://meet.example.tw/abc"
    assert waiting.json()["status"] == "waiting" and waiting.json()["online_url"] == ""


def test_cancelling_gives_the_place_to_the_waiting_list(client):
    event = session(agency_unit(), capacity=1)
    holder, next_in_line = participant(), participant()
    body = {"participation_token": proof(session_key(event), holder)}
    post(client, f"{BASE}/sessions/{event.pk}/register/", body)
    post(client, f"{BASE}/sessions/{event.pk}/register/",
         {"participation_token": proof(session_key(event), next_in_line)})
    url = f"{BASE}/sessions/{event.pk}/cancel-registration/"
    first, again = post(client, url, body), post(client, url, body)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json()["status"] == "cancelled" and again.json() == first.json()
    assert Registration.objects.get(participant=next_in_line).status == "confirmed"
    stranger = post(client, url, {"participation_token": proof(session_key(event))})
    assert (stranger.status_code, error_code(stranger)) == (404, "no_registration")


def test_no_registration_once_closed(client):
    unit = agency_unit()
    event = session(unit)
    sessions_services.session_cancel(actor=staff_user(unit), session=event, reason="颱風",
                                     expected_version=event.version)
    answer = post(client, f"{BASE}/sessions/{event.pk}/register/",
                  {"participation_token": proof(session_key(event))})
    assert (answer.status_code, error_code(answer)) == (409, "registration_closed")


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"participation_token": "forged"}, 403, "not_verified"),
    ({"name": "x" * 101}, 400, "invalid"),
    ({"waiting_list": "perhaps"}, 400, "invalid"),
])
def test_bad_registrations_are_refused_with_their_code(client, body, status, code):
    event = session(agency_unit())
    answer = post(client, f"{BASE}/sessions/{event.pk}/register/",
                  {"participation_token": proof(session_key(event))} | body)
    assert (answer.status_code, error_code(answer)) == (status, code)
    assert not Registration.objects.exists()


def test_unknown_or_unpublished_sessions_are_404(client):
    event = session(agency_unit(), published=False)
    for pk in (event.pk, 999999, "abc"):
        answer = post(client, f"{BASE}/sessions/{pk}/register/",
                      {"participation_token": proof(f"session:{pk}")})
        assert answer.status_code == 404, pk
