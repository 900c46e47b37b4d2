"""The flows of the issue's "done when", through the pages: verify by code, comment,
vote; a moderator hides with a reason; the agency answers, closes and publishes the
report."""

import pytest
from django.urls import reverse

from minfu.org.models import Role
from minfu.participation.models import Ballot, Comment, CommentState, ParticipantVerification
from tests.citizens.factories import citizen, sign_in
from tests.org.factories import UnitFactory, staff_user

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    settings.MINFU_SURVEY_MIN_SECONDS = 0


def verify(client, key: str, address: str = "lin@example.org", code: str = "123456"):
    url = f"{reverse('participation:verify')}?activity={key}&next=/"
    started = client.get(url).context["form"]["started"].value()
    client.post(url, {"address": address, "started": started})
    assert client.post(url, {"code": code}).status_code == 302


def comment_form(client, consultation):
    page = client.get(reverse("participation:public-consultation", args=[consultation.pk]))
    return page.context["form"]["token"].value()


def test_verify_then_comment_once_even_when_sent_twice(client, fixed_code):
    item = factories.consultation()
    page = client.get(reverse("participation:public-consultation", args=[item.pk]))
    assert page.context["form"] is None and "participate/verify/" in page.content.decode()
    verify(client, item.activity_key)
    token = comment_form(client, item)
    url = reverse("participation:public-comment", args=[item.pk])
    data = {"body": "建議延長服務時間", "section": item.sections.first().pk, "token": token}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the double click
    comment = Comment.objects.get()
    assert comment.section == item.sections.first() and comment.participant.masked == "l***@example.org"


def test_a_comment_without_verification_goes_to_verify(client):
    item = factories.consultation()
    response = client.post(reverse("participation:public-comment", args=[item.pk]),
                           {"body": "x"})
    assert "participate/verify/" in response["Location"] and not Comment.objects.exists()


def test_vote_once_through_the_page(client, fixed_code):
    poll = factories.poll(hidden=False)
    verify(client, poll.activity_key)
    url = reverse("participation:public-poll", args=[poll.pk])
    first, second = poll.options.all()[:2]
    assert client.post(url, {"options": [first.pk]}).status_code == 302
    client.post(url, {"options": [second.pk]})  # replayed with another choice
    assert Ballot.objects.get().options.get() == first
    page = client.get(url)
    assert page.context["results"].ballots == 1
    export = client.get(reverse("participation:public-poll-export", args=[poll.pk]))
    assert export["Content-Type"].startswith("text/csv") and "甲" in export.content.decode()


def test_a_signed_in_citizen_comments_without_a_code(client):
    item = factories.consultation()
    sign_in(client, citizen(email="Lin@Example.org"))
    token = comment_form(client, item)  # the form is there: no verify step
    response = client.post(reverse("participation:public-comment", args=[item.pk]),
                           {"body": "建議延長服務時間", "token": token})
    assert response.status_code == 302
    comment = Comment.objects.get()
    # The same participant as a code to the address would make.
    assert comment.participant == factories.participant("lin@example.org")
    verification = ParticipantVerification.objects.get(activity_key=item.activity_key)
    assert verification.participant == comment.participant and verification.verified_at


def test_a_signed_in_citizen_votes_once_even_after_voting_by_code(client, fixed_code):
    poll = factories.poll(hidden=False)
    url = reverse("participation:public-poll", args=[poll.pk])
    first, second = poll.options.all()[:2]
    verify(client, poll.activity_key, address="lin@example.org")
    assert client.post(url, {"options": [first.pk]}).status_code == 302
    client.cookies.clear()  # another browser: no proof, but signed in with the address
    sign_in(client, citizen(email="lin@example.org"))
    page = client.get(url)
    assert page.context["ballot"] is not None and page.context["form"] is None
    client.post(url, {"options": [second.pk]})
    assert Ballot.objects.get().options.get() == first


def test_a_signed_in_citizen_votes_without_a_code_and_only_once(client):
    poll = factories.poll(hidden=False)
    url = reverse("participation:public-poll", args=[poll.pk])
    first, second = poll.options.all()[:2]
    sign_in(client, citizen(email="lin@example.org"))
    assert client.post(url, {"options": [first.pk]}).status_code == 302
    client.post(url, {"options": [second.pk]})  # a second vote by the same citizen
    assert Ballot.objects.get().options.get() == first


def test_signing_out_leaves_the_browser_unverified(client):
    item = factories.consultation()
    url = reverse("participation:public-consultation", args=[item.pk])
    sign_in(client, citizen(email="lin@example.org"))
    assert client.get(url).context["participant"] is not None
    client.post(reverse("citizens:sign-out"))
    assert client.get(url).context["participant"] is None


@pytest.mark.parametrize("account", [
    {"email": "", "phone": "0912345678"},  # a mobile number is never proved
    {"email": "lin@example.org", "email_verified": False},  # changed, not proved yet
])
def test_a_citizen_without_a_proved_address_verifies_by_code(client, account):
    item = factories.consultation()
    sign_in(client, citizen(**account))
    page = client.get(reverse("participation:public-consultation", args=[item.pk]))
    assert page.context["form"] is None and "participate/verify/" in page.content.decode()
    response = client.post(reverse("participation:public-comment", args=[item.pk]),
                           {"body": "x"})
    assert "participate/verify/" in response["Location"] and not Comment.objects.exists()


def test_hidden_results_are_not_exported(client):
    poll = factories.poll(hidden=True)
    assert client.get(reverse("participation:public-poll-export", args=[poll.pk])
                      ).status_code == 404


def test_moderator_hides_with_a_reason_shown_publicly(client):
    item = factories.consultation()
    from minfu.participation import services

    comment, _code = services.comment_submit(consultation=item, body="粗話連篇",
                                             participant=factories.participant())
    client.force_login(staff_user(UnitFactory(organisation=item.organisation), Role.OFFICER))
    page = client.get(reverse("participation:staff-consultation", args=[item.pk]))
    assert comment.number in page.content.decode()
    client.post(reverse("participation:staff-comment-hide", args=[comment.pk]),
                {"reason": "abuse", "note": "違反留言規範", "version": comment.version})
    comment.refresh_from_db()
    assert comment.state == CommentState.HIDDEN
    public = client.get(reverse("participation:public-consultation", args=[item.pk]))
    text = public.content.decode()
    assert "粗話連篇" not in text and "違反留言規範" in text


def test_another_agency_sees_404(client):
    item = factories.consultation()
    client.force_login(staff_user(role=Role.AGENCY_ADMIN))
    assert client.get(reverse("participation:staff-consultation", args=[item.pk])
                      ).status_code == 404


def test_answer_close_and_publish_the_report(client):
    item = factories.consultation()
    from minfu.participation import services

    comment, _code = services.comment_submit(consultation=item, body="請增設無障礙坡道",
                                             participant=factories.participant())
    client.force_login(staff_user(UnitFactory(organisation=item.organisation),
                                  Role.QUALITY_COORDINATOR))
    client.post(reverse("participation:staff-comment-answer", args=[comment.pk]),
                {"answer": "已列入明年度計畫", "verdict": "adopted", "version": 1})
    client.post(reverse("participation:staff-close", args=[item.pk]), {"version": 1})
    client.post(reverse("participation:staff-publish-report", args=[item.pk]), {"version": 2})
    item.refresh_from_db()
    assert item.report_published_at is not None
    pdf = client.get(reverse("participation:public-report", args=[item.pk, "pdf"]))
    odt = client.get(reverse("participation:public-report", args=[item.pk, "odt"]))
    assert pdf.content.startswith(b"%PDF") and odt.content[:2] == b"PK"
    assert client.get(reverse("participation:public-report", args=[item.pk, "exe"])
                      ).status_code == 404


def test_report_then_withdraw_own_comment(client, fixed_code):
    item = factories.consultation()
    verify(client, item.activity_key)
    client.post(reverse("participation:public-comment", args=[item.pk]),
                {"body": "我的意見", "token": comment_form(client, item)})
    comment = Comment.objects.get()
    report_url = reverse("participation:public-report-abuse", args=[comment.pk])
    assert client.post(report_url, {"reason": "off_topic"}).status_code == 302
    assert comment.reports.count() == 1
    client.post(reverse("participation:public-withdraw", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.state == CommentState.WITHDRAWN


def test_someone_else_cannot_withdraw(client, fixed_code):
    item = factories.consultation()
    from minfu.participation import services

    comment, _code = services.comment_submit(consultation=item, body="別人的意見",
                                             participant=factories.participant("x@e.org"))
    verify(client, item.activity_key)
    client.post(reverse("participation:public-withdraw", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED
