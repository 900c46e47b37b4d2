"""Who may do what: a small table of actions and the roles that may take them, and `can`,
which every app asks before a staff write (and before showing the button for it).

A membership grants its role's actions only within the membership's own scope: an
officer of unit A and administrator of agency B may manage units of B, not of A. The
decision itself (`decide`) is pure and works on plain `Grant` values, so it is tested
without a database; `can` only gathers the user's grants.

Superusers administer the installation and may do everything. An action with no roles
is for superusers only.

Services do not ask `can` and raise themselves: they call `require`, so every refusal has
one shape (PermissionDenied, code "forbidden", details {"action": ...})."""

from collections.abc import Iterable
from dataclasses import dataclass

from minfu.core.errors import PermissionDenied
from minfu.org.models import Role

_ALL_STAFF = frozenset(Role.values)

PERMISSIONS: dict[str, frozenset[str]] = {
    # organisations and staff
    "org.view_directory": _ALL_STAFF,
    "org.edit_organisation": frozenset({Role.AGENCY_ADMIN}),
    # creating organisations and changing their code, kind or parent
    "org.manage_structure": frozenset(),
    "org.manage_units": frozenset({Role.AGENCY_ADMIN}),
    "org.manage_memberships": frozenset({Role.AGENCY_ADMIN}),
    "org.view_members": frozenset({Role.AGENCY_ADMIN}),
    # service catalogue
    "catalog.view": _ALL_STAFF,
    "catalog.edit": frozenset({Role.AGENCY_ADMIN, Role.QUALITY_COORDINATOR}),
    "catalog.publish": frozenset({Role.AGENCY_ADMIN, Role.QUALITY_COORDINATOR}),
    # office calendar: closures are local and entered on the day; the national calendar
    # file affects every agency, so its import is for the installation administrator.
    "workcal.manage_closures": frozenset({Role.AGENCY_ADMIN, Role.QUALITY_COORDINATOR}),
    "workcal.import_calendar": frozenset(),
    # applications and petitions
    "cases.view": frozenset({Role.OFFICER, Role.SUPERVISOR, Role.QUALITY_COORDINATOR,
                             Role.AGENCY_ADMIN}),
    "cases.handle": frozenset({Role.OFFICER, Role.SUPERVISOR}),
    "cases.approve_extension": frozenset({Role.SUPERVISOR}),
    "cases.reassign": frozenset({Role.SUPERVISOR, Role.AGENCY_ADMIN}),
    "voice.view": frozenset({Role.OFFICER, Role.SUPERVISOR, Role.QUALITY_COORDINATOR,
                             Role.AGENCY_ADMIN}),
    "voice.handle": frozenset({Role.OFFICER, Role.SUPERVISOR}),
    "voice.reassign": frozenset({Role.SUPERVISOR, Role.QUALITY_COORDINATOR}),
    "voice.approve_reply": frozenset({Role.SUPERVISOR}),
    # categories, routing rules, handling limits, head-of-agency mailbox readers
    "voice.configure": frozenset({Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN}),
    # surveys and ratings
    "surveys.view": frozenset({Role.SUPERVISOR, Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN,
                               Role.MINISTRY_EVALUATOR}),
    "surveys.manage": frozenset({Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN}),
    "surveys.follow_up": frozenset({Role.OFFICER, Role.SUPERVISOR, Role.QUALITY_COORDINATOR}),
    # measuring and improving
    "metrics.view": frozenset({Role.SUPERVISOR, Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN,
                               Role.MINISTRY_EVALUATOR}),
    "metrics.rebuild": frozenset({Role.AGENCY_ADMIN}),
    # open data: dataset metadata and publishing now (docs/open-data.md)
    "opendata.manage": frozenset({Role.AGENCY_ADMIN}),
    "plans.view": _ALL_STAFF,
    "plans.edit": frozenset({Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN}),
    "plans.report_progress": frozenset({Role.SUPERVISOR, Role.QUALITY_COORDINATOR}),
    "plans.review_progress": frozenset({Role.QUALITY_COORDINATOR}),
    # a ministry's view of its agencies' plans (published by the programme's deadline?)
    # and the reminder to those without one
    "plans.oversee": frozenset({Role.MINISTRY_EVALUATOR, Role.QUALITY_COORDINATOR,
                                Role.AGENCY_ADMIN}),
    "assessment.view": _ALL_STAFF,
    "assessment.manage": frozenset({Role.QUALITY_COORDINATOR, Role.MINISTRY_EVALUATOR}),
    "assessment.evaluate": frozenset({Role.MINISTRY_EVALUATOR, Role.QUALITY_COORDINATOR}),
    "assessment.reply": frozenset({Role.SUPERVISOR, Role.QUALITY_COORDINATOR,
                                   Role.AGENCY_ADMIN}),
    "assessment.review_items": frozenset({Role.QUALITY_COORDINATOR}),
    # inspection reports: reviewed by someone other than who submitted them, approved by
    # the official designated on the inspection (who must hold this action), published
    # in a summary form by the coordinator
    "assessment.review_inspection": frozenset({Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN,
                                               Role.MINISTRY_EVALUATOR}),
    "assessment.approve_inspection": frozenset({Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN,
                                                Role.MINISTRY_EVALUATOR}),
    "assessment.publish_inspection": frozenset({Role.QUALITY_COORDINATOR,
                                                Role.MINISTRY_EVALUATOR}),
    "assessment.nominate": frozenset({Role.SUPERVISOR, Role.QUALITY_COORDINATOR}),
    "assessment.select": frozenset({Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN}),
    "assessment.propose": _ALL_STAFF,
    "assessment.review_proposals": frozenset({Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN}),
    # the ministry's yearly award: agencies submit their entries; the convener (on the
    # ministry) runs the round: categories, stages, judge pool, assignments, decisions,
    # publication; judges are staff of any role, and judge only what they are assigned
    # to in a round whose pool holds them
    "assessment.award_submit": frozenset({Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN}),
    "assessment.award_manage": frozenset({Role.QUALITY_COORDINATOR, Role.MINISTRY_EVALUATOR}),
    "assessment.award_judge": _ALL_STAFF,
    # notifications: resend a message (about a case or petition: only if the record is
    # visible to the user), change an organisation's message templates
    "notify.resend": frozenset({Role.AGENCY_ADMIN, Role.OFFICER, Role.SUPERVISOR}),
    "notify.edit_templates": frozenset({Role.AGENCY_ADMIN, Role.QUALITY_COORDINATOR}),
    "audit.view": frozenset({Role.AGENCY_ADMIN, Role.QUALITY_COORDINATOR}),
    # the Open311 server: see the services opened, the client keys and their use; open
    # services (petition categories, online services); issue and revoke client keys
    "open311.view": frozenset({Role.AGENCY_ADMIN, Role.QUALITY_COORDINATOR}),
    "open311.configure": frozenset({Role.AGENCY_ADMIN, Role.QUALITY_COORDINATOR}),
    "open311.manage_keys": frozenset({Role.AGENCY_ADMIN}),
    # knowledge base: every staff member reads the articles (internal answers included) of
    # their scope; officers and up write drafts; a second person reviews and publishes
    # (never the author); the call-centre console logs calls and answers questions.
    "knowledge.view": _ALL_STAFF,
    "knowledge.edit": frozenset({Role.OFFICER, Role.SUPERVISOR, Role.QUALITY_COORDINATOR,
                                 Role.AGENCY_ADMIN}),
    "knowledge.review": frozenset({Role.SUPERVISOR, Role.QUALITY_COORDINATOR,
                                   Role.AGENCY_ADMIN}),
    "knowledge.console": frozenset({Role.OFFICER, Role.SUPERVISOR, Role.QUALITY_COORDINATOR}),
    # public participation: every staff member of the scope reads; officers and up
    # moderate comments and answer them; the quality office closes consultations,
    # publishes reports, runs polls and links what was adopted to the plan.
    "participation.view": _ALL_STAFF,
    "participation.moderate": frozenset({Role.OFFICER, Role.SUPERVISOR,
                                         Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN}),
    "participation.manage": frozenset({Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN}),
    # official documents: an organisation's letterhead, document numbers and wordings
    "documents.edit": frozenset({Role.AGENCY_ADMIN}),
    # service points and appointments: staff of a point's unit see its appointments,
    # check citizens in, call them to the counter and mark no-shows; a supervisor
    # approves home visits; administrators and coordinators keep the points' details
    "appointments.view": frozenset({Role.OFFICER, Role.SUPERVISOR, Role.QUALITY_COORDINATOR,
                                    Role.AGENCY_ADMIN}),
    "appointments.handle": frozenset({Role.OFFICER, Role.SUPERVISOR}),
    "appointments.approve_home_visit": frozenset({Role.SUPERVISOR}),
    "appointments.manage_points": frozenset({Role.AGENCY_ADMIN, Role.QUALITY_COORDINATOR}),
    # co-signed proposals: every staff member reads them; officers screen (open, do not
    # accept, merge); supervisors and up publish the response and extend its period.
    "participation.proposal_view": _ALL_STAFF,
    "participation.proposal_screen": frozenset({Role.OFFICER, Role.SUPERVISOR,
                                                Role.QUALITY_COORDINATOR}),
    "participation.proposal_respond": frozenset({Role.SUPERVISOR, Role.QUALITY_COORDINATOR,
                                                 Role.AGENCY_ADMIN}),
    # co-design sessions: officers and up schedule them and record what happened
    "participation.session_view": _ALL_STAFF,
    "participation.session_manage": frozenset({Role.OFFICER, Role.SUPERVISOR,
                                               Role.QUALITY_COORDINATOR, Role.AGENCY_ADMIN}),
}


class UnknownAction(KeyError):
    """A programming error: the action is not in PERMISSIONS (a typo would otherwise
    silently deny, or worse, be read as allowed)."""


def roles_for(action: str) -> frozenset[str]:
    try:
        return PERMISSIONS[action]
    except KeyError:
        raise UnknownAction(action) from None


def role_may(role: str, action: str) -> bool:
    return role in roles_for(action)


def actions_for(role: str) -> frozenset[str]:
    return frozenset(action for action, roles in PERMISSIONS.items() if role in roles)


@dataclass(frozen=True)
class Grant:
    """One membership seen as data: its role and what its scope covers.
    `organisation_ids` are the organisations covered whole (scope organisation or
    subtree); `unit_ids` every unit covered, including those of whole organisations;
    `agency_ids` the organisations it touches: those covered whole and the unit's own."""

    role: str
    organisation_ids: frozenset[int]
    unit_ids: frozenset[int]
    agency_ids: frozenset[int] = frozenset()


def decide(grants: Iterable[Grant], action: str, *, organisation_id: int | None = None,
           unit_id: int | None = None, unit_organisation_id: int | None = None) -> bool:
    """Whether any grant whose role may take `action` covers the target.

    A unit target is covered when the unit is; an organisation target only when the
    organisation is covered whole (a unit-scoped officer does not act for the whole
    agency). With both, the unit must belong to the organisation. With neither, any
    grant of a suitable role suffices (e.g. to show a menu entry)."""
    allowed_roles = roles_for(action)
    if unit_id is not None and organisation_id is not None and \
            unit_organisation_id != organisation_id:
        return False
    for grant in grants:
        if grant.role not in allowed_roles:
            continue
        if unit_id is not None:
            if unit_id in grant.unit_ids:
                return True
        elif organisation_id is not None:
            if organisation_id in grant.organisation_ids:
                return True
        else:
            return True
    return False


def can(user, action: str, *, organisation=None, unit=None) -> bool:
    """May `user` take `action` (a key of PERMISSIONS) on `organisation` and/or `unit`
    (model instances), or anywhere at all when neither is given?"""
    roles_for(action)  # fail loudly on a typo, whoever the user is
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from minfu.org.selectors import grants_of

    return decide(
        grants_of(user), action,
        organisation_id=organisation.pk if organisation is not None else None,
        unit_id=unit.pk if unit is not None else None,
        unit_organisation_id=unit.organisation_id if unit is not None else None,
    )


def require(user, action: str, *, organisation=None, unit=None, within=None) -> None:
    """Refuse with PermissionDenied unless `can(user, action, organisation=..., unit=...)`.

    `within` (an organisation) is enough when the user holds the action on any unit of
    it: counter intake, where an officer receives an application or a petition on behalf
    of a sister unit. `user` None is the system acting on its own (a daily job, the demo
    loader, the applicant through a checked access code): there is nobody to check."""
    roles_for(action)  # fail loudly on a typo, even when nobody is checked
    if user is None:
        return
    if within is not None:
        from minfu.org.selectors import units_where

        allowed = can(user, action, organisation=within) or units_where(
            user, action).filter(organisation=within).exists()
    else:
        allowed = can(user, action, organisation=organisation, unit=unit)
    if not allowed:
        raise refusal(action)


def refusal(action: str) -> PermissionDenied:
    """The one PermissionDenied of a missing permission (record-level rules that refuse
    on their own, like the head-of-agency mailbox, use it too)."""
    return PermissionDenied(code="forbidden", details={"action": action})
