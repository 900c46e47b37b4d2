"""Which organisations and units a staff user may see. Every staff read in every app is
limited through `visible_scope` (or the helpers below); nothing reads around it."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from minfu.org.models import Membership, Organisation, Role, Scope, Unit


@dataclass(frozen=True)
class VisibleScope:
    organisation_ids: frozenset[int]
    unit_ids: frozenset[int]
    roles: frozenset[str]

    def sees_organisation(self, organisation_id: int) -> bool:
        return organisation_id in self.organisation_ids

    def sees_unit(self, unit_id: int) -> bool:
        return unit_id in self.unit_ids

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


EMPTY_SCOPE = VisibleScope(frozenset(), frozenset(), frozenset())


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
        scope = VisibleScope(
            frozenset(Organisation.objects.values_list("id", flat=True)),
            frozenset(Unit.objects.values_list("id", flat=True)),
            frozenset(Role.values),
        )
    else:
        scope = _scope_of_memberships(
            Membership.objects.filter(user=user, unit__is_active=True)
            .select_related("unit__organisation")
        )
    user._minfu_scope = scope
    return scope


def _scope_of_memberships(memberships) -> VisibleScope:
    memberships = list(memberships)
    unit_ids = {m.unit_id for m in memberships if m.scope == Scope.UNIT}
    whole = Q(pk__in=[])  # organisations all of whose units are visible
    for membership in memberships:
        organisation = membership.unit.organisation
        if membership.scope == Scope.ORGANISATION:
            whole |= Q(pk=organisation.pk)
        elif membership.scope == Scope.SUBTREE:
            whole |= Q(path__startswith=organisation.path)
    whole_ids = set(Organisation.objects.filter(whole).values_list("id", flat=True))
    unit_ids |= set(Unit.objects.filter(organisation_id__in=whole_ids).values_list("id", flat=True))
    organisation_ids = whole_ids | {m.unit.organisation_id for m in memberships}
    return VisibleScope(
        frozenset(organisation_ids), frozenset(unit_ids), frozenset(m.role for m in memberships)
    )


def organisations_for(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=visible_scope(user).organisation_ids)


def units_for(user) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=visible_scope(user).unit_ids).select_related("organisation")
