"""Reads of petitions. Staff reads are scoped like applications (units where the user may
view petitions, and whole organisations such a role covers); head-of-agency mailbox cases
are seen only by that organisation's designated readers (and superusers). Citizens see a
petition only with its number and access code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.core.localtime import TAIPEI, local_bounds
from minfu.core.queries import filter_given
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import can, refusal, require, roles_for
from minfu.org.selectors import (
    agencies_where,
    agency_ids_where,
    organisations_where,
    reach,
    units_where,
    visible_scope,
)
from minfu.records.due import due_counts, due_q, soon_until
from minfu.voice import rules
from minfu.voice.models import (
    Category,
    FollowUp,
    MailboxReader,
    Petition,
    PetitionAttachment,
    PetitionChannel,
    PetitionState,
    Rating,
    Reply,
    RoutingRule,
)
from minfu.voice.workflow import OPEN_STATES
from minfu.workcal.deadlines import CalendarGapError
from minfu.workcal.selectors import calendar_for

VIEW = "voice.view"
CONFIGURE = "voice.configure"
HANDLE = "voice.handle"
APPROVE_REPLY = "voice.approve_reply"
OPEN_STATE_VALUES = frozenset(state.value for state in OPEN_STATES)
DUE_SOON_WORKING_DAYS = 3
DUPLICATE_WINDOW_DAYS = 90
DUPLICATE_CANDIDATES = 200  # recent cases compared at most: keeps the panel fast



def _mailboxes_read_by(user) -> QuerySet:
    """The agencies whose mailbox (首長信箱) the user is a designated reader of."""
    return MailboxReader.objects.filter(user=user).values("organisation_id")


def _mailbox_readable(user) -> Q:
    return ~Q(channel=PetitionChannel.MAILBOX) | Q(organisation_id__in=_mailboxes_read_by(user))


def petitions_for(user) -> QuerySet[Petition]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Petition.objects.none()
    petitions = Petition.objects.select_related("organisation", "unit", "category",
                                                "assigned_officer")
    if user.is_superuser:
        return petitions
    in_scope = reach(user, VIEW)
    # Mailbox cases: the agency's designated readers, and the officer a reader assigned.
    mailbox = Q(channel=PetitionChannel.MAILBOX) & (
        Q(organisation_id__in=_mailboxes_read_by(user)) | Q(assigned_officer=user))
    return petitions.filter((in_scope & _mailbox_readable(user)) | mailbox)


def follow_ups_for(user, *, open_only: bool = True) -> QuerySet[FollowUp]:
    """Follow-ups of unsatisfied ratings on the petitions the user sees, oldest first:
    the unit's list of what is still to be put right."""
    follow_ups = (FollowUp.objects.filter(petition__in=petitions_for(user).values("pk"))
                  .select_related("petition", "rating", "unit").order_by("created_at", "id"))
    return follow_ups.filter(closed_at__isnull=True) if open_only else follow_ups


def follow_up_get_for(user, pk) -> FollowUp:
    """A follow-up of a petition the user sees, open or closed."""
    follow_up = follow_ups_for(user, open_only=False).filter(pk=as_id(pk)).first()
    if follow_up is None:
        raise NotFound(_("No such follow-up."))
    return follow_up


def attachment_get_for(user, pk) -> PetitionAttachment:
    """An attachment of a petition the user sees (mailbox rules included)."""
    attachment = PetitionAttachment.objects.filter(pk=as_id(pk)).first()
    if attachment is None:
        raise NotFound(_("No such file."))
    petition_get_for(user, attachment.petition_id)
    return attachment


def petition_get_for(user, pk) -> Petition:
    petition = petitions_for(user).filter(pk=as_id(pk)).first()
    if petition is None:
        raise NotFound(_("No such petition."))
    return petition


def merge_target_for(user, petition: Petition, number: str) -> Petition | None:
    """The case of the same agency, seen by the user, that `petition` may merge into."""
    return petitions_for(user).filter(organisation=petition.organisation,
                                      number=number.strip().upper()).first()


def petition_follow_up_get(petition: Petition, pk) -> FollowUp:
    follow_up = FollowUp.objects.filter(pk=as_id(pk), petition=petition).first()
    if follow_up is None:
        raise NotFound(_("No such follow-up."))
    return follow_up


def queue_categories_for(user) -> QuerySet[Category]:
    """The categories of the agencies whose petitions the user may see (queue filter).
    Taken from the user's scope (petitions_for's conditions), not from the petitions: a
    semi-join over millions of petitions took seconds (docs/performance.md, "Ten
    million records")."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Category.objects.none()
    if user.is_superuser:
        return Category.objects.all()
    assigned_mailbox = Petition.objects.filter(channel=PetitionChannel.MAILBOX,
                                               assigned_officer=user)
    return Category.objects.filter(
        Q(organisation_id__in=agency_ids_where(user, VIEW))
        | Q(organisation_id__in=_mailboxes_read_by(user))
        | Q(organisation_id__in=assigned_mailbox.values("organisation_id")))


def officers_of(organisation: Organisation):
    """Active staff of the agency, by username: who a petition may be assigned to."""
    return get_user_model().objects.filter(
        memberships__unit__organisation=organisation, is_active=True).distinct().order_by(
        "username")


def transfer_destinations(petition: Petition) -> QuerySet[Organisation]:
    """Every other agency: a petition goes to the competent one, wherever it is."""
    return Organisation.objects.exclude(pk=petition.organisation_id)


def intake_organisations(user) -> QuerySet[Organisation]:
    """The agencies the user records oral, telephone and e-mail petitions for: where they
    handle petitions, in a unit or for the whole agency."""
    return agencies_where(user, HANDLE)


def active_categories_of(organisations) -> QuerySet[Category]:
    return Category.objects.filter(organisation__in=organisations, active=True)


# ----- citizens ------------------------------------------------------------------------

def petition_for_citizen(pk) -> Petition | None:
    """A petition by id, for a browser that already proved its access code."""
    return Petition.objects.select_related("organisation", "category").filter(
        pk=as_id(pk)).first()


def organisation_by_code(code: str) -> Organisation:
    """The agency a citizen writes to, by the code in the address; NotFound if none."""
    organisation = Organisation.objects.filter(code=code.upper()).first()
    if organisation is None:
        raise NotFound(_("No such agency."))
    return organisation


def organisations_taking_petitions() -> QuerySet[Organisation]:
    """Where citizens can write: the agencies with an active petition category."""
    return Organisation.objects.filter(
        petition_categories__active=True).distinct().order_by("code")


def published_reply_for(petition: Petition) -> Reply | None:
    """The approved reply a petitioner reads: the petition's own, or that of the case it
    was merged into."""
    for answered in (petition, petition.merged_into):
        if answered is None:
            continue
        reply = answered.replies.filter(approved_at__isnull=False).order_by(
            "-approved_at").first()
        if reply is not None:
            return reply
    return None


def is_mailbox_reader(user, organisation) -> bool:
    return bool(getattr(user, "is_superuser", False)) or MailboxReader.objects.filter(
        user=user, organisation=organisation).exists()


def may_read(user, petition: Petition) -> bool:
    """Head-of-agency mailbox cases are for the readers and the officer assigned."""
    if petition.channel != PetitionChannel.MAILBOX:
        return True
    return petition.assigned_officer_id == getattr(user, "pk", None) or is_mailbox_reader(
        user, petition.organisation)


def may_view_petitions(user) -> bool:
    return getattr(user, "is_superuser", False) or visible_scope(user).has_role(
        *roles_for(VIEW)) or MailboxReader.objects.filter(user=user).exists()


# ----- configuration ---------------------------------------------------------------------

def configurable_organisations(user):
    return organisations_where(user, CONFIGURE)


def configurable_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(organisation__in=configurable_organisations(user))


def categories_for_organisation(organisation, *, active_only: bool = True) -> QuerySet[Category]:
    categories = Category.objects.filter(organisation=organisation).select_related(
        "default_unit")
    return categories.filter(active=True) if active_only else categories


def categories_for(user) -> QuerySet[Category]:
    if getattr(user, "is_superuser", False):
        return Category.objects.select_related("organisation", "default_unit")
    return Category.objects.filter(
        organisation__in=configurable_organisations(user)).select_related(
        "organisation", "default_unit")


def routing_rules_for(user) -> QuerySet[RoutingRule]:
    rules_qs = RoutingRule.objects.select_related("organisation", "category", "unit")
    if getattr(user, "is_superuser", False):
        return rules_qs
    return rules_qs.filter(organisation__in=configurable_organisations(user))


def mailbox_readers_for(user) -> QuerySet[MailboxReader]:
    readers = MailboxReader.objects.select_related("organisation", "user")
    if getattr(user, "is_superuser", False):
        return readers
    return readers.filter(organisation__in=configurable_organisations(user))


def routes_of(organisation) -> list[rules.Route]:
    return [rules.Route(rule_id=rule.pk, unit_id=rule.unit_id, priority=rule.priority,
                        category_id=rule.category_id, keywords=tuple(rule.keyword_list))
            for rule in RoutingRule.objects.filter(organisation=organisation, active=True)]


# ----- queue ---------------------------------------------------------------------------

class QueueView:
    MINE = "mine"
    UNIT = "unit"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ALL = (MINE, UNIT, DUE_SOON, OVERDUE)


@dataclass(frozen=True)
class QueueFilter:
    view: str = QueueView.UNIT
    kind: str = ""
    category_id: int | None = None
    channel: str = ""
    state: str = ""
    due: str = ""  # a records.due.Due value


def due_soon_limit(organisation, today: dt.date) -> dt.date:
    """The last day that counts as due soon: a few working days from today (today plus
    the same number of calendar days when the calendar does not reach so far)."""
    try:
        return calendar_for(organisation).add_working_days(today, DUE_SOON_WORKING_DAYS)
    except (CalendarGapError, ValueError):
        return today + dt.timedelta(days=DUE_SOON_WORKING_DAYS)


def queue(user, query: QueueFilter = QueueFilter(), *, today: dt.date | None = None
          ) -> QuerySet[Petition]:
    today = today or timezone.localdate()
    petitions = petitions_for(user)
    if query.view == QueueView.MINE:
        petitions = petitions.filter(assigned_officer=user)
    elif query.view == QueueView.OVERDUE:
        petitions = petitions.filter(state__in=OPEN_STATE_VALUES, due_date__lt=today)
    elif query.view == QueueView.DUE_SOON:
        limit = soon_until(today)  # across agencies: the national office calendar
        petitions = petitions.filter(state__in=OPEN_STATE_VALUES, due_date__gte=today,
                                     due_date__lte=limit)
    if query.view in (QueueView.MINE, QueueView.UNIT) and not query.state:
        petitions = petitions.filter(state__in=OPEN_STATE_VALUES | {PetitionState.REPLIED})
    petitions = filter_given(petitions, kind=query.kind, category_id=query.category_id,
                             channel=query.channel, state=query.state)
    if query.due:
        petitions = petitions.filter(due_q("due_date", query.due, today=today,
                                           until=soon_until(today)),
                                     state__in=OPEN_STATE_VALUES)
    return petitions.order_by(F("due_date").asc(), "received_at", "pk")


def work_counts(user, *, today: dt.date) -> dict[str, dict[str, int]]:
    """For the staff home: open petitions assigned to the user and all the user sees
    ("mine", "all"), overdue, due today and due soon; and "draft" (assigned to the user,
    being handled: a reply to write) and "approve" (drafts awaiting the approval of a
    supervisor of a unit where the user approves replies), in one query."""
    petitions = petitions_for(user)
    approver = Q(unit_id__in=units_where(user, APPROVE_REPLY).values("pk")) | Q(
        organisation_id__in=organisations_where(user, APPROVE_REPLY).values("pk"))
    counts = due_counts(petitions.filter(state__in=OPEN_STATE_VALUES), "due_date",
                        today=today, until=soon_until(today),
                        groups={"mine": Q(assigned_officer=user), "all": Q()})
    counts["steps"] = petitions.aggregate(
        draft=Count("pk", filter=Q(assigned_officer=user, state=PetitionState.IN_PROGRESS)),
        approve=Count("pk", filter=Q(state=PetitionState.AWAITING_APPROVAL) & approver))
    return counts


def due_mark(petition: Petition, today: dt.date, limit: dt.date) -> str:
    if petition.state not in OPEN_STATE_VALUES:
        return ""
    if petition.due_date < today:
        return QueueView.OVERDUE
    if petition.due_date <= limit:
        return QueueView.DUE_SOON
    return ""


def open_due_by(organisation_ids, day: dt.date) -> QuerySet[Petition]:
    """Open petitions due on or before `day` (overdue included), for reminders."""
    return Petition.objects.filter(organisation_id__in=organisation_ids,
                                   state__in=OPEN_STATE_VALUES, due_date__lte=day
                                   ).select_related("organisation", "unit", "assigned_officer")


# ----- one case ------------------------------------------------------------------------

def latest_reply(petition: Petition) -> Reply | None:
    return petition.replies.select_related("drafted_by", "approved_by").order_by(
        "-drafted_at", "-id").first()


@dataclass(frozen=True)
class Duplicate:
    petition: Petition
    same_person: bool
    similarity: float


def likely_duplicates(petition: Petition, *, days: int = DUPLICATE_WINDOW_DAYS,
                      user=None) -> list[Duplicate]:
    """Cases of the same agency received within `days` either side that come from the same
    person (ID, e-mail or telephone) or read much alike. At most DUPLICATE_CANDIDATES
    recent cases are compared, so the panel stays fast."""
    window = dt.timedelta(days=days)
    candidates = (petitions_for(user) if user is not None else Petition.objects).filter(
        organisation_id=petition.organisation_id,
        received_at__gte=petition.received_at - window,
        received_at__lte=petition.received_at + window,
    ).exclude(pk=petition.pk).exclude(state=PetitionState.MERGED).select_related(None).only(
        "pk", "number", "subject", "text", "state", "received_at", "petitioner_id_number",
        "contact_email", "contact_phone", "organisation_id", "channel", "kind",
    ).order_by("-received_at")[:DUPLICATE_CANDIDATES]
    me = rules.Person(petition.petitioner_id_number, petition.contact_email,
                      petition.contact_phone)
    mine = rules.folded(f"{petition.subject}\n{petition.text}")
    found = []
    for other in candidates:
        person = rules.same_person(me, rules.Person(
            other.petitioner_id_number, other.contact_email, other.contact_phone))
        score = rules.likeness(mine, rules.folded(f"{other.subject}\n{other.text}"))
        if person or score:
            found.append(Duplicate(other, person, round(score, 2)))
    return sorted(found, key=lambda item: (-item.same_person, -item.similarity))


def _target(petition: Petition) -> dict:
    """Whom a permission on the petition is checked against: its unit, or its
    organisation while it has none."""
    if petition.unit_id is not None:
        return {"unit": petition.unit}
    return {"organisation": petition.organisation}


def may(user, action: str, petition: Petition) -> bool:
    return may_read(user, petition) and can(user, action, **_target(petition))


def require_on(user, action: str, petition: Petition) -> None:
    """`require` on the petition's unit (or organisation), and for a head-of-agency
    mailbox case also read access to it; `user` None is the system."""
    if user is not None and not may_read(user, petition):
        raise refusal(action)
    require(user, action, **_target(petition))


def published_replies(*, now: dt.datetime | None = None) -> QuerySet[Reply]:
    """Replies chosen for publication, once the petitioners' satisfaction allows: rated
    satisfied, or no rating link still open; never while a petitioner is unsatisfied
    with it (a reopened case shows its next reply instead)."""
    ratings = Rating.objects.filter(reply=OuterRef("pk"))
    waiting = ratings.filter(answered_at__isnull=True, expires_at__gt=now or timezone.now())
    return (Reply.objects.filter(publish=True, approved_at__isnull=False)
            .filter(Exists(ratings.filter(satisfied=True)) | ~Exists(waiting))
            .exclude(Exists(ratings.filter(satisfied=False)))
            .select_related("petition__organisation", "petition__category")
            .order_by("-approved_at", "-id"))


def published_reply_get(pk) -> Reply:
    """One published reply (the search links to it); NotFound for any other."""
    reply = published_replies().filter(pk=as_id(pk)).first()
    if reply is None:
        raise NotFound(_("No such published reply."))
    return reply


# ----- statistics ----------------------------------------------------------------------

def statistics_for(user, *, year: int, by: str, organisation=None, breakdown: str = ""):
    """The periodic statistics of the petitions the user sees (three queries); the
    breakdowns cover the whole year or the quarter or month `breakdown` names."""
    from minfu.voice import stats
    from minfu.voice.models import Kind, Rating

    petitions = petitions_for(user)
    if organisation is not None:
        petitions = petitions.filter(organisation=organisation)
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=zone)
    end = dt.datetime(year + 1, 1, 1, tzinfo=zone)
    channels, kinds = dict(PetitionChannel.choices), dict(Kind.choices)
    received = [
        stats.Received(timezone.localtime(row["received_at"]).date(), str(kinds[row["kind"]]),
                       str(channels[row["channel"]]), row["category__name_zh"] or "—",
                       row["unit__name_zh"] or "—")
        for row in petitions.filter(received_at__gte=start, received_at__lt=end).values(
            "received_at", "kind", "channel", "category__name_zh", "unit__name_zh")]
    replied = [stats.Replied(timezone.localtime(row["replied_at"]).date(), bool(row["on_time"]))
               for row in petitions.filter(replied_at__gte=start, replied_at__lt=end,
                                           on_time__isnull=False).values("replied_at",
                                                                         "on_time")]
    rated = [stats.Rated(timezone.localtime(row["answered_at"]).date(), bool(row["satisfied"]))
             for row in Rating.objects.filter(petition__in=petitions.values("pk"),
                                              answered_at__gte=start, answered_at__lt=end
                                              ).values("answered_at", "satisfied")]
    return stats.statistics(year=year, by=by, received=received, replied=replied, rated=rated,
                            breakdown=breakdown)


def received_by_month(*, organisation_ids, start: dt.date, end: dt.date, by: str
                      ) -> dict[tuple[dt.date, str], int]:
    """Petitions received in the days start..end by month (its first day) and `kind` or
    `category` (its code; "" for none): counts only, no one's details, for the public
    performance pages and open data. One GROUP BY query."""
    column = {"kind": "kind", "category": "category__code"}[by]
    low, high = local_bounds(start, end)
    rows = (Petition.objects.filter(organisation_id__in=list(organisation_ids),
                                    received_at__gte=low, received_at__lt=high)
            .annotate(month=TruncMonth("received_at", tzinfo=TAIPEI))
            .values("month", column).annotate(n=Count("id")).order_by())
    found: dict[tuple[dt.date, str], int] = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        key = (month, row[column] or "")
        found[key] = found.get(key, 0) + row["n"]
    return found
