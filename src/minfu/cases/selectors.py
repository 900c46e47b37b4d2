"""Reads of applications. Staff reads are scoped: a user sees the cases of the units where
they hold a role that may view cases, and every case of the organisations such a role
covers whole (scope organisation or subtree). Citizens see a case only with its number
and its access code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from minfu.cases import access, numbering
from minfu.cases.models import ActorKind, Case, CaseEvent, CaseState
from minfu.core.errors import NotFound
from minfu.core.models import pick_language
from minfu.org.permissions import roles_for
from minfu.org.selectors import organisations_where, units_where, visible_scope

VIEW = "cases.view"

# A well-formed hash that matches no code: a lookup of an unknown number does the same
# work as one of a known number, so timing does not tell which numbers exist.
_NO_CASE_HMAC = "0" * 64

# What the applicant's timeline shows; assignment and internal pauses stay internal.
PUBLIC_ACTIONS = frozenset({
    "submit", "accept", "start_review", "request_supplement", "supplement_received",
    "pause_start", "pause_end", "extend", "decide", "close", "withdraw", "transfer",
})

ACTION_LABELS = {
    "submit": _("Application received"),
    "accept": _("Application accepted"),
    "start_review": _("Review started"),
    "request_supplement": _("Missing documents requested"),
    "supplement_received": _("Missing documents received"),
    "pause_start": _("Waiting for another authority"),
    "pause_end": _("No longer waiting for another authority"),
    "extend": _("Processing period extended"),
    "decide": _("Decision made"),
    "close": _("Application closed"),
    "withdraw": _("Application withdrawn"),
    "transfer": _("Application transferred"),
    "assign": _("Officer assigned"),
}


def access_key() -> bytes:
    """The key access codes are hashed with, derived from SECRET_KEY."""
    return access.derive_key(settings.SECRET_KEY)


def cases_for(user) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    cases = Case.objects.select_related("organisation", "unit", "service_type_version",
                                        "assigned_officer")
    if user.is_superuser:
        return cases
    organisation_ids = organisations_where(user, VIEW).values("pk")
    unit_ids = units_where(user, VIEW).values("pk")
    return cases.filter(Q(unit_id__in=unit_ids) | Q(organisation_id__in=organisation_ids))


def case_get_for(user, pk) -> Case:
    """One case the user may see; NotFound also for a case that exists elsewhere."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    case = cases_for(user).filter(pk=pk).first()
    if case is None:
        raise NotFound(_("No such application."))
    return case


def case_for_lookup(number: str, access_code: str) -> Case | None:
    """The case with this number and access code, or None for any wrong pair; the
    answer and the work done are the same whether or not the number exists."""
    try:
        normalised = str(numbering.parse_case_number(number))
    except numbering.CaseNumberError:
        normalised = ""
    case = Case.objects.filter(number=normalised).select_related(
        "organisation", "service_type_version").first() if normalised else None
    stored = case.access_code_hmac if case is not None else _NO_CASE_HMAC
    matches = access.code_matches(access_code, stored, access_key())
    return case if case is not None and matches else None


class Audience(StrEnum):
    STAFF = "staff"
    PUBLIC = "public"


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    action: str
    label: str
    from_state: str
    to_state: str
    state_label: str
    note: str
    actor_name: str  # empty on the public timeline: officers are not named to citizens
    data: dict


def timeline(case: Case, audience: str = Audience.STAFF) -> list[TimelineEntry]:
    """The case's history, oldest first. The public timeline keeps the steps the
    applicant should see, with the notes meant for them and no internal data."""
    public = Audience(audience) is Audience.PUBLIC
    events = CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "id")
    if public:
        events = events.filter(action__in=PUBLIC_ACTIONS)
    return [_entry(event, public) for event in events]


def _entry(event: CaseEvent, public: bool) -> TimelineEntry:
    return TimelineEntry(
        at=event.at, action=event.action,
        label=str(ACTION_LABELS.get(event.action, event.action)),
        from_state=event.from_state, to_state=event.to_state,
        state_label=str(CaseState(event.to_state).label),
        note=pick_language(event.public_note_zh, event.public_note_en),
        actor_name="" if public else _actor_name(event),
        data={} if public else event.data,
    )


def _actor_name(event: CaseEvent) -> str:
    if event.actor is not None:
        return event.actor.get_full_name() or event.actor.get_username()
    return str(ActorKind(event.actor_kind).label)


def may_view_cases(user) -> bool:
    """For menus: the user holds some role that may view cases."""
    return getattr(user, "is_superuser", False) or visible_scope(user).has_role(
        *roles_for(VIEW))
