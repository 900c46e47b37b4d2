"""Writes for organisations, units and memberships.

Every function checks the rules of the tree and, when an `actor` is given, that the
actor may make the change (`permissions.can`). `actor=None` means the system itself
(the demo loader, data migrations, tests) and skips the permission check only."""

import re

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from minfu.core import audit
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.services import save_with_version
from minfu.org import actions
from minfu.org.models import DEFAULT_SCOPE, Locality, Membership, Organisation, Role, Scope, Unit
from minfu.org.permissions import can, refusal, require
from minfu.org.selectors import forget_cached_scope

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")

# Which kind of organisation may sit directly above each kind (None: at the top).
ALLOWED_PARENT_KINDS = {
    Organisation.Kind.MINISTRY: {None},
    Organisation.Kind.AGENCY: {None, Organisation.Kind.MINISTRY},
    Organisation.Kind.BRANCH: {Organisation.Kind.AGENCY},
}

_ORGANISATION_FIELDS = ("code", "kind", "parent_id", "name_zh", "name_en", "locality",
                        "is_active", "sort_order", "phone", "email", "website",
                        "address_zh", "address_en")
_STRUCTURE_FIELDS = ("code", "kind", "parent_id")
_UNIT_FIELDS = ("code", "name_zh", "name_en", "is_active", "sort_order", "phone", "email")


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def _snapshot(instance, fields) -> dict:
    return {name: getattr(instance, name) for name in fields}


def organisation_validate(*, organisation: Organisation, actor=None,
                          expected_version: int | None = None) -> Organisation | None:
    """Every check of `organisation_save` without the write (forms call it to show the
    errors next to the fields). Returns the stored row of an existing organisation."""
    organisation.code = normalise_code(organisation.code)
    stored = None
    if organisation.pk:
        stored = Organisation.objects.filter(pk=organisation.pk).first()
        if stored is None:
            raise ValidationFailed(_("This organisation no longer exists."), code="gone")
        if _snapshot(organisation, _STRUCTURE_FIELDS) != _snapshot(stored, _STRUCTURE_FIELDS):
            require(actor, "org.manage_structure")
        else:
            require(actor, "org.edit_organisation", organisation=stored)
        _check_version(stored, _version(organisation, expected_version))
    else:
        require(actor, "org.manage_structure")
    _validate_organisation(organisation, stored.path if stored else "")
    return stored


@transaction.atomic
def organisation_save(*, organisation: Organisation, actor=None,
                      expected_version: int | None = None) -> Organisation:
    """Create or update an organisation, keeping its path and its descendants' paths true.

    Agency administrators may edit names, contact details and sort order of the
    organisations they administer; creating organisations and changing code, kind or
    parent is for the installation administrator."""
    stored = organisation_validate(organisation=organisation, actor=actor,
                                   expected_version=expected_version)
    old_path = stored.path if stored else ""
    parent = organisation.parent
    organisation.path = f"{parent.path if parent else '/'}{organisation.code}/"
    save_with_version(organisation, expected_version=_version(organisation, expected_version))
    if old_path and old_path != organisation.path:
        _move_descendants(old_path, organisation)
    audit.record(actor=actor, action=actions.ORGANISATION_SAVED, obj=organisation,
                 before=_snapshot(stored, _ORGANISATION_FIELDS) if stored else None,
                 after=_snapshot(organisation, _ORGANISATION_FIELDS) | {"path": organisation.path},
                 organisation=organisation.pk)
    return organisation


def _version(instance, expected_version: int | None) -> int:
    """The version the caller read: given by a form, or the one the instance was loaded at."""
    return instance.version if expected_version is None else expected_version


def _check_version(stored, expected_version: int) -> None:
    if stored.version != expected_version:
        raise Conflict(details={"expected_version": expected_version,
                                "current_version": stored.version})


def _validate_organisation(organisation: Organisation, old_path: str) -> None:
    errors = {}
    if not CODE_PATTERN.match(organisation.code):
        errors["code"] = _("Use 1 to 20 capital letters, digits or hyphens, e.g. NTBT-DA.")
    elif Organisation.objects.filter(code__iexact=organisation.code) \
            .exclude(pk=organisation.pk).exists():
        errors["code"] = _("Another organisation already uses this code.")
    if not (organisation.name_zh or "").strip():
        errors["name_zh"] = _("Enter the Chinese name.")
    if organisation.kind not in Organisation.Kind.values:
        errors["kind"] = _("Choose a kind of organisation.")
    if organisation.locality not in Locality.values:
        errors["locality"] = _("Choose the city or county.")
    parent = organisation.parent
    if parent is not None and old_path and parent.path.startswith(old_path):
        errors["parent"] = _("An organisation cannot be placed under itself or its own "
                             "branches.")
    elif organisation.kind in ALLOWED_PARENT_KINDS and \
            (parent.kind if parent else None) not in ALLOWED_PARENT_KINDS[organisation.kind]:
        errors["parent"] = {
            Organisation.Kind.MINISTRY: _("A ministry is at the top: it has no parent."),
            Organisation.Kind.AGENCY: _("An agency sits at the top or under a ministry."),
            Organisation.Kind.BRANCH: _("A branch office must sit under an agency."),
        }[organisation.kind]
    if not errors and old_path and not organisation.is_active and \
            Organisation.objects.filter(parent=organisation, is_active=True).exists():
        errors["is_active"] = _("Deactivate the organisations under it first.")
    if errors:
        raise ValidationFailed(_("Please correct the organisation's details."),
                               code="invalid", details=errors)


def _move_descendants(old_path: str, organisation: Organisation) -> None:
    """Rewrite descendants' paths; bump their versions so a form opened before the move
    cannot write the old path back."""
    descendants = Organisation.objects.filter(path__startswith=old_path) \
        .exclude(pk=organisation.pk).values_list("pk", "path", "version")
    for pk, path, version in list(descendants):
        Organisation.objects.filter(pk=pk).update(
            path=organisation.path + path[len(old_path):], version=version + 1)


def unit_validate(*, unit: Unit, actor=None, expected_version: int | None = None) -> Unit | None:
    """Every check of `unit_save` without the write. Returns the stored row, if any."""
    unit.code = normalise_code(unit.code)
    stored = None
    if unit.pk:
        stored = Unit.objects.filter(pk=unit.pk).first()
        if stored is None:
            raise ValidationFailed(_("This unit no longer exists."), code="gone")
        if stored.organisation_id != unit.organisation_id:
            raise ValidationFailed(_("A unit cannot move to another organisation."),
                                   code="invalid", details={"organisation": _(
                                       "Create a unit in the other organisation instead.")})
    require(actor, "org.manage_units", organisation=unit.organisation)
    if stored:
        _check_version(stored, _version(unit, expected_version))
    _validate_unit(unit, is_new=stored is None)
    return stored


@transaction.atomic
def unit_save(*, unit: Unit, actor=None, expected_version: int | None = None) -> Unit:
    """Create or update a unit. A unit stays in its organisation: memberships and records
    hang on it; to reorganise, create a new unit and deactivate the old one."""
    stored = unit_validate(unit=unit, actor=actor, expected_version=expected_version)
    save_with_version(unit, expected_version=_version(unit, expected_version))
    audit.record(actor=actor, action=actions.UNIT_SAVED, obj=unit,
                 before=_snapshot(stored, _UNIT_FIELDS) if stored else None,
                 after=_snapshot(unit, _UNIT_FIELDS) | {"organisation": unit.organisation.code})
    return unit


def _validate_unit(unit: Unit, *, is_new: bool) -> None:
    errors = {}
    if not CODE_PATTERN.match(unit.code):
        errors["code"] = _("Use 1 to 20 capital letters, digits or hyphens, e.g. BUS1.")
    elif Unit.objects.filter(organisation_id=unit.organisation_id, code__iexact=unit.code) \
            .exclude(pk=unit.pk).exists():
        errors["code"] = _("Another unit of this organisation already uses this code.")
    if not (unit.name_zh or "").strip():
        errors["name_zh"] = _("Enter the Chinese name.")
    if is_new and not unit.organisation.is_active:
        errors["organisation"] = _("The organisation is no longer active.")
    if errors:
        raise ValidationFailed(_("Please correct the unit's details."), code="invalid",
                               details=errors)


def membership_validate(*, user, unit: Unit, role: str, scope: str | None = None,
                        actor=None) -> str:
    """Every check of `membership_grant` without the write; returns the scope to grant."""
    scope = scope or DEFAULT_SCOPE.get(role)
    _validate_membership(user=user, unit=unit, role=role, scope=scope)
    require(actor, "org.manage_memberships", unit=unit)
    if scope != Scope.UNIT:
        require(actor, "org.manage_memberships", organisation=unit.organisation)
    return scope


@transaction.atomic
def membership_grant(*, user, unit: Unit, role: str, scope: str | None = None,
                     title: str = "", actor=None) -> Membership:
    """Give `user` `role` in `unit` (or change the scope and title of that membership).

    The scope defaults to the role's usual one. A scope wider than the unit may only be
    granted by someone who administers the whole organisation, so nobody hands out more
    than they hold."""
    scope = membership_validate(user=user, unit=unit, role=role, scope=scope, actor=actor)
    existing = Membership.objects.select_for_update() \
        .filter(user=user, unit=unit, role=role).first()
    before = _membership_snapshot(existing) if existing else None
    membership = existing or Membership(user=user, unit=unit, role=role)
    membership.scope = scope
    membership.title = (title or "").strip()
    membership.save()
    forget_cached_scope(user)
    audit.record(actor=actor, action=actions.MEMBERSHIP_GRANTED, obj=membership, before=before,
                 after=_membership_snapshot(membership),
                 organisation=membership.unit.organisation_id)
    return membership


def _validate_membership(*, user, unit: Unit, role: str, scope: str | None) -> None:
    errors = {}
    if role not in Role.values:
        errors["role"] = _("Choose a role.")
    elif role == Role.MINISTRY_EVALUATOR and \
            unit.organisation.kind != Organisation.Kind.MINISTRY:
        errors["role"] = _("Ministry evaluators belong to a unit of a ministry.")
    if scope not in Scope.values:
        errors["scope"] = _("Choose a scope.")
    if user is None or not user.is_active:
        errors["user"] = _("This account is not active.")
    if not unit.is_active:
        errors["unit"] = _("The unit is no longer active.")
    if errors:
        raise ValidationFailed(_("Please correct the membership."), code="invalid",
                               details=errors)


def _membership_snapshot(membership: Membership) -> dict:
    return {"user": membership.user.get_username(), "unit": membership.unit_id,
            "organisation": membership.unit.organisation.code, "role": membership.role,
            "scope": membership.scope, "title": membership.title}


@transaction.atomic
def membership_revoke(*, membership: Membership, actor=None) -> None:
    """End a membership. Administrators cannot revoke their own administrator
    membership, so an agency is never left without one by accident."""
    require(actor, "org.manage_memberships", unit=membership.unit)
    if actor is not None and membership.user_id == actor.pk and \
            membership.role == Role.AGENCY_ADMIN and not actor.is_superuser:
        raise PermissionDenied(
            _("You cannot revoke your own administrator membership; ask another "
              "administrator."), code="own_admin_membership")
    before = _membership_snapshot(membership)
    audit.record(actor=actor, action=actions.MEMBERSHIP_REVOKED, obj=membership, before=before,
                 organisation=membership.unit.organisation_id)
    membership.delete()
    forget_cached_scope(membership.user)



# -- staff second factor (TOTP) ---------------------------------------------------------

_TOTP_DEVICE_NAME = "authenticator"


@transaction.atomic
def totp_device_start(*, user) -> TOTPDevice:
    """The unconfirmed authenticator the user is setting up (the same one until it is
    confirmed, so reloading the page does not change the secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_TOTP_DEVICE_NAME, confirmed=False)
        audit.record(actor=user, action=actions.TOTP_DEVICE_STARTED, obj=device,
                     after={"user": user.get_username()})
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a new authenticator with a code it shows; refuse a wrong code."""
    if device.confirmed:
        raise Conflict(_("This authenticator is already set up."), code="already_confirmed")
    if not device.verify_token(token):
        raise ValidationFailed(_("The code is not correct. Check the time on your phone "
                                 "and enter the newest code."), code="wrong_code",
                               details={"token": _("The code is not correct.")})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit.record(actor=device.user, action=actions.TOTP_DEVICE_CONFIRMED, obj=device,
                 after={"user": device.user.get_username()})
    return device


@transaction.atomic
def totp_devices_reset(*, user, actor) -> int:
    """Remove a staff member's authenticators (a lost phone); they set up a new one at
    their next sign-in. Allowed to whoever manages memberships for one of the user's
    units, and to the installation administrator."""
    if not actor.is_superuser:
        units = [m.unit for m in Membership.objects.filter(user=user).select_related("unit")]
        if not any(can(actor, "org.manage_memberships", unit=unit) for unit in units):
            raise refusal("org.manage_memberships")
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied(code="forbidden")
    removed, _counts = TOTPDevice.objects.filter(user=user).delete()
    audit.record(actor=actor, action=actions.TOTP_DEVICE_RESET, obj=user,
                 after={"user": user.get_username(), "removed": removed})
    return removed
