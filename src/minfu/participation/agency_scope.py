"""Who may see and act on a proposal or a co-design session. Both belong to an agency and
only optionally to a unit: where one names a unit, that unit's grants count (and the
agency's as a whole); where none is named, holding the action in any unit of the agency
is enough, as for counter intake (org.permissions.require's `within`)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from minfu.org.permissions import can, require
from minfu.org.selectors import agency_ids_where, in_reach, units_where


def require_on(actor, action: str, record) -> None:
    if record.unit_id is not None:
        require(actor, action, organisation=record.organisation, unit=record.unit)
    else:
        require(actor, action, within=record.organisation)


def may(user, action: str, record) -> bool:
    if record.unit_id is not None:
        return can(user, action, organisation=record.organisation, unit=record.unit)
    return can(user, action, organisation=record.organisation) or units_where(
        user, action).filter(organisation=record.organisation_id).exists()


def in_agency_reach(queryset: QuerySet, user, action: str) -> QuerySet:
    """The rows of `queryset` (with `organisation` and `unit`) the user may `action`."""
    scoped = in_reach(queryset, user, action)
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_superuser:
        return scoped
    return queryset.filter(Q(pk__in=scoped.values("pk")) | Q(
        unit__isnull=True, organisation_id__in=agency_ids_where(user, action)))
