"""Every write of surveys: definitions and versions, waves, invitations after closed
applications, responses (token, counter QR, open web), real-time ratings and follow-ups.
Each function runs in one transaction, checks `can` for staff writes and records an
audit event. Citizens' submissions carry no user; their guards are the token, the
browser key, the idempotency key and the checks in `protection.py`."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.core import audit
from minfu.core.errors import Conflict, NotFound, ValidationFailed
from minfu.core.services import save_with_version
from minfu.org.permissions import require
from minfu.surveys import actions, logic
from minfu.surveys.models import (
    WAVE_CHANNELS,
    Answer,
    FollowUp,
    Invitation,
    Question,
    QuestionKind,
    Rating,
    Response,
    Survey,
    SurveyChannel,
    SurveyVersion,
    Wave,
)

MANAGE = "surveys.manage"
FOLLOW_UP = "surveys.follow_up"
INVITATION_EVENT = "surveys.invitation"





# ----- definitions and versions -----------------------------------------------------------

@dataclass(frozen=True)
class QuestionInput:
    key: str
    kind: str
    text_zh: str
    text_en: str = ""
    required: bool = False
    is_overall: bool = False
    options: tuple[tuple[str, str, str], ...] = ()  # (value, zh, en)
    show_if_key: str = ""
    show_if_values: tuple[str, ...] = ()

    def spec(self) -> logic.QuestionSpec:
        return logic.QuestionSpec(
            key=self.key, kind=self.kind, required=self.required,
            options=tuple(value for value, _zh, _en in self.options),
            show_if_key=self.show_if_key, show_if_values=self.show_if_values,
            is_overall=self.is_overall)


def spec_of(question: Question) -> logic.QuestionSpec:
    return logic.QuestionSpec(
        key=question.key, kind=question.kind, required=question.required,
        options=tuple(str(option["value"]) for option in question.options),
        show_if_key=question.show_if_key,
        show_if_values=tuple(str(v) for v in question.show_if_values),
        is_overall=question.is_overall)


def specs_of(version: SurveyVersion) -> list[logic.QuestionSpec]:
    return [spec_of(question) for question in version.questions.all()]


@transaction.atomic
def survey_create(*, actor, organisation, code: str, name_zh: str, name_en: str = "",
                  intro_zh: str = "", intro_en: str = "") -> SurveyVersion:
    """A survey with an empty draft version 1 (returned)."""
    require(actor, MANAGE, organisation=organisation)
    if not name_zh.strip() or not code.strip():
        raise ValidationFailed(_("A survey needs a code and a Chinese name."))
    if Survey.objects.filter(organisation=organisation, code=code).exists():
        raise ValidationFailed(_("Another survey of this organisation has this code."),
                               details={"code": [code]})
    survey = save_with_version(Survey(organisation=organisation, code=code,
                                      name_zh=name_zh.strip(), name_en=name_en.strip()),
                               expected_version=None)
    version = save_with_version(SurveyVersion(survey=survey, number=1, intro_zh=intro_zh,
                                              intro_en=intro_en), expected_version=None)
    audit.record(actor=actor, action=actions.SURVEY_CREATED, obj=survey,
                 after={"code": code, "name_zh": name_zh})
    return version


def _check_questions(questions: list[QuestionInput]) -> None:
    problems = logic.definition_errors([q.spec() for q in questions])
    problems = [p for p in problems if p != "no questions"]
    if any(not q.text_zh.strip() for q in questions):
        problems.append(_("Every question needs its Chinese text."))
    if problems:
        raise ValidationFailed(_("The questions are not consistent: %(problems)s")
                               % {"problems": "; ".join(problems)},
                               details={"questions": problems})


def _write_questions(version: SurveyVersion, questions: list[QuestionInput]) -> None:
    version.questions.all().delete()
    Question.objects.bulk_create([
        Question(version=version, order=index, key=q.key, kind=q.kind, text_zh=q.text_zh,
                 text_en=q.text_en, required=q.required, is_overall=q.is_overall,
                 options=[{"value": v, "zh": zh, "en": en} for v, zh, en in q.options],
                 show_if_key=q.show_if_key, show_if_values=list(q.show_if_values))
        for index, q in enumerate(questions, start=1)])


def question_inputs_of(version: SurveyVersion) -> list[QuestionInput]:
    return [QuestionInput(
        key=q.key, kind=q.kind, text_zh=q.text_zh, text_en=q.text_en, required=q.required,
        is_overall=q.is_overall,
        options=tuple((o["value"], o.get("zh", ""), o.get("en", "")) for o in q.options),
        show_if_key=q.show_if_key, show_if_values=tuple(q.show_if_values),
    ) for q in version.questions.all()]


@transaction.atomic
def survey_version_edit(*, actor, version: SurveyVersion, questions: list[QuestionInput],
                        intro_zh: str | None = None, intro_en: str | None = None,
                        expected_version: int | None = None) -> SurveyVersion:
    """Set the questions of `version`. A draft nobody answered changes in place; a
    published or answered version never does: the edit becomes a new draft (or goes into
    the survey's existing draft). Returns the version that holds the edit."""
    survey = version.survey
    require(actor, MANAGE, organisation=survey.organisation)
    _check_questions(questions)
    stored = SurveyVersion.objects.select_for_update().get(pk=version.pk)
    has_answers = stored.responses.exists()
    if logic.may_change_in_place(status=stored.status, has_answers=has_answers):
        target = stored
        if intro_zh is not None:
            target.intro_zh, target.intro_en = intro_zh, intro_en or ""
        save_with_version(target, expected_version=expected_version)
    else:
        target = survey.versions.filter(status=SurveyVersion.Status.DRAFT).exclude(
            pk=stored.pk).order_by("-number").first()
        if target is None or target.responses.exists():
            number = (survey.versions.aggregate(top=Max("number"))["top"] or 0) + 1
            target = save_with_version(SurveyVersion(
                survey=survey, number=number,
                intro_zh=stored.intro_zh if intro_zh is None else intro_zh,
                intro_en=stored.intro_en if intro_en is None else (intro_en or "")),
                expected_version=None)
    _write_questions(target, questions)
    audit.record(actor=actor, action=actions.SURVEY_VERSION_EDITED, obj=target,
                 after={"from_version": stored.number, "number": target.number,
                        "questions": [q.key for q in questions]},
                 organisation=target.survey.organisation_id)
    return target


@transaction.atomic
def survey_version_new_draft(*, actor, version: SurveyVersion) -> SurveyVersion:
    """The draft to edit instead of `version`: `version` itself while it may change in
    place, otherwise the survey's draft or a new copy of `version`."""
    require(actor, MANAGE, organisation=version.survey.organisation)
    if logic.may_change_in_place(status=version.status, has_answers=version.responses.exists()):
        return version
    return survey_version_edit(actor=actor, version=version,
                               questions=question_inputs_of(version))


@transaction.atomic
def survey_version_publish(*, actor, version: SurveyVersion,
                           expected_version: int | None) -> SurveyVersion:
    """Publish a draft; the previously published version is retired (its waves keep it)."""
    require(actor, MANAGE, organisation=version.survey.organisation)
    if version.status != SurveyVersion.Status.DRAFT:
        raise ValidationFailed(_("Only a draft can be published."), code="not_draft")
    problems = logic.definition_errors(specs_of(version))
    if problems:
        raise ValidationFailed(_("The survey cannot be published: %(problems)s")
                               % {"problems": "; ".join(problems)},
                               details={"questions": problems})
    version.survey.versions.filter(status=SurveyVersion.Status.PUBLISHED).update(
        status=SurveyVersion.Status.RETIRED)
    version.status = SurveyVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    save_with_version(version, expected_version=expected_version)
    audit.record(actor=actor, action=actions.SURVEY_VERSION_PUBLISHED, obj=version,
                 after={"number": version.number}, organisation=version.survey.organisation_id)
    return version


# ----- waves ---------------------------------------------------------------------------------

@transaction.atomic
def wave_create(*, actor, survey: Survey, name_zh: str, name_en: str = "",
                starts_on: dt.date, ends_on: dt.date, target_sample: int,
                channels: list[str], invitation_valid_days: int = 14) -> Wave:
    require(actor, MANAGE, organisation=survey.organisation)
    version = survey.versions.filter(status=SurveyVersion.Status.PUBLISHED).first()
    if version is None:
        raise ValidationFailed(_("Publish the survey before starting a wave."),
                               code="not_published")
    if ends_on < starts_on:
        raise ValidationFailed(_("The wave ends before it starts."),
                               details={"ends_on": [str(ends_on)]})
    channels = [c for c in dict.fromkeys(channels) if c in WAVE_CHANNELS]
    if not channels:
        raise ValidationFailed(_("Choose at least one channel."), details={"channels": []})
    if target_sample < 1 or invitation_valid_days < 1:
        raise ValidationFailed(_("The target sample and the validity must be positive."))
    wave = save_with_version(Wave(
        survey=survey, survey_version=version, name_zh=name_zh.strip(),
        name_en=name_en.strip(), starts_on=starts_on, ends_on=ends_on,
        target_sample=target_sample, channels=channels,
        invitation_valid_days=invitation_valid_days), expected_version=None)
    audit.record(actor=actor, action=actions.SURVEY_WAVE_CREATED, obj=wave,
                 after={"name_zh": wave.name_zh, "channels": channels,
                        "starts_on": str(starts_on), "ends_on": str(ends_on)},
                 organisation=wave.survey.organisation_id)
    return wave


def wave_is_open(wave: Wave, day: dt.date) -> bool:
    return wave.starts_on <= day <= wave.ends_on


# ----- tokens and invitations ----------------------------------------------------------------

def token_hash(token: str) -> str:
    """Keyed hash of an invitation token: a leaked table gives no usable links."""
    key = hashlib.sha256(b"minfu.surveys.invitation:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _site_url(path: str) -> str:
    return settings.MINFU_SITE_URL.rstrip("/") + path


@transaction.atomic
def invitation_create(*, wave: Wave, case=None, unit=None, service_type=None,
                      now: dt.datetime | None = None) -> tuple[Invitation, str]:
    """An invitation and its token (only returned here, never stored)."""
    now = now or timezone.now()
    token = new_token()
    invitation = Invitation.objects.create(
        wave=wave, case=case, unit=unit, service_type=service_type,
        token_hash=token_hash(token),
        expires_at=now + dt.timedelta(days=wave.invitation_valid_days))
    audit.record(actor=None, action=actions.SURVEY_INVITATION_CREATED, obj=invitation,
                 after={"wave": wave.pk, "case": getattr(case, "pk", None)},
                 organisation=wave.survey.organisation_id)
    return invitation, token


def invitation_context(*, invitation: Invitation, token: str, language: str) -> dict:
    """The context of the surveys.invitation event (see docs/surveys.md)."""
    case = invitation.case
    organisation = invitation.wave.survey.organisation
    english = language == "en"
    version = case.service_type_version if case else None
    return {
        "recipient_name": case.applicant_name if case else "",
        "organisation_name": (organisation.name_en if english and organisation.name_en
                              else organisation.name_zh),
        "site_url": _site_url("/"),
        "case_number": case.number if case else "",
        "service_name": ((version.name_en if english and version.name_en else version.name_zh)
                         if version else ""),
        "survey_name": invitation.wave.survey.name_zh if not english or not
        invitation.wave.survey.name_en else invitation.wave.survey.name_en,
        "survey_url": _site_url(reverse("surveys:public-token", args=[token])),
        "expires_on": timezone.localtime(invitation.expires_at).date(),
    }


def survey_invitations_for_closed_cases(*, on: dt.date) -> int:
    """Invite the applicants of the applications closed on `on` (Asia/Taipei) to the open
    after-case waves of their organisation, by e-mail. Safe to run again: one invitation
    per wave and case. Returns how many were created."""
    from minfu.cases.models import Case, CaseState
    from minfu.notify.services import notification_queue

    created = 0
    waves = [wave for wave in Wave.objects.select_related("survey__organisation")
             .filter(starts_on__lte=on, ends_on__gte=on)
             if SurveyChannel.AFTER_CASE in wave.channels]
    start = timezone.make_aware(dt.datetime.combine(on, dt.time.min))
    end = start + dt.timedelta(days=1)
    for wave in waves:
        cases = (Case.objects.filter(organisation=wave.survey.organisation,
                                     state=CaseState.CLOSED, closed_at__gte=start,
                                     closed_at__lt=end)
                 .exclude(contact_email="").exclude(survey_invitations__wave=wave)
                 .select_related("organisation", "unit", "service_type_version"))
        for case in cases:
            with transaction.atomic():
                invitation, token = invitation_create(
                    wave=wave, case=case, unit=case.unit,
                    service_type=case.service_type_version.service_type)
                # No active template: the invitation stays, staff see it unanswered.
                with contextlib.suppress(ValidationFailed):
                    notification_queue(
                        event=INVITATION_EVENT, organisation=case.organisation,
                        recipient=case.contact_email, channel="email", language=case.language,
                        context=invitation_context(invitation=invitation, token=token,
                                                   language=case.language),
                        dedupe_key=f"surveys.invitation:{wave.pk}:{case.pk}",
                        related=invitation)
                created += 1
    return created


def invitation_for_token(token: str, *, now: dt.datetime | None = None) -> Invitation:
    """The invitation of a token still valid; NotFound for a forged one, Conflict for
    one already used or expired."""
    now = now or timezone.now()
    invitation = (Invitation.objects.select_related("wave__survey__organisation",
                                                    "wave__survey_version")
                  .filter(token_hash=token_hash(token or "")).first())
    if invitation is None:
        raise NotFound(_("This survey link is not valid."))
    if invitation.used_at is not None:
        raise Conflict(_("This survey link has already been used. Thank you."),
                       code="token_used")
    if invitation.expires_at <= now:
        raise Conflict(_("This survey link has expired."), code="token_expired")
    return invitation


# ----- responses -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Respondent:
    """Where a response comes from, as the public views establish it."""

    channel: str
    unit: object = None
    service_type: object = None
    browser_key: str = ""
    contact_consent: bool = False
    contact_name: str = ""
    contact_details: str = ""


@transaction.atomic
def response_submit(*, wave: Wave, raw_answers: dict, respondent: Respondent,
                    token: str | None = None, now: dt.datetime | None = None) -> Response:
    """Store one response after checking it against the wave's survey version. With a
    token, the invitation is used up; an open response is refused when the same browser
    already answered this wave."""
    now = now or timezone.now()
    invitation = None
    if token is not None:
        invitation = invitation_for_token(token, now=now)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise Conflict(_("This survey link has already been used. Thank you."),
                           code="token_used")
        wave = invitation.wave
        respondent = Respondent(
            channel=SurveyChannel.AFTER_CASE, unit=invitation.unit,
            service_type=invitation.service_type,
            contact_consent=respondent.contact_consent,
            contact_name=respondent.contact_name, contact_details=respondent.contact_details)
    elif respondent.channel not in wave.channels:
        raise NotFound(_("This survey is not open on this channel."))
    if not wave_is_open(wave, timezone.localtime(now).date()):
        raise Conflict(_("This survey wave is closed."), code="wave_closed")
    version = wave.survey_version
    questions = list(version.questions.all())
    specs = [spec_of(q) for q in questions]
    checked = logic.check_response(specs, raw_answers)
    if not checked.ok:
        raise ValidationFailed(_("Some answers need your attention."), code="answers",
                               details=checked.errors)
    if respondent.contact_consent and not respondent.contact_details.strip():
        raise ValidationFailed(_("Leave a telephone number or e-mail address so that we "
                                 "can contact you."), details={"contact_details": []})
    if respondent.browser_key and Response.objects.filter(
            wave=wave, browser_key=respondent.browser_key).exists():
        raise Conflict(_("You have already answered this survey. Thank you."),
                       code="already_answered")
    try:
        with transaction.atomic():
            response = Response.objects.create(
                wave=wave, survey_version=version, organisation=wave.survey.organisation,
                unit=respondent.unit, service_type=respondent.service_type,
                channel=respondent.channel, submitted_at=now, invitation=invitation,
                browser_key=respondent.browser_key,
                contact_consent=respondent.contact_consent,
                contact_name=respondent.contact_name.strip()[:100] if
                respondent.contact_consent else "",
                contact_details=respondent.contact_details.strip()[:200] if
                respondent.contact_consent else "")
    except IntegrityError as error:
        raise Conflict(_("You have already answered this survey. Thank you."),
                       code="already_answered") from error
    Answer.objects.bulk_create([_answer(response, question, checked.values[question.key])
                                for question in questions if question.key in checked.values])
    if invitation is not None:
        invitation.used_at = now
        invitation.save(update_fields=["used_at", "updated_at"])
    if logic.needs_follow_up(unsatisfied=logic.is_unsatisfied(specs, checked.values),
                             consent=respondent.contact_consent):
        _follow_up_open(organisation=response.organisation, unit=response.unit,
                        response=response, contact=response.contact_details,
                        summary=_summary_of(questions, checked.values))
    audit.record(actor=None, action=actions.SURVEY_RESPONSE_SUBMITTED, obj=response,
                 after={"wave": wave.pk, "channel": respondent.channel,
                        "answers": len(checked.values)})
    return response


def _answer(response: Response, question: Question, value) -> Answer:
    if question.kind == QuestionKind.LIKERT:
        return Answer(response=response, question=question, number=value)
    if question.kind == QuestionKind.SINGLE:
        return Answer(response=response, question=question, choices=[value])
    if question.kind == QuestionKind.MULTIPLE:
        return Answer(response=response, question=question, choices=list(value))
    return Answer(response=response, question=question, text=value)


def _summary_of(questions: list[Question], values: dict) -> str:
    lines = []
    for question in questions:
        if question.key in values and question.kind in (QuestionKind.LIKERT, QuestionKind.TEXT):
            lines.append(f"{question.text_zh}：{values[question.key]}")
    return "\n".join(lines)


# ----- real-time ratings ---------------------------------------------------------------------

@transaction.atomic
def rating_submit(*, unit, service_type, channel: str, score, comment: str = "",
                  idempotency_key: str, contact_consent: bool = False,
                  contact_details: str = "", now: dt.datetime | None = None) -> Rating:
    """Store one rating; the same idempotency key (one per form shown) returns the first
    rating, so a double submit counts once."""
    existing = Rating.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if score not in logic.LIKERT_VALUES:
        raise ValidationFailed(_("Choose a rating from 1 to 5."), details={"score": [score]})
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationFailed(_("The form has expired; please reload it."),
                               code="idempotency_key")
    if contact_consent and not contact_details.strip():
        raise ValidationFailed(_("Leave a telephone number or e-mail address so that we "
                                 "can contact you."), details={"contact_details": []})
    if service_type is not None and service_type.organisation_id != unit.organisation_id:
        raise NotFound(_("No such service."))
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                organisation_id=unit.organisation_id, unit=unit, service_type=service_type,
                channel=channel, score=score, comment=comment.strip()[:logic.MAX_TEXT],
                contact_consent=contact_consent,
                contact_details=contact_details.strip()[:200] if contact_consent else "",
                submitted_at=now or timezone.now(), idempotency_key=idempotency_key)
    except IntegrityError:
        return Rating.objects.get(idempotency_key=idempotency_key)
    if logic.needs_follow_up(unsatisfied=score in logic.LOW_VALUES, consent=contact_consent):
        _follow_up_open(organisation=unit.organisation, unit=unit, rating=rating,
                        contact=rating.contact_details,
                        summary=_("Rating %(score)s: %(comment)s")
                        % {"score": score, "comment": rating.comment})
    audit.record(actor=None, action=actions.RATING_SUBMITTED, obj=rating,
                 after={"score": score, "channel": channel})
    return rating


# ----- follow-ups ----------------------------------------------------------------------------

FOLLOW_UP_STEPS = {
    FollowUp.Status.OPEN: (FollowUp.Status.CONTACTED, FollowUp.Status.CLOSED),
    FollowUp.Status.CONTACTED: (FollowUp.Status.CLOSED,),
    FollowUp.Status.CLOSED: (),
}


def _follow_up_open(*, organisation, unit, contact: str, summary: str, response=None,
                    rating=None) -> FollowUp:
    follow_up = save_with_version(FollowUp(
        organisation=organisation, unit=unit, response=response, rating=rating,
        contact_details=contact, summary=summary), expected_version=None)
    audit.record(actor=None, action=actions.RATING_FOLLOW_UP_OPENED, obj=follow_up,
                 after={"unit": getattr(unit, "pk", None)})
    return follow_up


@transaction.atomic
def follow_up_advance(*, actor, follow_up: FollowUp, status: str, note: str = "",
                      expected_version: int | None) -> FollowUp:
    """Move a follow-up on (open → contacted → closed, or straight to closed) with a
    note; closing needs a note saying what was done."""
    if follow_up.unit is not None:
        require(actor, FOLLOW_UP, unit=follow_up.unit)
    else:
        require(actor, FOLLOW_UP, organisation=follow_up.organisation)
    before = follow_up.status
    if status not in FOLLOW_UP_STEPS.get(before, ()):
        raise ValidationFailed(_("A follow-up cannot go from %(from)s to %(to)s.")
                               % {"from": before, "to": status}, code="bad_step")
    note = note.strip()
    if status == FollowUp.Status.CLOSED and not note and not follow_up.notes:
        raise ValidationFailed(_("Say what was done before closing the follow-up."),
                               details={"note": []})
    follow_up.status = status
    follow_up.handled_by = actor
    if note:
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        follow_up.notes = (follow_up.notes + "\n" if follow_up.notes else "") + \
            f"[{stamp} {actor.get_username()}] {note}"
    if status == FollowUp.Status.CLOSED:
        follow_up.closed_at = timezone.now()
    save_with_version(follow_up, expected_version=expected_version)
    audit.record(actor=actor, action=actions.RATING_FOLLOW_UP_ADVANCED, obj=follow_up,
                 before={"status": before}, after={"status": status, "note": note})
    return follow_up
