"""Staff pages of the organisation directory: the tree of visible organisations and units,
and, for agency administrators, units and memberships within their scope.

A record outside the user's scope is 404 (we do not confirm it exists); one inside the
scope that the user's role may not change is 403."""


from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minfu.core.forms import form_submitted
from minfu.org import selectors, services
from minfu.org.auth import staff_required
from minfu.org.forms import (
    MembershipGrantForm,
    MembershipRevokeForm,
    OrganisationForm,
    UnitForm,
)
from minfu.org.models import Unit
from minfu.org.permissions import can, require


def _posted(request):
    """The form data of a POST (even an empty one), None otherwise."""
    return request.POST if request.method == "POST" else None


@staff_required
def directory(request):
    user = request.user
    show_members = can(user, "org.view_members")
    roots = selectors.organisation_tree_for(user, with_members=show_members)
    return render(request, "org/staff/directory.html", {
        "nodes": selectors.flatten_tree(roots),
        "show_members": show_members,
    })


@staff_required
def organisation_detail(request, pk):
    user = request.user
    organisation = selectors.organisation_get_for(user, pk)
    show_members = can(user, "org.view_members", organisation=organisation)
    units = selectors.units_for(user, organisation=organisation)
    memberships = (selectors.memberships_for(user, organisation=organisation)
                   if show_members else [])
    return render(request, "org/staff/organisation.html", {
        "organisation": organisation,
        "units": units,
        "memberships": memberships,
        "show_members": show_members,
        "children": selectors.children_for(user, organisation),
        "may_edit": can(user, "org.edit_organisation", organisation=organisation),
        "may_manage_units": can(user, "org.manage_units", organisation=organisation),
        "may_manage_memberships": can(user, "org.manage_memberships",
                                      organisation=organisation),
    })


@staff_required
def organisation_edit(request, pk):
    organisation = selectors.organisation_get_for(request.user, pk)
    require(request.user, "org.edit_organisation", organisation=organisation)
    form = OrganisationForm(_posted(request), instance=organisation)
    if form_submitted(request, form, lambda: services.organisation_save(
            organisation=form.instance, actor=request.user,
            expected_version=form.cleaned_data["version"]),
            _("The organisation's details are saved.")):
        return redirect("org:staff-organisation", pk=organisation.pk)
    return render(request, "org/staff/organisation_form.html",
                  {"form": form, "organisation": organisation})


@staff_required
def unit_create(request, organisation_pk):
    organisation = selectors.organisation_get_for(request.user, organisation_pk)
    require(request.user, "org.manage_units", organisation=organisation)
    form = UnitForm(_posted(request), instance=Unit(organisation=organisation))
    return _unit_form(request, form, organisation, _("The unit is added."))


@staff_required
def unit_edit(request, pk):
    unit = selectors.unit_get_for(request.user, pk)
    require(request.user, "org.manage_units", organisation=unit.organisation)
    form = UnitForm(_posted(request), instance=unit)
    return _unit_form(request, form, unit.organisation, _("The unit is saved."))


def _unit_form(request, form, organisation, success_message):
    if form_submitted(request, form, lambda: services.unit_save(
            unit=form.instance, actor=request.user,
            expected_version=form.cleaned_data["version"]), success_message):
        return redirect("org:staff-organisation", pk=organisation.pk)
    return render(request, "org/staff/unit_form.html",
                  {"form": form, "organisation": organisation})


@staff_required
def membership_grant(request, organisation_pk):
    organisation = selectors.organisation_get_for(request.user, organisation_pk)
    require(request.user, "org.manage_memberships", organisation=organisation)
    units = selectors.grantable_units(request.user, organisation)
    form = MembershipGrantForm(_posted(request), units=units)

    def grant():
        data = form.cleaned_data
        return services.membership_grant(user=data["username"], unit=data["unit"],
                                         role=data["role"], scope=data["scope"] or None,
                                         title=data["title"], actor=request.user)

    if form_submitted(request, form, grant, _("The role is granted.")):
        return redirect("org:staff-organisation", pk=organisation.pk)
    return render(request, "org/staff/membership_grant.html",
                  {"form": form, "organisation": organisation})


@staff_required
def membership_revoke(request, pk):
    membership = selectors.membership_get_for(request.user, pk)
    require(request.user, "org.manage_memberships", unit=membership.unit)
    form = MembershipRevokeForm(_posted(request))
    organisation_pk = membership.unit.organisation_id
    if form_submitted(request, form, lambda: services.membership_revoke(
            membership=membership, actor=request.user), _("The role is revoked.")):
        return redirect("org:staff-organisation", pk=organisation_pk)
    return render(request, "org/staff/membership_revoke.html",
                  {"form": form, "membership": membership})


@staff_required
def authenticator_reset(request, membership_pk):
    """Remove a member's authenticator (lost phone): they set up a new one next time."""
    membership = selectors.membership_get_for(request.user, membership_pk)
    require(request.user, "org.manage_memberships", unit=membership.unit)
    form = MembershipRevokeForm(_posted(request))
    if form_submitted(request, form, lambda: services.totp_devices_reset(
            user=membership.user, actor=request.user),
            _("Two-step verification is reset for this account.")):
        return redirect("org:staff-organisation", pk=membership.unit.organisation_id)
    return render(request, "org/staff/authenticator_reset.html",
                  {"form": form, "membership": membership})
