"""Staff pages where an agency's administrators and coordinators keep their service
points (appointments.manage_points): the list, a point's page (its hours, special days
and services), its details, its weekly hours as rows of one form, special days added
and removed, and the services offered. Every form carries the point's version; a stale
one is refused on the form. A change that takes the time of booked appointments says
how many were displaced (their citizens are told, services.py)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from minfu.appointments import selectors, services
from minfu.appointments.forms import (
    HoursFormSet,
    PointVersionForm,
    ServiceOfferForm,
    ServicePointForm,
    SpecialDayForm,
)
from minfu.appointments.views.staff import _crumbs
from minfu.core.errors import PermissionDenied
from minfu.core.forms import form_submitted
from minfu.org.auth import staff_required


def _points_crumbs(*more):
    return _crumbs((_("Service points"), reverse("appointments:staff-points")), *more)


def _point_url(point) -> str:
    return reverse("appointments:staff-point", args=[point.pk])


def _point_crumbs(point, *more):
    return _points_crumbs((point.name, _point_url(point) if more else None), *more)


def _back_to_point(request, point, changed: services.PointChanged):
    """After a change of hours or days: how many bookings it displaced, then the point."""
    if changed.displaced:
        messages.warning(request, ngettext(
            "%(count)d booked appointment no longer fits the hours: its citizen was told "
            "to choose a new time.",
            "%(count)d booked appointments no longer fit the hours: their citizens were "
            "told to choose a new time.", changed.displaced) % {"count": changed.displaced})
    return redirect("appointments:staff-point", point.pk)


@staff_required
def point_list(request):
    return render(request, "appointments/staff/points.html", {
        "points": selectors.service_points_managed(request.user),
        "may_create": selectors.units_for_points(request.user).exists(),
        "breadcrumbs": _points_crumbs()})


@staff_required
def point_detail(request, pk: int):
    point = selectors.service_point_managed_get(request.user, pk)
    return render(request, "appointments/staff/point.html", {
        "point": point, "hours": selectors.point_hours(point),
        "special_days": selectors.point_special_days(point, today=timezone.localdate()),
        "offers": [(offer, selectors.offer_name(offer))
                   for offer in selectors.point_offers(point)],
        "breadcrumbs": _point_crumbs(point)})


@staff_required
@require_http_methods(["GET", "POST"])
def point_edit(request, pk: int | None = None):
    point = selectors.service_point_managed_get(request.user, pk) if pk else None
    units = selectors.units_for_points(request.user)
    if point is None and not units.exists():
        raise PermissionDenied(details={"action": selectors.MANAGE_POINTS})
    data = request.POST if request.method == "POST" else None
    form = ServicePointForm(data, instance=point, units=units)
    saved = form_submitted(request, form, lambda: services.service_point_save(
        point=form.point(), actor=request.user, expected_version=form.cleaned_data["version"]),
        success=_("The service point is saved."))
    if saved:
        return redirect("appointments:staff-point", saved.pk)
    title = _("Change the details") if point else _("New service point")
    crumbs = _point_crumbs(point, (title, None)) if point else _points_crumbs((title, None))
    return render(request, "appointments/staff/point_form.html", {
        "form": form, "point": point, "title": title, "breadcrumbs": crumbs},
        status=400 if data else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def point_hours(request, pk: int):
    point = selectors.service_point_managed_get(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = PointVersionForm(data, initial={"version": point.version})
    rows = HoursFormSet(data, prefix="hours", initial=[
        {"weekday": hours.weekday, "opens": hours.opens, "closes": hours.closes,
         "on_days_off": hours.on_days_off, "extended": hours.extended}
        for hours in selectors.point_hours(point)])
    changed = rows.is_valid() and form_submitted(request, form, lambda: (
        services.opening_hours_replace(point=point, rows=rows.rows(), actor=request.user,
                                       expected_version=form.cleaned_data["version"])),
        success=_("The opening hours are saved."))
    if changed:
        return _back_to_point(request, point, changed)
    return render(request, "appointments/staff/point_hours.html", {
        "form": form, "rows": rows, "point": point,
        "breadcrumbs": _point_crumbs(point, (_("Opening hours"), None))},
        status=400 if data else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def special_day_add(request, pk: int):
    point = selectors.service_point_managed_get(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = SpecialDayForm(data, initial={"version": point.version})
    changed = form_submitted(request, form, lambda: services.special_day_add(
        point=point, actor=request.user, expected_version=form.cleaned_data["version"],
        **{name: form.cleaned_data[name] for name in ("date", "closed", "opens", "closes",
                                                     "note_zh", "note_en")}),
        success=_("The special day is added."))
    if changed:
        return _back_to_point(request, point, changed)
    return render(request, "appointments/staff/special_day_form.html", {
        "form": form, "point": point,
        "breadcrumbs": _point_crumbs(point, (_("Add a special day"), None))},
        status=400 if data else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def special_day_remove(request, pk: int, day_pk: int):
    point = selectors.service_point_managed_get(request.user, pk)
    special_day = selectors.point_special_day_get(point, day_pk)
    data = request.POST if request.method == "POST" else None
    form = PointVersionForm(data, initial={"version": point.version})
    changed = form_submitted(request, form, lambda: services.special_day_remove(
        point=point, special_day=special_day, actor=request.user,
        expected_version=form.cleaned_data["version"]),
        success=_("The special day is removed."))
    if changed:
        return _back_to_point(request, point, changed)
    return render(request, "appointments/staff/special_day_remove.html", {
        "form": form, "point": point, "special_day": special_day,
        "breadcrumbs": _point_crumbs(point, (_("Remove a special day"), None))},
        status=400 if data else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, pk: int, offer_pk: int | None = None):
    point = selectors.service_point_managed_get(request.user, pk)
    offer = selectors.point_offer_get(point, offer_pk) if offer_pk else None
    data = request.POST if request.method == "POST" else None
    initial = {"version": point.version}
    if offer is not None:
        initial |= {"capacity": offer.capacity, "home_visits": offer.home_visits,
                    "active": offer.active}
    form = ServiceOfferForm(data, initial=initial, service_types=None if offer else
                            selectors.offerable_service_types(point))
    saved = form_submitted(request, form, lambda: services.service_offer_save(
        point=point, offer=offer, actor=request.user,
        expected_version=form.cleaned_data["version"],
        **{name: value for name, value in form.cleaned_data.items() if name != "version"}),
        success=_("The service offered is saved."))
    if saved:
        return redirect("appointments:staff-point", point.pk)
    title = selectors.offer_name(offer) if offer else _("Offer a service")
    return render(request, "appointments/staff/offer_form.html", {
        "form": form, "point": point, "offer": offer, "title": title,
        "breadcrumbs": _point_crumbs(point, (title, None))}, status=400 if data else 200)
