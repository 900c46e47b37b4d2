"""Reads of consultations, polls and result links: the public ones (what anybody may
see) and the staff ones, scoped to the organisations where the user may act."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from minfu.assessment.models import ImprovementItem
from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.org.models import Organisation, Unit
from minfu.org.selectors import agencies_where, organisations_where, units_to_track
from minfu.participation.models import (
    Comment,
    CommentState,
    Consultation,
    Poll,
    ResultLink,
    Section,
)
from minfu.participation.tally import Row, tally
from minfu.plans.models import Action

# ----- public ---------------------------------------------------------------------------


def public_consultations() -> QuerySet[Consultation]:
    return (Consultation.objects.filter(published=True, opens_at__lte=timezone.now())
            .select_related("organisation"))


def public_consultation(pk) -> Consultation:
    consultation = public_consultations().filter(pk=as_id(pk)).first()
    if consultation is None:
        raise NotFound()
    return consultation


def public_thread(consultation: Consultation) -> list[Comment]:
    """The top-level comments a visitor sees, each with `shown_replies`: published ones
    in full; hidden ones only as their moderator's reason; withdrawn and pending ones
    not at all."""
    comments = list(consultation.comments
                    .filter(state__in=[CommentState.PUBLISHED, CommentState.HIDDEN])
                    .select_related("participant", "section"))
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    top = [comment for comment in comments if comment.parent_id is None]
    for comment in top:
        comment.shown_replies = replies.get(comment.pk, [])
    return top


def public_comment(pk) -> Comment:
    """A comment of a published consultation (to withdraw or report it)."""
    comment = (Comment.objects.select_related("consultation")
               .filter(pk=as_id(pk), consultation__published=True).first())
    if comment is None:
        raise NotFound()
    return comment


def public_polls() -> QuerySet[Poll]:
    return Poll.objects.filter(published=True, opens_at__lte=timezone.now()).select_related(
        "organisation")


def public_poll(pk) -> Poll:
    poll = public_polls().filter(pk=as_id(pk)).first()
    if poll is None:
        raise NotFound()
    return poll


@dataclass(frozen=True)
class PollResults:
    ballots: int
    rows: list[Row]


def poll_results(poll: Poll) -> PollResults:
    options = list(poll.options.annotate(votes=Count("ballots")))
    ballots = poll.ballots.count()
    return PollResults(ballots=ballots,
                       rows=tally([(option.text, option.votes) for option in options], ballots))


def links_of(source) -> list[ResultLink]:
    """What an adopted item was linked to, with the linked item's status."""
    return list(ResultLink.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk)
        .select_related("improvement_item", "plan_action__node"))


def report_rows(consultation: Consultation) -> list[tuple[Section | None, list[Comment]]]:
    """The report's groups: the whole draft first, then each section in order, each with
    its published top-level comments."""
    comments = list(consultation.comments.filter(state=CommentState.PUBLISHED,
                                                 parent__isnull=True)
                    .select_related("participant"))
    groups = [(None, [c for c in comments if c.section_id is None])]
    for section in consultation.sections.all():
        groups.append((section, [c for c in comments if c.section_id == section.pk]))
    return groups


# ----- staff ----------------------------------------------------------------------------

def scoped(queryset: QuerySet, user, action: str = "participation.view") -> QuerySet:
    """Rows of the organisations where the user holds `action`, as a whole or in any of
    their units (activities belong to the agency, not to a unit)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(organisation__in=manageable_organisations(user, action))


def manageable_organisations(user, action: str = "participation.manage") -> QuerySet:
    """Organisations where the user holds `action` as a whole or in any of their units."""
    return agencies_where(user, action)


def consultations_for(user) -> QuerySet[Consultation]:
    return scoped(Consultation.objects.select_related("organisation"), user).annotate(
        pending=Count("comments", filter=Q(comments__state=CommentState.PENDING),
                      distinct=True),
        reported=Count("comments__reports", filter=Q(comments__reports__handled_at=None),
                       distinct=True))


def consultation_for(user, pk) -> Consultation:
    consultation = scoped(Consultation.objects.select_related("organisation"), user).filter(
        pk=as_id(pk)).first()
    if consultation is None:
        raise NotFound()
    return consultation


def comments_to_moderate(consultation: Consultation) -> QuerySet[Comment]:
    """Every comment of the consultation, those waiting or reported first."""
    return (consultation.comments.select_related("participant", "section")
            .annotate(open_reports=Count("reports", filter=Q(reports__handled_at=None)))
            .order_by("-open_reports", "state", "created_at"))


def comments_for(user) -> QuerySet[Comment]:
    return scoped(Comment.objects.select_related("participant"), user).order_by(
        "-created_at", "-pk")


def comment_for(user, pk) -> Comment:
    comment = scoped(Comment.objects.select_related("consultation", "organisation"),
                      user).filter(pk=as_id(pk)).first()
    if comment is None:
        raise NotFound()
    return comment


def link_targets(organisation_id: int) -> tuple[QuerySet, QuerySet]:
    """What an adopted item of the organisation may be linked to: its improvement items
    and its plans' actions."""
    return (ImprovementItem.objects.filter(organisation_id=organisation_id),
            Action.objects.filter(plan__organisation_id=organisation_id).select_related("node"))


def units_for_new_item(user, organisation: Organisation) -> QuerySet[Unit]:
    """The units that may take on an improvement item opened from an adopted item; none
    for a user who does not open improvement items (they are not offered one)."""
    return units_to_track(user, organisation) or Unit.objects.none()


def polls_for(user) -> QuerySet[Poll]:
    return scoped(Poll.objects.select_related("organisation"), user).annotate(
        ballot_count=Count("ballots"))


def poll_for(user, pk) -> Poll:
    poll = scoped(Poll.objects.select_related("organisation"), user).filter(
        pk=as_id(pk)).first()
    if poll is None:
        raise NotFound()
    return poll


def organisations_managed(user) -> QuerySet:
    """The agencies whose consultations and polls the user sets up."""
    return organisations_where(user, "participation.manage").order_by("code")
