"""Which organisations and units a staff user may see. Every staff read in every app is
limited through `visible_scope` (or the helpers below); nothing reads around it."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.core.localtime import local_bounds
from minfu.core.models import AuditEvent
from minfu.org.models import Membership, Organisation, Role, Scope, Unit
from minfu.org.permissions import Grant, can, roles_for


@dataclass(frozen=True)
class VisibleScope:
    organisation_ids: frozenset[int]
    unit_ids: frozenset[int]
    roles: frozenset[str]
    # Organisations seen whole (scope organisation or subtree), not just through a unit.
    whole_organisation_ids: frozenset[int] = frozenset()

    def sees_organisation(self, organisation_id: int) -> bool:
        return organisation_id in self.organisation_ids

    def sees_unit(self, unit_id: int) -> bool:
        return unit_id in self.unit_ids

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


EMPTY_SCOPE = VisibleScope(frozenset(), frozenset(), frozenset())


def grants_of(user) -> tuple[Grant, ...]:
    """The user's memberships in active units, each with what its scope covers.
    Cached on the user object, i.e. for one request."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_minfu_grants", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user, unit__is_active=True)
        .select_related("unit__organisation")
    )
    grants = _grants_of_memberships(memberships)
    user._minfu_grants = grants
    return grants


def _grants_of_memberships(memberships: list[Membership]) -> tuple[Grant, ...]:
    needs_tree = any(m.scope != Scope.UNIT for m in memberships)
    paths = dict(Organisation.objects.values_list("id", "path")) if needs_tree else {}
    units_by_organisation: dict[int, set[int]] = {}
    if needs_tree:
        for unit_id, organisation_id in Unit.objects.values_list("id", "organisation_id"):
            units_by_organisation.setdefault(organisation_id, set()).add(unit_id)
    grants = []
    for membership in memberships:
        organisation = membership.unit.organisation
        if membership.scope == Scope.UNIT:
            grants.append(Grant(membership.role, frozenset(), frozenset({membership.unit_id}),
                                frozenset({organisation.pk})))
            continue
        if membership.scope == Scope.ORGANISATION:
            whole = {organisation.pk}
        else:
            whole = {pk for pk, path in paths.items() if path.startswith(organisation.path)}
        units = set().union(*(units_by_organisation.get(pk, set()) for pk in whole))
        grants.append(Grant(membership.role, frozenset(whole), frozenset(units),
                            frozenset(whole)))
    return tuple(grants)


def visible_scope(user) -> VisibleScope:
    """The organisations and units of the user's memberships, widened by each membership's
    scope. Superusers see everything (they administer the installation). Cached on the
    user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return EMPTY_SCOPE
    cached = getattr(user, "_minfu_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        every_organisation = frozenset(Organisation.objects.values_list("id", flat=True))
        scope = VisibleScope(
            every_organisation,
            frozenset(Unit.objects.values_list("id", flat=True)),
            frozenset(Role.values),
            every_organisation,
        )
    else:
        grants = grants_of(user)
        whole = frozenset().union(*(g.organisation_ids for g in grants))
        unit_ids = frozenset().union(*(g.unit_ids for g in grants))
        through_units = set(
            Unit.objects.filter(pk__in=unit_ids).values_list("organisation_id", flat=True)
        )
        scope = VisibleScope(whole | through_units, unit_ids,
                             frozenset(g.role for g in grants), whole)
    user._minfu_scope = scope
    return scope


def forget_cached_scope(user) -> None:
    """Drop the per-request cache, e.g. after the user's own memberships changed."""
    for attribute in ("_minfu_scope", "_minfu_grants"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def is_staff_member(user) -> bool:
    """Signed in and either a superuser or holding at least one membership."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(grants_of(user))


def organisations_for(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=visible_scope(user).organisation_ids)


def units_for(user, *, organisation: Organisation | None = None) -> QuerySet[Unit]:
    """The units the user sees (of `organisation` only, when given)."""
    units = Unit.objects.filter(pk__in=visible_scope(user).unit_ids).select_related(
        "organisation")
    return units if organisation is None else units.filter(organisation=organisation)


def units_of(organisation: Organisation, *, active_only: bool = False) -> QuerySet[Unit]:
    """The units of one organisation (to choose one on a form about its records)."""
    units = Unit.objects.filter(organisation=organisation)
    return units.filter(is_active=True) if active_only else units


def children_for(user, organisation: Organisation) -> QuerySet[Organisation]:
    """The organisations directly under `organisation` that the user sees."""
    return organisations_for(user).filter(parent=organisation)


def organisation_get_for(user, pk) -> Organisation:
    """One visible organisation, or NotFound (also for one that exists elsewhere)."""
    organisation = organisations_for(user).filter(pk=as_id(pk)).first()
    if organisation is None:
        raise NotFound(_("No such organisation."))
    return organisation


def unit_get_for(user, pk) -> Unit:
    unit = units_for(user).filter(pk=as_id(pk)).first()
    if unit is None:
        raise NotFound(_("No such unit."))
    return unit


def _scope_for_action(user, action: str) -> tuple[frozenset[int], frozenset[int]]:
    """(whole organisation ids, unit ids) where the user may take `action`."""
    if user.is_superuser:
        scope = visible_scope(user)
        return scope.organisation_ids, scope.unit_ids
    roles = roles_for(action)
    grants = [g for g in grants_of(user) if g.role in roles]
    return (frozenset().union(*(g.organisation_ids for g in grants)),
            frozenset().union(*(g.unit_ids for g in grants)))


def organisations_where(user, action: str) -> QuerySet[Organisation]:
    """Organisations the user may take `action` on as a whole (see permissions.decide)."""
    organisation_ids, _unit_ids = _scope_for_action(user, action)
    return Organisation.objects.filter(pk__in=organisation_ids)


def agency_ids_where(user, action: str) -> frozenset[int]:
    """Organisations where the user may take `action` as a whole or in one of their units:
    the agencies whose categories, service types and intake their work draws on."""
    if user.is_superuser:
        return visible_scope(user).organisation_ids
    roles = roles_for(action)
    return frozenset().union(*(g.agency_ids for g in grants_of(user) if g.role in roles))


def agencies_where(user, action: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=agency_ids_where(user, action))


def units_where(user, action: str) -> QuerySet[Unit]:
    _organisation_ids, unit_ids = _scope_for_action(user, action)
    return Unit.objects.filter(pk__in=unit_ids).select_related("organisation")


def reach(user, action: str, *, unit_field: str | None = "unit",
          organisation_field: str = "organisation") -> Q:
    """The condition on a row's organisation (and unit) that holds where the user may take
    `action`: anywhere in an organisation where they may as a whole, or in a unit where
    they may. Superusers are not special here: see `in_reach`.

    The ids are known already (`grants_of`), so they go into the statement as a list
    rather than as subqueries compiled on every page; a unit inside an organisation
    reached as a whole is left out of the unit list."""
    organisation_ids, unit_ids = _scope_for_action(user, action)
    condition = Q(**{f"{organisation_field}__in": organisation_ids})
    if unit_field:
        condition |= Q(**{f"{unit_field}__in": unit_ids - _units_of_whole_grants(user, action)})
    return condition


def _units_of_whole_grants(user, action: str) -> frozenset[int]:
    """The units that `action`'s organisation-wide grants cover with their organisation."""
    if user.is_superuser:
        return visible_scope(user).unit_ids
    roles = roles_for(action)
    return frozenset().union(*(g.unit_ids for g in grants_of(user)
                               if g.role in roles and g.organisation_ids))


def in_reach(queryset: QuerySet, user, action: str, **fields) -> QuerySet:
    """The rows of `queryset` where the user may take `action` (`reach`): all of them for
    a superuser, none for a visitor or an inactive account."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(reach(user, action, **fields))


def memberships_for(user, *, organisation: Organisation | None = None
                    ) -> QuerySet[Membership]:
    """Memberships the user may see: their own, and those of the units where they may
    view members (administrators); of `organisation`'s units only, when given."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    _organisation_ids, unit_ids = _scope_for_action(user, "org.view_members")
    memberships = (Membership.objects.filter(Q(unit_id__in=unit_ids) | Q(user=user))
                   .select_related("user", "unit__organisation"))
    return (memberships if organisation is None
            else memberships.filter(unit__organisation=organisation))


def grantable_units(user, organisation: Organisation) -> QuerySet[Unit]:
    """The active units of `organisation` where the user may grant memberships."""
    return units_where(user, "org.manage_memberships").filter(organisation=organisation,
                                                               is_active=True)


def membership_get_for(user, pk) -> Membership:
    membership = memberships_for(user).filter(pk=as_id(pk)).first()
    if membership is None:
        raise NotFound(_("No such membership."))
    return membership


def own_memberships(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("unit__organisation")


@dataclass
class OrganisationNode:
    """One organisation in the directory, with its visible units and child organisations."""

    organisation: Organisation
    units: list[Unit]
    children: list["OrganisationNode"] = field(default_factory=list)
    depth: int = 0

    @property
    def heading_level(self) -> int:
        """h2 for the roots, one level deeper per generation (pages keep h1 for the title)."""
        return min(2 + self.depth, 6)


def organisation_tree_for(user, *, with_members: bool = False) -> list[OrganisationNode]:
    """The visible organisations as a tree of roots (organisations whose parent the user
    does not see), siblings in sort order. With `with_members`, each unit carries
    `visible_members`: the memberships the user may see there."""
    scope = visible_scope(user)
    units = Unit.objects.filter(pk__in=scope.unit_ids).order_by("sort_order", "code")
    if with_members:
        units = units.prefetch_related(Prefetch(
            "memberships", queryset=memberships_for(user).order_by("user__username", "role"),
            to_attr="visible_members",
        ))
    units_by_organisation: dict[int, list[Unit]] = {}
    for unit in units:
        units_by_organisation.setdefault(unit.organisation_id, []).append(unit)
    organisations = sorted(organisations_for(user).select_related("parent"),
                           key=lambda o: (o.sort_order, o.code))
    nodes = {o.pk: OrganisationNode(o, units_by_organisation.get(o.pk, [])) for o in organisations}
    roots = []
    for organisation in organisations:
        parent = nodes.get(organisation.parent_id)
        (parent.children if parent else roots).append(nodes[organisation.pk])
    _set_depths(roots, 0)
    return roots


def _set_depths(nodes: list[OrganisationNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depths(node.children, depth + 1)


def flatten_tree(roots: list[OrganisationNode]) -> list[OrganisationNode]:
    """Depth-first order, for templates that list the tree as nested headings."""
    flat = []
    for node in roots:
        flat.append(node)
        flat.extend(flatten_tree(node.children))
    return flat


def active_user_by_username(username: str):
    """The active account with this username (to grant it a membership), or None."""
    return get_user_model().objects.filter(username=(username or "").strip(),
                                           is_active=True).first()


def supervisors_and_coordinators(*, unit: Unit | None = None,
                                 organisation: Organisation | None = None) -> list:
    """Who is told about a unit's late work: the supervisors of `unit` and the quality
    coordinators who see `organisation` whole. Active users with an e-mail address, each
    once, in id order."""
    wanted = Q(pk__in=[])
    if unit is not None:
        wanted |= Q(unit=unit, role=Role.SUPERVISOR)
    if organisation is not None:
        wanted |= Q(unit__organisation=organisation, role=Role.QUALITY_COORDINATOR,
                    scope__in=[Scope.ORGANISATION, Scope.SUBTREE])
    memberships = (Membership.objects.filter(wanted, user__is_active=True)
                   .exclude(user__email="").select_related("user").order_by("user_id"))
    return list({m.user_id: m.user for m in memberships}.values())


def may_open_improvement_items(user, organisation: Organisation) -> bool:
    """Who opens improvement items of `organisation`: its quality coordinators, and
    whoever manages its assessments."""
    return (can(user, "assessment.review_items", organisation=organisation)
            or can(user, "assessment.manage", organisation=organisation))


def units_to_track(user, organisation: Organisation) -> QuerySet[Unit] | None:
    """The units that may own an improvement item `user` opens for `organisation` from
    a citizen's follow-up (a petition's, a survey rating's); None when the user may not
    open one."""
    if not may_open_improvement_items(user, organisation):
        return None
    return organisation.units.all()


# ----- the audit trail -----------------------------------------------------------------

AUDIT_VIEW = "audit.view"


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page and API narrow the events to; empty values do not narrow."""

    object_type: str = ""  # an app label and model, e.g. "catalog.servicetype"
    object_id: str = ""
    actor: str = ""  # a username
    since: dt.date | None = None
    until: dt.date | None = None


def may_view_audit(user) -> bool:
    """For menus and the audit page: the user may read some organisation's audit trail."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    # From the grants cached for the request: the staff menu asks on every page.
    return user.is_superuser or bool(_scope_for_action(user, AUDIT_VIEW)[0])


def audit_events_for(user, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """Audit events of the organisations where the user may view the audit trail, newest
    first. Superusers also see events that belong to no organisation."""
    if not may_view_audit(user):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("actor").order_by("-occurred_at", "-id")
    if not user.is_superuser:
        visible = visible_scope(user).organisation_ids
        allowed = organisations_where(user, AUDIT_VIEW).filter(pk__in=visible)
        events = events.filter(organisation_id__in=allowed.values("pk"))
    filters = filters or AuditFilter()
    if filters.object_type:
        events = events.filter(object_type=filters.object_type.strip().lower())
    if filters.object_id:
        events = events.filter(object_id=filters.object_id.strip())
    if filters.actor:
        events = events.filter(actor__username=filters.actor.strip())
    if filters.since:
        events = events.filter(occurred_at__gte=local_bounds(filters.since, filters.since)[0])
    if filters.until:
        events = events.filter(occurred_at__lt=local_bounds(filters.until, filters.until)[1])
    return events
