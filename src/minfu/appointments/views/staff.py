"""Staff pages: the day's appointments of a service point (the counter's list), home
visits waiting for approval, and one appointment with its steps (records.steps). Calling
a citizen to the counter opens the counter intake of the service with their name and
contact filled in (cases.counter_prefill)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from minfu.appointments import selectors
from minfu.appointments.steps import STEPS
from minfu.cases.counter_prefill import prefill_keep
from minfu.catalog.selectors import version_in_force
from minfu.org.auth import staff_required
from minfu.records.step_views import offered_steps, step_forms, step_post
from minfu.records.timeline import timeline


def _crumbs(*more):
    return [(_("Appointments"), reverse("appointments:staff-index")), *more]


def _day(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@staff_required
def index(request):
    points = list(selectors.service_points_for(request.user))
    chosen = next((p for p in points if str(p.pk) == request.GET.get("point")),
                  points[0] if points else None)
    day = _day(request)
    return render(request, "appointments/staff/index.html", {
        "points": points, "point": chosen, "day": day,
        "previous_day": day - dt.timedelta(days=1), "next_day": day + dt.timedelta(days=1),
        "appointments": selectors.day_list(request.user, point=chosen, day=day)
        if chosen else [],
        "home_visits": selectors.home_visits_waiting(request.user),
        "may_keep_points": selectors.units_for_points(request.user).exists(),
        "breadcrumbs": [(_("Appointments"), None)]})


def _render_detail(request, appointment, *, bound: dict | None = None, status: int = 200):
    forms = step_forms(STEPS, appointment, request.user, bound)
    return render(request, "appointments/staff/detail.html", {
        "appointment": appointment, "point": appointment.offer.service_point,
        "service_name": selectors.offer_name(appointment.offer),
        "timeline": timeline(appointment, public=False),
        "action_forms": forms, "offered_steps": offered_steps(STEPS, appointment, forms),
        "action_url": "appointments:staff-action",
        "breadcrumbs": _crumbs((appointment.number, None))}, status=status)


@staff_required
def detail(request, pk: int):
    return _render_detail(request, selectors.appointment_get_for(request.user, pk))


@staff_required
@require_POST
def action(request, pk: int, action: str):
    appointment = selectors.appointment_get_for(request.user, pk)
    response = step_post(request, STEPS, appointment, action, render_detail=_render_detail,
                         done_url=reverse("appointments:staff-detail", args=[pk]))
    if action == "serve" and response.status_code == 302:
        return _to_intake(request, appointment)
    return response


def _to_intake(request, appointment):
    """The counter intake of the appointment's service, with the citizen's data."""
    version = version_in_force(appointment.offer.service_type, on=timezone.localdate())
    prefill_keep(request.session, applicant_name=appointment.name,
                 contact_email=appointment.email, contact_phone=appointment.phone,
                 language=appointment.language)
    query = f"?service={version.pk}" if version is not None else ""
    return redirect(reverse("cases:staff-intake") + query)
