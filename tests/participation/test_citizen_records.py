"""Participation in "my records" and the data export: what the participants of the
account's proved address did (comments, proposals made and co-signed, votes, session
registrations), each linking to its public page; never another citizen's, never an
unproved address's, never a poll choice on the list (the export has it)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from minfu.citizens.demo_identity import DEMO_ISSUER, DEMO_SUBJECT
from minfu.citizens.models import Citizen, RecordLink
from minfu.citizens.selectors import export_data, my_records
from minfu.participation import proposals_services, services, sessions_services
from minfu.participation.models import Comment
from tests.citizens.factories import citizen, sign_in

from . import factories
from .proposal_factories import agency_unit, open_proposal, participant, proposal, session

pytestmark = pytest.mark.django_db

ADDRESS = "lin@example.org"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def taken_part():
    """Everything one person did after verifying `ADDRESS` by code, and a comment by
    someone else."""
    me = factories.participant(ADDRESS)
    consultation = factories.consultation()
    mine, _code = services.comment_submit(consultation=consultation, participant=me,
                                          body="建議延長服務時間")
    theirs, _code = services.comment_submit(consultation=consultation,
                                            participant=participant("other@example.org"),
                                            body="他人的留言")
    poll = factories.poll(hidden=False)
    choice = poll.options.get(position=2)
    services.ballot_cast(poll=poll, participant=me, option_ids=[choice.pk])
    unit = agency_unit()
    made, _code = proposal(unit, proposer=me, title="我的提議")
    signed = open_proposal(unit, title="他人的提議")
    proposals_services.proposal_sign(proposal=signed, participant=me)
    event = session(unit)
    sessions_services.registration_create(session=event, participant=me, name="林")
    return {"comment": mine, "other_comment": theirs, "poll": poll, "choice": choice,
            "made": made, "signed": signed, "session": event}


def _rows(account):
    return {group.source.code: group.rows for group in my_records(account)}


def test_my_records_list_what_the_citizen_did_by_code(taken_part):
    rows = _rows(citizen(email="Lin@example.org"))
    comment, made, signed = taken_part["comment"], taken_part["made"], taken_part["signed"]
    [comment_row] = rows["participation_comments"]
    assert (comment_row.number, comment_row.state) == (comment.number, "Published")
    assert comment_row.url == reverse("participation:public-consultation", args=[
        comment.consultation_id]) + f"#comment-{comment.pk}"
    [made_row] = rows["participation_proposals"]
    assert made_row.number == made.number and made_row.url is None  # still being screened
    [signed_row] = rows["participation_signatures"]
    assert (signed_row.number, signed_row.url) == (
        signed.number, reverse("participation:proposal-detail", args=[signed.pk]))
    [vote_row] = rows["participation_votes"]
    assert vote_row.title == taken_part["poll"].title and vote_row.state == "Voted"
    [session_row] = rows["participation_sessions"]
    assert session_row.state == "Place confirmed" and session_row.due is not None
    assert session_row.url == reverse("participation:session-detail",
                                      args=[taken_part["session"].pk])


def test_the_page_shows_them_and_not_the_choice_nor_another_citizens(client, taken_part):
    Comment.objects.filter(pk=taken_part["comment"].pk).update(answer="將研議辦理",
                                                               answered_at=timezone.now())
    sign_in(client, citizen(email=ADDRESS))
    page = client.get("/my/").content.decode()
    assert taken_part["comment"].number in page
    assert taken_part["other_comment"].number not in page
    assert taken_part["made"].number in page and taken_part["signed"].number in page
    assert taken_part["poll"].title in page and taken_part["choice"].text not in page
    assert "answered by the agency" in page or "機關已回應" in page


def test_another_citizen_and_an_unproved_address_see_none_of_it(taken_part):
    for account in (citizen(email="someone@example.org"),
                    citizen(email=ADDRESS, email_verified=False),
                    citizen(email="", phone="0912345678")):
        assert not any(rows for code, rows in _rows(account).items()
                       if code.startswith("participation_"))
    assert not any(export_data(citizen(email="someone@example.org"))["records"][code]
                   for code in ("participation_comments", "participation_votes"))


def test_a_claimed_proposal_opens_as_with_its_access_code(client):
    unit = agency_unit()
    made, _code = proposal(unit)  # by code with another address, still being screened
    account = citizen()
    RecordLink.objects.create(citizen=account, kind="proposal", record_id=made.pk,
                              how=RecordLink.How.CLAIMED)
    [row] = _rows(account)["participation_proposals"]
    assert row.url == reverse("citizens:record-open", args=["proposal", made.pk])
    sign_in(client, account)
    opened = client.get(row.url)
    assert client.get(opened["Location"]).status_code == 200


def test_the_export_holds_all_of_it_with_the_choice(client, taken_part):
    account = citizen(email=ADDRESS)
    sign_in(client, account)
    records = export_data(account)["records"]
    [comment] = records["participation_comments"]
    assert comment["number"] == taken_part["comment"].number
    assert comment["text"] == "建議延長服務時間" and comment["state"] == "published"
    assert [row["number"] for row in records["participation_proposals"]] == [
        taken_part["made"].number]
    assert [row["proposal"] for row in records["participation_signatures"]] == [
        taken_part["signed"].number]
    [vote] = records["participation_votes"]
    assert vote["choices"] == [taken_part["choice"].text]
    [registration] = records["participation_sessions"]
    assert registration["status"] == "confirmed" and registration["name"] == "林"
    response = client.post(reverse("citizens:export"), {"format": "json"})
    assert response.status_code == 200
    assert taken_part["comment"].number in response.content.decode()


def test_a_withdrawn_comment_and_a_cancelled_registration_say_so(taken_part):
    me = factories.participant(ADDRESS)
    services.comment_withdraw(comment=taken_part["comment"], participant=me)
    sessions_services.registration_cancel(session=taken_part["session"], participant=me)
    rows = _rows(citizen(email=ADDRESS))
    assert rows["participation_comments"][0].state == "Withdrawn by its author"
    [session_row] = rows["participation_sessions"]
    assert session_row.state == "Cancelled" and session_row.due is None
    assert Comment.objects.get(pk=taken_part["comment"].pk).state == "withdrawn"


def test_the_demo_citizen_has_participation_to_see():
    call_command("load_demo", stdout=StringIO())
    account = Citizen.objects.get(identities__issuer=DEMO_ISSUER,
                                  identities__subject=DEMO_SUBJECT)
    rows = _rows(account)
    for code in ("participation_comments", "participation_proposals",
                 "participation_signatures", "participation_votes", "participation_sessions"):
        assert len(rows[code]) == 1, code
    assert rows["participation_proposals"][0].due is not None  # threshold reached
