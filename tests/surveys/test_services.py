"""Writes of surveys: versioning, waves, tokens, open-survey protection, ratings,
follow-ups."""

import datetime as dt

import pytest

from minfu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.org.models import Role
from minfu.surveys import services
from minfu.surveys.models import (
    Answer,
    FollowUp,
    Invitation,
    Rating,
    Response,
    SurveyVersion,
)
from minfu.surveys.services import QuestionInput, Respondent
from tests.org.factories import UnitFactory, staff_user
from tests.surveys.factories import GOOD, QUESTIONS, answer, at, published_survey, wave

pytestmark = pytest.mark.django_db

NOW = at(dt.date(2026, 3, 2))


def test_create_edit_publish_survey():
    version, actor = published_survey()
    assert version.status == SurveyVersion.Status.PUBLISHED
    assert [q.key for q in version.questions.all()] == [q.key for q in QUESTIONS]
    assert AuditEvent.objects.filter(action="survey.version.published").exists()


def test_officer_may_not_manage_surveys():
    officer = staff_user(UnitFactory(), Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.survey_create(actor=officer, organisation=officer.memberships.first()
                               .unit.organisation, code="x", name_zh="問卷")


def test_published_version_is_not_changed_in_place():
    version, actor = published_survey()
    edited = services.survey_version_edit(actor=actor, version=version,
                                          questions=QUESTIONS[:2])
    assert edited.pk != version.pk and edited.number == 2
    assert edited.status == SurveyVersion.Status.DRAFT
    assert version.questions.count() == len(QUESTIONS)
    assert edited.questions.count() == 2
    # a further edit of the published version goes into the same draft
    again = services.survey_version_edit(actor=actor, version=version, questions=QUESTIONS[:1])
    assert again.pk == edited.pk and again.questions.count() == 1


def test_answered_draft_is_not_changed_in_place():
    version, actor = published_survey()
    current = wave(version, actor)
    answer(current)
    # a retired-and-answered version: force the draft status to show answers alone block it
    SurveyVersion.objects.filter(pk=version.pk).update(status=SurveyVersion.Status.DRAFT)
    version.refresh_from_db()
    edited = services.survey_version_edit(actor=actor, version=version,
                                          questions=QUESTIONS[:1],
                                          expected_version=version.version)
    assert edited.pk != version.pk
    assert Answer.objects.filter(question__version=version).count() == 4


def test_draft_without_answers_changes_in_place_with_version_check():
    version, actor = published_survey(code="second")
    draft = services.survey_version_edit(actor=actor, version=version, questions=QUESTIONS)
    same = services.survey_version_edit(actor=actor, version=draft, questions=QUESTIONS[:3],
                                        expected_version=draft.version)
    assert same.pk == draft.pk and same.questions.count() == 3
    with pytest.raises(Conflict):
        services.survey_version_edit(actor=actor, version=draft, questions=QUESTIONS,
                                     expected_version=1)


def test_inconsistent_condition_is_refused():
    version, actor = published_survey()
    bad = [QuestionInput(key="a", kind="likert", text_zh="甲", show_if_key="b",
                         show_if_values=("1",)),
           QuestionInput(key="b", kind="likert", text_zh="乙")]
    with pytest.raises(ValidationFailed):
        services.survey_version_edit(actor=actor, version=version, questions=bad)


def test_wave_needs_published_version_and_a_channel():
    version, actor = published_survey()
    with pytest.raises(ValidationFailed):
        wave(version, actor, channels=("fax",))
    with pytest.raises(ValidationFailed):
        wave(version, actor, starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 1, 1))


def test_response_stores_answers_and_checks_conditions():
    version, actor = published_survey()
    current = wave(version, actor)
    response = answer(current, {**GOOD, "visit": "yes", "wait": "3",
                                "channels": ["web", "tv"]})
    stored = {a.question.key: a for a in response.answers.select_related("question")}
    assert stored["overall"].number == 5 and stored["channels"].choices == ["web", "tv"]
    assert stored["wait"].number == 3 and stored["comment"].text == GOOD["comment"]
    with pytest.raises(ValidationFailed) as error:
        answer(current, {**GOOD, "visit": "no", "wait": "3"})
    assert error.value.details == {"wait": "hidden"}


def test_closed_wave_and_wrong_channel_are_refused():
    version, actor = published_survey()
    current = wave(version, actor, channels=("web",))
    with pytest.raises(NotFound):
        answer(current, channel="counter")
    with pytest.raises(Conflict):
        answer(current, now=at(dt.date(2027, 1, 5)))


def test_open_survey_refuses_the_same_browser_twice():
    version, actor = published_survey()
    current = wave(version, actor)
    answer(current, browser_key="b" * 32)
    with pytest.raises(Conflict):
        answer(current, browser_key="b" * 32)
    answer(current, browser_key="c" * 32)
    assert Response.objects.count() == 2


def test_token_answers_once_and_expires():
    version, actor = published_survey()
    current = wave(version, actor)
    invitation, token = services.invitation_create(wave=current, now=NOW)
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    response = services.response_submit(wave=None, raw_answers=GOOD, token=token, now=NOW,
                                        respondent=Respondent(channel="web"))
    assert response.channel == "after_case" and response.invitation == invitation
    with pytest.raises(Conflict):
        services.response_submit(wave=None, raw_answers=GOOD, token=token, now=NOW,
                                 respondent=Respondent(channel="web"))
    _expired, old_token = services.invitation_create(wave=current, now=NOW)
    with pytest.raises(Conflict) as error:
        services.response_submit(wave=None, raw_answers=GOOD, token=old_token,
                                 now=NOW + dt.timedelta(days=15),
                                 respondent=Respondent(channel="web"))
    assert error.value.code == "token_expired"
    with pytest.raises(NotFound):
        services.invitation_for_token("forged-token")


def test_unsatisfied_answer_with_consent_opens_follow_up():
    version, actor = published_survey()
    current = wave(version, actor)
    unit = actor.memberships.first().unit
    answer(current, {**GOOD, "overall": "1"}, unit=unit)  # no consent: no follow-up
    assert not FollowUp.objects.exists()
    response = answer(current, {**GOOD, "overall": "2"}, unit=unit, contact_consent=True,
                      contact_details="0912-345-678")
    follow_up = FollowUp.objects.get()
    assert follow_up.response == response and follow_up.unit == unit
    assert follow_up.status == FollowUp.Status.OPEN and "0912" in follow_up.contact_details
    with pytest.raises(ValidationFailed):
        answer(current, {**GOOD, "overall": "2"}, contact_consent=True)


def test_rating_double_submit_counts_once_and_low_rating_opens_follow_up():
    unit = UnitFactory()
    first = services.rating_submit(unit=unit, service_type=None, channel="tablet", score="2",
                                   idempotency_key="k" * 32, contact_consent=True,
                                   contact_details="a@example.tw")
    second = services.rating_submit(unit=unit, service_type=None, channel="tablet",
                                    score="2", idempotency_key="k" * 32, contact_consent=True,
                                    contact_details="a@example.tw")
    assert first.pk == second.pk and Rating.objects.count() == 1
    assert FollowUp.objects.get().rating == first
    services.rating_submit(unit=unit, service_type=None, channel="online", score=1,
                           idempotency_key="m" * 32)
    assert FollowUp.objects.count() == 1  # no consent, no follow-up
    with pytest.raises(ValidationFailed):
        services.rating_submit(unit=unit, service_type=None, channel="online", score="9",
                               idempotency_key="n" * 32)


def test_follow_up_is_tracked_to_closure():
    unit = UnitFactory()
    services.rating_submit(unit=unit, service_type=None, channel="online", score=1,
                           idempotency_key="z" * 32, contact_consent=True,
                           contact_details="0911")
    follow_up = FollowUp.objects.get()
    officer = staff_user(unit, Role.OFFICER)
    stranger = staff_user(UnitFactory(), Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.follow_up_advance(actor=stranger, follow_up=follow_up, status="contacted",
                                   expected_version=follow_up.version)
    with pytest.raises(ValidationFailed):
        services.follow_up_advance(actor=officer, follow_up=follow_up, status="closed",
                                   expected_version=follow_up.version)
    services.follow_up_advance(actor=officer, follow_up=follow_up, status="contacted",
                               note="已電話聯繫民眾", expected_version=follow_up.version)
    services.follow_up_advance(actor=officer, follow_up=follow_up, status="closed",
                               note="說明改善措施", expected_version=follow_up.version)
    follow_up.refresh_from_db()
    assert follow_up.status == "closed" and follow_up.closed_at is not None
    assert "已電話聯繫民眾" in follow_up.notes and "說明改善措施" in follow_up.notes
    with pytest.raises(ValidationFailed):
        services.follow_up_advance(actor=officer, follow_up=follow_up, status="open",
                                   expected_version=follow_up.version)


def test_invitations_for_closed_cases(django_capture_on_commit_callbacks):
    from minfu.cases.models import Case, CaseState
    from minfu.notify.models import OutboxMessage
    from tests.cases.factories import service, submit

    version = service()
    unit = version.responsible_unit
    coordinator = staff_user(unit, Role.QUALITY_COORDINATOR)
    survey_version, _actor = published_survey(actor=coordinator,
                                              organisation=unit.organisation)
    current = wave(survey_version, coordinator, channels=("after_case",))
    case, _code = submit(version)
    Case.objects.filter(pk=case.pk).update(state=CaseState.CLOSED, closed_at=NOW)
    assert services.survey_invitations_for_closed_cases(on=NOW.date()) == 1
    assert services.survey_invitations_for_closed_cases(on=NOW.date()) == 0
    invitation = Invitation.objects.get()
    assert invitation.wave == current and invitation.case_id == case.pk
    message = OutboxMessage.objects.get(event="surveys.invitation")
    assert message.recipient == "ming@example.tw" and "/surveys/t/" in message.body
