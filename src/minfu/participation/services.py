"""Every write of consultations, polls and results tracking (docs/participation.md).
Verified participants are verification.py's; co-signed proposals and sessions have their
own modules."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.assessment.models import ItemSource
from minfu.assessment.services import improvement_item_open
from minfu.core.audit import record
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.services import save_with_version
from minfu.org.permissions import require
from minfu.participation import actions
from minfu.participation.kind import COMMENT
from minfu.participation.models import (
    AbuseReport,
    Ballot,
    Comment,
    CommentState,
    Consultation,
    HiddenReason,
    Moderation,
    Participant,
    Poll,
    PollOption,
    ResultLink,
    Section,
    Verdict,
)
from minfu.participation.workflow import COMMENT_MACHINE, HIDE, PUBLISH, WITHDRAW
from minfu.records.events import record_change
from minfu.records.models import ActorKind
from minfu.records.services import access_code_issue, number_allocate
from minfu.workcal.periods import Period, PeriodUnit
from minfu.workcal.selectors import due_for

COMMENT_MIN, COMMENT_MAX = 2, 5000
# The agency's own target for a public answer to a comment, on the office calendar.
ANSWER_PERIOD = Period(10, PeriodUnit.WORKING_DAYS)
ADOPTED = frozenset({Verdict.ADOPTED, Verdict.PARTLY})


def _refuse(field: str, message) -> ValidationFailed:
    return ValidationFailed(message, code=f"invalid_{field}", details={field: [message]})


# ----- comments -------------------------------------------------------------------------

@transaction.atomic
def comment_submit(*, consultation: Consultation, participant: Participant, body: str,
                   section_id: int | None = None, parent_id: int | None = None,
                   idempotency_key: str = "") -> tuple[Comment, str | None]:
    """A participant's comment (or reply); (the comment, its access code) — the code is
    None when `idempotency_key` names a comment already made (a double submit)."""
    if idempotency_key:
        existing = Comment.objects.filter(participant=participant,
                                          idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, None
    if not consultation.is_open():
        raise Conflict(_("This consultation is not open for comments."), code="closed")
    body = (body or "").strip()
    if not COMMENT_MIN <= len(body) <= COMMENT_MAX:
        raise _refuse("body", _("Write between 2 and 5000 characters."))
    section = _section_of(consultation, section_id)
    parent = _parent_of(consultation, parent_id)
    code, code_hmac = access_code_issue(COMMENT)
    comment = Comment(
        organisation_id=consultation.organisation_id, consultation=consultation,
        section=section or (parent.section if parent else None), parent=parent,
        participant=participant, body=body, idempotency_key=idempotency_key,
        access_code_hmac=code_hmac,
        state=(CommentState.PENDING if consultation.moderation == Moderation.BEFORE
               else CommentState.PUBLISHED),
        number=number_allocate(organisation=consultation.organisation, kind=COMMENT,
                               day=timezone.localdate()),
        answer_due_on=None if parent else _answer_due(consultation))
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:  # the same submission, racing: the first one made it
        return Comment.objects.get(participant=participant,
                                   idempotency_key=idempotency_key), None
    record_change(record=comment, action=actions.COMMENT_SUBMITTED, actor=None,
                  actor_kind=ActorKind.APPLICANT, from_state="", before=None,
                  after={"state": comment.state})
    return comment, code


def _answer_due(consultation):
    try:
        return due_for(organisation=consultation.organisation, start=timezone.localdate(),
                       period=ANSWER_PERIOD)
    except ValidationFailed:  # the office calendar does not reach that far yet
        return None


def _section_of(consultation, section_id):
    if section_id is None:
        return None
    section = consultation.sections.filter(pk=section_id).first()
    if section is None:
        raise _refuse("section", _("Choose a section of this consultation."))
    return section


def _parent_of(consultation, parent_id):
    if parent_id is None:
        return None
    parent = consultation.comments.filter(pk=parent_id, state=CommentState.PUBLISHED).first()
    if parent is None:
        raise _refuse("parent", _("The comment you reply to is not shown any more."))
    return parent


def _change(comment: Comment, *, step: str, action: str, actor, actor_kind: str,
            expected_version: int | None, **fields) -> Comment:
    before = {"state": comment.state}
    from_state = comment.state
    comment.state = COMMENT_MACHINE.next_state(comment.state, step)
    for name, value in fields.items():
        setattr(comment, name, value)
    save_with_version(comment, expected_version=expected_version)
    record_change(record=comment, action=action, actor=actor, actor_kind=actor_kind,
                  from_state=from_state, before=before,
                  after={"state": comment.state, **{k: str(v) for k, v in fields.items()}})
    return comment


@transaction.atomic
def comment_withdraw(*, comment: Comment, participant: Participant) -> Comment:
    """The author takes the comment back; it no longer shows or counts."""
    if comment.participant_id != participant.pk:
        raise PermissionDenied(_("Only its author can withdraw a comment."))
    return _change(comment, step=WITHDRAW, action=actions.COMMENT_WITHDRAWN, actor=None,
                   actor_kind=ActorKind.APPLICANT, expected_version=comment.version)


@transaction.atomic
def comment_publish(*, comment: Comment, actor, expected_version: int | None) -> Comment:
    require(actor, "participation.moderate", within=comment.organisation)
    AbuseReport.objects.filter(comment=comment, handled_at__isnull=True).update(
        handled_at=timezone.now())
    return _change(comment, step=PUBLISH, action=actions.COMMENT_PUBLISHED, actor=actor,
                   actor_kind=ActorKind.STAFF, expected_version=expected_version,
                   hidden_reason="", hidden_note="")


@transaction.atomic
def comment_hide(*, comment: Comment, actor, reason: str, note: str = "",
                 expected_version: int | None) -> Comment:
    """Hide with a reason from the list; the page shows the reason in its place."""
    require(actor, "participation.moderate", within=comment.organisation)
    if reason not in HiddenReason.values:
        raise _refuse("reason", _("Choose why the comment is hidden."))
    AbuseReport.objects.filter(comment=comment, handled_at__isnull=True).update(
        handled_at=timezone.now())
    return _change(comment, step=HIDE, action=actions.COMMENT_HIDDEN, actor=actor,
                   actor_kind=ActorKind.STAFF, expected_version=expected_version,
                   hidden_reason=reason, hidden_note=(note or "").strip()[:300])


@transaction.atomic
def comment_report(*, comment: Comment, reason: str, note: str = "") -> AbuseReport:
    """Anyone may report a shown comment; moderators see it in their queue."""
    if not comment.is_public:
        raise Conflict(_("This comment is not shown any more."), code="not_shown")
    if reason not in HiddenReason.values:
        raise _refuse("reason", _("Choose what is wrong with the comment."))
    report = AbuseReport.objects.create(comment=comment, reason=reason,
                                        note=(note or "").strip()[:300])
    record(actor=None, action=actions.COMMENT_REPORTED, obj=comment,
           after={"reason": reason}, organisation=comment.organisation_id)
    return report


@transaction.atomic
def comment_answer(*, comment: Comment, actor, answer: str, verdict: str,
                   expected_version: int | None) -> Comment:
    """The agency's public answer and its response for the report."""
    require(actor, "participation.moderate", within=comment.organisation)
    answer = (answer or "").strip()
    if not answer:
        raise _refuse("answer", _("Write the answer."))
    if verdict and verdict not in Verdict.values:
        raise _refuse("verdict", _("Choose the agency's response."))
    before = {"answer": comment.answer, "verdict": comment.verdict}
    comment.answer, comment.verdict = answer, verdict
    comment.answered_at, comment.answered_by = timezone.now(), actor
    save_with_version(comment, expected_version=expected_version)
    record_change(record=comment, action=actions.COMMENT_ANSWERED, actor=actor,
                  actor_kind=ActorKind.STAFF, from_state=comment.state, before=before,
                  after={"answer": answer, "verdict": verdict})
    return comment


# ----- consultations --------------------------------------------------------------------

@transaction.atomic
def consultation_close(*, consultation: Consultation, actor,
                       expected_version: int | None) -> Consultation:
    """Stop taking comments now (before its closing date, or to record the closing)."""
    require(actor, "participation.manage", within=consultation.organisation)
    if consultation.closed_at is not None:
        raise Conflict(_("This consultation is already closed."), code="already_closed")
    consultation.closed_at = min(timezone.now(), consultation.closes_at)
    save_with_version(consultation, expected_version=expected_version)
    record(actor=actor, action=actions.CONSULTATION_CLOSED, obj=consultation,
           after={"closed_at": consultation.closed_at.isoformat()})
    return consultation


@transaction.atomic
def consultation_report_publish(*, consultation: Consultation, actor,
                                expected_version: int | None) -> Consultation:
    """Publish the report (PDF and ODT, made from the comments and their responses) once
    the consultation is closed and every published comment has a response."""
    require(actor, "participation.manage", within=consultation.organisation)
    if not consultation.is_closed():
        raise Conflict(_("Close the consultation before publishing its report."),
                       code="still_open")
    unanswered = consultation.comments.filter(state=CommentState.PUBLISHED,
                                              parent__isnull=True, verdict="").count()
    if unanswered:
        raise Conflict(_("%(count)s comments have no response yet.") % {"count": unanswered},
                       code="unanswered", details={"unanswered": unanswered})
    consultation.report_published_at = timezone.now()
    save_with_version(consultation, expected_version=expected_version)
    record(actor=actor, action=actions.CONSULTATION_REPORT_PUBLISHED, obj=consultation)
    return consultation


# ----- polls ----------------------------------------------------------------------------

@transaction.atomic
def ballot_cast(*, poll: Poll, participant: Participant, option_ids: Iterable[int]) -> Ballot:
    """One ballot per participant and poll: casting again (a double click, a replayed
    form, a second try) returns the ballot already cast and changes nothing."""
    existing = Ballot.objects.filter(poll=poll, participant=participant).first()
    if existing is not None:
        return existing
    if not poll.is_open():
        raise Conflict(_("This poll is not open."), code="closed")
    chosen = _options_valid(poll, option_ids)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(poll=poll, participant=participant)
    except IntegrityError:  # a concurrent first ballot
        return Ballot.objects.get(poll=poll, participant=participant)
    ballot.options.set(chosen)
    return ballot


def _options_valid(poll: Poll, option_ids: Iterable[int]) -> list:
    ids = set(option_ids)
    chosen = list(poll.options.filter(pk__in=ids))
    if not chosen or len(chosen) != len(ids):
        raise _refuse("options", _("Choose an option."))
    if not poll.multiple and len(chosen) > 1:
        raise _refuse("options", _("Choose one option."))
    if poll.multiple and poll.max_choices and len(chosen) > poll.max_choices:
        raise _refuse("options", _("Choose at most %(count)s options.")
                      % {"count": poll.max_choices})
    return chosen


# ----- results tracking -----------------------------------------------------------------

@transaction.atomic
def result_link(*, source, actor, plan_action=None, improvement_item=None,
                note: str = "") -> ResultLink:
    """Link an adopted item (a comment with an adopted or partly adopted response, or a
    proposal or session decision that says it is adopted with `is_adopted`) to the plan
    action or improvement item that carries it out, in the same organisation."""
    require(actor, "participation.manage", within=source.organisation)
    if not is_adopted(source):
        raise Conflict(_("Only an adopted item can be linked to the plan."),
                       code="not_adopted")
    if (plan_action is None) == (improvement_item is None):
        raise _refuse("target", _("Choose a plan action or an improvement item."))
    target_organisation = (improvement_item.organisation_id if improvement_item
                           else plan_action.plan.organisation_id)
    if target_organisation != source.organisation_id:
        raise _refuse("target", _("Choose an item of the same organisation."))
    link, created = ResultLink.objects.get_or_create(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk,
        plan_action=plan_action, improvement_item=improvement_item,
        defaults={"organisation_id": source.organisation_id, "created_by": actor,
                  "note": (note or "").strip()[:300]})
    if created:
        record(actor=actor, action=actions.RESULT_LINKED, obj=link,
               after={"source": f"{link.source_type_id}:{link.source_id}"})
    return link


@transaction.atomic
def result_link_new_item(*, source, actor, title: str, owner_unit, note: str = "") -> ResultLink:
    """Open an improvement item for an adopted item and link the two: what a citizen said
    enters the agency's tracking without a trip to the assessment pages first. A refused
    link (result_link's checks) undoes the item with it."""
    item = improvement_item_open(actor=actor, organisation=source.organisation,
                                 owner_unit=owner_unit, source=ItemSource.PARTICIPATION,
                                 title=title, description=getattr(source, "body", "") or
                                 getattr(source, "text", ""))
    return result_link(source=source, actor=actor, improvement_item=item, note=note)


def is_adopted(source) -> bool:
    """Comments by their verdict; other kinds (proposals, session decisions) say so
    themselves with an `is_adopted` attribute."""
    if isinstance(source, Comment):
        return source.verdict in ADOPTED and source.state == CommentState.PUBLISHED
    return bool(getattr(source, "is_adopted", False))


# ----- setting up consultations and polls (the staff pages; the admin does the same) ------

def _dates_checked(opens_at, closes_at) -> None:
    if closes_at <= opens_at:
        raise ValidationFailed(details={"closes_at": [
            str(_("The closing time comes after the opening time."))]})


@transaction.atomic
def consultation_save(*, actor, organisation, title: str, summary: str, opens_at, closes_at,
                      moderation: str, code_of_conduct: str, sections: list[dict],
                      published: bool, consultation: Consultation | None = None,
                      expected_version: int | None = None) -> Consultation:
    """Create or change a consultation with its sections (heading, text, question). Once
    it has comments its sections stay as they are, since comments point at them."""
    require(actor, "participation.manage", within=organisation)
    _dates_checked(opens_at, closes_at)
    # A draft without sections is commented on as a whole.
    sections = [section for section in sections if section.get("heading", "").strip()]
    creating = consultation is None
    if creating:
        consultation = Consultation(organisation=organisation)
    elif consultation.comments.exists() and _sections_changed(consultation, sections):
        raise Conflict(_("Comments were made on these sections: they cannot change now."),
                       code="has_comments")
    consultation.title, consultation.summary = title.strip(), summary.strip()
    consultation.opens_at, consultation.closes_at = opens_at, closes_at
    consultation.moderation, consultation.published = moderation, published
    consultation.code_of_conduct = code_of_conduct.strip()
    if creating:
        consultation.save()
    else:
        save_with_version(consultation, expected_version=expected_version)
    if creating or not consultation.comments.exists():
        consultation.sections.all().delete()
        Section.objects.bulk_create(Section(
            consultation=consultation, position=position, heading=section["heading"].strip(),
            text=section.get("text", "").strip(), question=section.get("question", "").strip())
            for position, section in enumerate(sections, 1))
    record(actor=actor, action=actions.CONSULTATION_SAVED, obj=consultation,
           after={"title": consultation.title, "published": published,
                  "sections": len(sections)})
    return consultation


def _sections_changed(consultation: Consultation, sections: list[dict]) -> bool:
    stored = [(section.heading, section.text, section.question)
              for section in consultation.sections.order_by("position")]
    wanted = [(section["heading"].strip(), section.get("text", "").strip(),
               section.get("question", "").strip()) for section in sections]
    return stored != wanted


@transaction.atomic
def poll_save(*, actor, organisation, title: str, question: str, options: list[str],
              multiple: bool, max_choices: int | None, opens_at, closes_at,
              results_hidden_until_close: bool, published: bool, poll: Poll | None = None,
              expected_version: int | None = None) -> Poll:
    """Create or change a poll and its options; once anyone voted, only its wording of
    title and question and its publication may change."""
    require(actor, "participation.manage", within=organisation)
    _dates_checked(opens_at, closes_at)
    options = [option.strip() for option in options if option.strip()]
    if len(options) < 2 or len(set(options)) != len(options):
        raise ValidationFailed(details={"options": [
            str(_("Give at least two different options, one a line."))]})
    if multiple and max_choices and max_choices > len(options):
        raise ValidationFailed(details={"max_choices": [
            str(_("No more choices than there are options."))]})
    creating = poll is None
    voted = not creating and poll.ballots.exists()
    if voted and ([option.text for option in poll.options.order_by("position")] != options
                  or poll.multiple != multiple):
        raise Conflict(_("People have voted: the options cannot change now."), code="has_votes")
    poll = poll or Poll(organisation=organisation)
    poll.title, poll.question = title.strip(), question.strip()
    poll.multiple, poll.max_choices = multiple, (max_choices if multiple else None)
    poll.opens_at, poll.closes_at = opens_at, closes_at
    poll.results_hidden_until_close, poll.published = results_hidden_until_close, published
    if creating:
        poll.save()
    else:
        save_with_version(poll, expected_version=expected_version)
    if not voted:
        poll.options.all().delete()
        PollOption.objects.bulk_create(PollOption(poll=poll, position=position, text=text)
                                       for position, text in enumerate(options, 1))
    record(actor=actor, action=actions.POLL_SAVED, obj=poll,
           after={"title": poll.title, "published": published, "options": len(options)})
    return poll
