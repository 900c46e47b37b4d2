"""Writes for organisations, units and memberships."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import ValidationFailed

from minfu.core import audit
from minfu.org.models import DEFAULT_SCOPE, Membership, Organisation, Unit


@transaction.atomic
def organisation_save(*, organisation: Organisation, actor=None) -> Organisation:
    """Create or update an organisation, keeping its path and its descendants' paths true."""
    old_path = organisation.path
    parent = organisation.parent
    if old_path and parent and parent.path.startswith(old_path):
        raise ValidationFailed(_("An organisation cannot be placed under itself."), code="org_cycle")
    organisation.path = f"{parent.path if parent else '/'}{organisation.code}/"
    organisation.save()
    if old_path and old_path != organisation.path:
        for child in Organisation.objects.filter(path__startswith=old_path).exclude(pk=organisation.pk):
            child.path = organisation.path + child.path[len(old_path):]
            child.save(update_fields=["path"])
    audit.record(actor=actor, action="organisation.saved", obj=organisation,
                 after={"code": organisation.code, "path": organisation.path})
    return organisation


@transaction.atomic
def unit_save(*, unit: Unit, actor=None) -> Unit:
    unit.save()
    audit.record(actor=actor, action="unit.saved", obj=unit,
                 after={"code": unit.code, "organisation": unit.organisation.code})
    return unit


@transaction.atomic
def membership_grant(*, user, unit: Unit, role: str, scope: str | None = None,
                     actor=None) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, unit=unit, role=role, defaults={"scope": scope or DEFAULT_SCOPE[role]}
    )
    audit.record(actor=actor, action="membership.granted", obj=membership,
                 after={"user": user.username, "unit": unit.pk, "role": role,
                        "scope": membership.scope})
    return membership
