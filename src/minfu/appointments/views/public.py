"""The citizen's pages: the directory of service points, booking (or asking for a home
visit), and the appointment's own page, reached by its manage link or by the number and
access code (the one lookup), where it is moved or cancelled. No account needed; the
browser carries its proof in the citizen cookie (records.citizen_browser)."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minfu.appointments import limits, selectors, services
from minfu.appointments.forms import (
    PURPOSE_OF_COLLECTION,
    AskAgainForm,
    BookForm,
    CancelForm,
    HomeVisitForm,
    RescheduleForm,
)
from minfu.appointments.kind import APPOINTMENT
from minfu.appointments.models import AppointmentKind, AppointmentState
from minfu.appointments.workflow import MACHINE, Action
from minfu.citizens.session import citizen_of
from minfu.core.client_ip import client_ip
from minfu.core.errors import DomainError, NotFound, RateLimited
from minfu.core.forms import add_domain_error, form_submitted
from minfu.records import access
from minfu.records.citizen_browser import (
    form_token,
    prove,
    proven_pk,
    receipt_code_take,
    submission_key,
    submitted,
)
from minfu.records.timeline import timeline
from minfu.records.views import limited_status

DAYS_SHOWN = 7
IDEMPOTENCY_PREFIX = "web:"


def _directory_crumb():
    return (_("Service points"), reverse("appointments:public-directory"))


def directory(request):
    return render(request, "appointments/public/directory.html", {
        "points": selectors.public_service_points(),
        "breadcrumbs": [(_("Service points"), None)]})


def point_detail(request, pk: int):
    point = _point(pk)
    return render(request, "appointments/public/point.html", {
        "point": point, "hours": point.hours.all(),
        "offers": [(offer, selectors.offer_name(offer)) for offer in point.active_offers],
        "special_days": selectors.special_days_ahead(point, today=timezone.localdate()),
        "breadcrumbs": [_directory_crumb(), (point.name, None)]})


def _point(pk):
    try:
        return selectors.public_service_point(pk)
    except NotFound:
        raise Http404 from None


def _offer(point, offer_pk):
    try:
        return selectors.public_offer(point, offer_pk)
    except NotFound:
        raise Http404 from None


# ----- choosing a time --------------------------------------------------------------------

def _first_day(request) -> dt.date:
    today = timezone.localdate()
    try:
        chosen = dt.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        return today
    return min(max(chosen, today), today + dt.timedelta(days=366))


def _week(offer, first: dt.date) -> dict:
    """The free slots of the week from `first`, grouped by day, and the weeks around."""
    slots = selectors.free_slots(offer, first=first, last=first + dt.timedelta(days=DAYS_SHOWN - 1))
    by_day = [(day, list(rows)) for day, rows in
              groupby(slots, key=lambda slot: timezone.localtime(slot.starts_at).date())]
    today = timezone.localdate()
    return {"slots": slots, "days": by_day, "first": first,
            "previous": first - dt.timedelta(days=DAYS_SHOWN) if first > today else None,
            "next": first + dt.timedelta(days=DAYS_SHOWN)}


def _book_page(request, point, offer, form, week, *, status=200):
    return render(request, "appointments/public/book.html", {
        "point": point, "offer": offer, "service_name": selectors.offer_name(offer),
        "form": form, "week": week, "purpose": PURPOSE_OF_COLLECTION,
        "breadcrumbs": [_directory_crumb(),
                        (point.name, reverse("appointments:public-point", args=[point.pk])),
                        (_("Book an appointment"), None)]}, status=status)


@never_cache
def book(request, pk: int, offer_pk: int):
    point = _point(pk)
    offer = _offer(point, offer_pk)
    week = _week(offer, _first_day(request))
    if request.method != "POST":
        form = BookForm(slots=week["slots"], initial={
            "token": form_token(request),
            "language": "en" if request.LANGUAGE_CODE == "en" else "zh-hant"})
        return _book_page(request, point, offer, form, week)
    try:
        limits.booking_checks(client_ip(request), email=request.POST.get("email", ""),
                              phone=request.POST.get("phone", ""))
    except RateLimited as error:
        form = BookForm(request.POST, slots=week["slots"])
        form.add_error(None, error.message)
        return limited_status(_book_page(request, point, offer, form, week, status=429), error)
    form = BookForm(request.POST, slots=week["slots"])
    key = submission_key(request, request.POST.get("token", ""))
    if not form.is_valid() or key is None:
        if key is None:
            form.add_error(None, _("This form has expired. Check your choice and send it "
                                   "again."))
            form.data = form.data.copy()
            form.data["token"] = form_token(request)
        return _book_page(request, point, offer, form, week, status=400)
    try:
        booked = services.appointment_book(
            offer=offer, starts_at=form.starts_at(), contact=form.contact(),
            note=form.cleaned_data["note"], idempotency_key=IDEMPOTENCY_PREFIX + key,
            owner=citizen_of(request))
    except DomainError as error:
        add_domain_error(form, error)
        return _book_page(request, point, offer, form, _week(offer, week["first"]),
                          status=409 if error.code.startswith("slot_") else 400)
    return _done(request, booked)


def _done(request, booked: services.Booked):
    appointment = booked.appointment
    submitted(request, APPOINTMENT.code, appointment, booked.access_code)
    return redirect("appointments:public-detail", pk=appointment.pk)


@never_cache
def home_visit(request, pk: int, offer_pk: int):
    point = _point(pk)
    offer = _offer(point, offer_pk)
    if not offer.home_visits:
        raise Http404
    form = HomeVisitForm(request.POST or None, initial={
        "token": form_token(request),
        "language": "en" if request.LANGUAGE_CODE == "en" else "zh-hant"})
    status = 200
    if request.method == "POST":
        key = submission_key(request, request.POST.get("token", ""))
        if form.is_valid() and key is not None:
            try:
                return _done(request, services.home_visit_request(
                    offer=offer, preferred_date=form.cleaned_data["preferred_date"],
                    home_address=form.cleaned_data["home_address"], contact=form.contact(),
                    note=form.cleaned_data["note"], idempotency_key=IDEMPOTENCY_PREFIX + key,
                    owner=citizen_of(request)))
            except DomainError as error:
                add_domain_error(form, error)
        elif key is None:
            form.add_error(None, _("This form has expired. Check your request and send it "
                                   "again."))
        status = 400
    return render(request, "appointments/public/home_visit.html", {
        "point": point, "offer": offer, "service_name": selectors.offer_name(offer),
        "form": form, "purpose": PURPOSE_OF_COLLECTION,
        "breadcrumbs": [_directory_crumb(),
                        (point.name, reverse("appointments:public-point", args=[point.pk])),
                        (_("Ask for a home visit"), None)]}, status=status)


# ----- the appointment's own page ------------------------------------------------------------

@never_cache
def manage(request, token: str):
    """The link in every message: it proves the browser and opens the appointment's page
    (opening it changes nothing; mail scanners open links)."""
    try:
        appointment = selectors.appointment_by_token(token)
    except NotFound:
        raise Http404(_("This link is not valid.")) from None
    prove(request, APPOINTMENT.code, appointment)
    return redirect("appointments:public-detail", pk=appointment.pk)


def _proven(request, pk):
    if proven_pk(request, APPOINTMENT.code, pk=pk) is None:
        return None
    try:
        return selectors.appointment_public(pk)
    except NotFound:
        return None


def _proven_or_404(request, pk):
    """The appointment this browser proved, for a step it takes; 404 otherwise."""
    appointment = _proven(request, pk)
    if appointment is None:
        raise Http404
    return appointment


def _detail_page(request, appointment, *, reschedule=None, ask_again=None, week=None,
                 status=200):
    code = receipt_code_take(request, APPOINTMENT.code, appointment)  # shown once
    may_move = (appointment.kind == AppointmentKind.COUNTER
                and MACHINE.allows(appointment.state, Action.RESCHEDULE))
    if may_move and week is None:
        week = _week(appointment.offer, _first_day(request))
    return render(request, "appointments/public/detail.html", {
        "appointment": appointment, "point": appointment.offer.service_point,
        "service_name": selectors.offer_name(appointment.offer),
        "state_label": AppointmentState(appointment.state).label,
        "access_code": access.display_code(code) if code else "",
        "may_move": may_move, "week": week,
        "reschedule": reschedule or (RescheduleForm(slots=week["slots"], initial={
            "version": appointment.version}) if may_move else None),
        "ask_again": ask_again or (AskAgainForm(initial={
            "version": appointment.version, "preferred_date": appointment.preferred_date})
            if appointment.kind == AppointmentKind.HOME_VISIT
            and MACHINE.allows(appointment.state, Action.ASK_AGAIN) else None),
        "may_cancel": MACHINE.allows(appointment.state, Action.CANCEL),
        "cancel": CancelForm(initial={"version": appointment.version}),
        "timeline": timeline(appointment, public=True),
        "breadcrumbs": [(_("Your appointment"), None)]}, status=status)


@never_cache
def detail(request, pk: int):
    appointment = _proven(request, pk)
    if appointment is None:
        messages.info(request, _("Enter the appointment number and access code, or open "
                                 "the link in our message."))
        return redirect("records:public-lookup")
    return _detail_page(request, appointment)


@require_POST
def reschedule(request, pk: int):
    appointment = _proven_or_404(request, pk)
    week = _week(appointment.offer, _first_day(request))
    form = RescheduleForm(request.POST, slots=week["slots"])
    if form.is_valid():
        try:
            services.appointment_reschedule(appointment=appointment,
                                            starts_at=form.starts_at(),
                                            expected_version=form.cleaned_data["version"])
            messages.success(request, _("Your appointment has moved. We sent you a "
                                        "confirmation."))
            return redirect("appointments:public-detail", pk=pk)
        except DomainError as error:
            add_domain_error(form, error)
    return _detail_page(request, appointment, reschedule=form,
                        week=_week(appointment.offer, week["first"]), status=400)


@require_POST
def ask_again(request, pk: int):
    """A home visit asked for another day (it waits for approval again)."""
    appointment = _proven_or_404(request, pk)
    form = AskAgainForm(request.POST)
    if form_submitted(request, form, lambda: services.home_visit_ask_again(
            appointment=appointment, preferred_date=form.cleaned_data["preferred_date"],
            note=form.cleaned_data["note"], expected_version=form.cleaned_data["version"]),
            success=_("We have your new day. The service point will confirm a time with "
                      "you.")):
        return redirect("appointments:public-detail", pk=pk)
    return _detail_page(request, appointment, ask_again=form, status=400)


@require_POST
def cancel(request, pk: int):
    appointment = _proven_or_404(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.appointment_cancel(appointment=appointment,
                                        expected_version=form.cleaned_data["version"])
            messages.success(request, _("Your appointment is cancelled."))
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("appointments:public-detail", pk=pk)
