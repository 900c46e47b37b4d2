"""Pages of co-design sessions. Public: upcoming and past sessions, a session's page with
registration (after verifying an address for it) and cancellation, its minutes and
decisions once held. Staff: the list, a new session, and a session's page with its
registrations, attendance, minutes, decisions and cancellation."""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minfu.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from minfu.core.forms import add_domain_error
from minfu.core.ids import as_id
from minfu.org.auth import staff_required
from minfu.participation import sessions_selectors as selectors
from minfu.participation import sessions_services as services
from minfu.participation.models.sessions import (
    RegistrationStatus,
    Session,
    SessionDecision,
)
from minfu.participation.selectors import links_of
from minfu.participation.sessions_activities import session_key
from minfu.participation.sessions_forms import (
    AttendanceForm,
    CancelForm,
    DecisionForm,
    MinutesForm,
    RegistrationForm,
    SessionForm,
)
from minfu.participation.sessions_rules import places_left
from minfu.participation.verification import verified_participant
from minfu.participation.views.links import link_page
from minfu.participation.views.public import crumbs
from minfu.participation.views.verify import verify_url


def _crumbs(*more):
    return crumbs((_("Co-design sessions"), reverse("participation:session-list")), *more)


def _with_links(session: Session) -> list[SessionDecision]:
    """The session's decisions, each with what it was linked to in the plan."""
    decisions = list(session.decisions.all())
    for decision in decisions:
        decision.result_links = links_of(decision)
    return decisions


# ----- public --------------------------------------------------------------------------

def session_list(request):
    return render(request, "participation/public/session_list.html", {
        "upcoming": selectors.public_sessions(upcoming=True),
        "past": selectors.public_sessions(upcoming=False)[:20],
        "breadcrumbs": crumbs((_("Co-design sessions"), None))})


def _public(pk) -> Session:
    try:
        return selectors.public_session(pk)
    except NotFound:
        raise Http404 from None


@never_cache
def session_detail(request, pk):
    session = _public(pk)
    participant = verified_participant(request, session_key(session))
    registration = selectors.registration_of(session, participant)
    here = reverse("participation:session-detail", args=[session.pk])
    return render(request, "participation/public/session_detail.html", {
        "session": session, "participant": participant, "registration": registration,
        "form": RegistrationForm(), "verify_url": verify_url(session_key(session), here),
        "places_left": places_left(capacity=session.capacity,
                                   confirmed=session.confirmed_count),
        "decisions": _with_links(session),
        "breadcrumbs": _crumbs((session.title, None))})


@require_POST
def session_register(request, pk):
    session = _public(pk)
    here = reverse("participation:session-detail", args=[session.pk])
    participant = verified_participant(request, session_key(session))
    if participant is None:
        return redirect(verify_url(session_key(session), here))
    form = RegistrationForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    try:
        registration = services.registration_create(
            session=session, participant=participant, name=name, language=get_language() or "")
    except Conflict as error:
        messages.error(request, error.message)
        return redirect(here)
    if registration.status == RegistrationStatus.WAITING:
        messages.info(request, _("The session is full: you are on the waiting list. We will "
                                 "tell you if a place becomes free."))
    else:
        messages.success(request, _("Your place is confirmed."))
    return redirect(here)


@require_POST
def session_unregister(request, pk):
    session = _public(pk)
    participant = verified_participant(request, session_key(session))
    if participant is not None and services.registration_cancel(
            session=session, participant=participant) is not None:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("participation:session-detail", pk=session.pk)


# ----- staff ---------------------------------------------------------------------------

@staff_required
def staff_list(request):
    return render(request, "participation/staff/session_list.html", {
        "sessions": selectors.sessions_for(request.user),
        "may_create": selectors.manageable_organisations(request.user).exists()})


@staff_required
def staff_new(request):
    organisations = selectors.manageable_organisations(request.user)
    chosen = as_id(request.POST.get("organisation") or request.GET.get("organisation"))
    organisation = organisations.filter(pk=chosen).first() or organisations.first()
    if organisation is None:
        raise PermissionDenied()
    form = SessionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.organisation = organisation
        try:
            services.session_save(actor=request.user, session=session)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Session scheduled."))
            return redirect("participation:staff-session-detail", pk=session.pk)
    return render(request, "participation/staff/session_form.html", {
        "form": form, "organisation": organisation, "organisations": organisations},
        status=400 if form.is_bound and form.errors else 200)


def _forms(session: Session, bound: dict | None = None) -> dict:
    initial = {"version": session.version}
    confirmed = session.registrations.filter(status=RegistrationStatus.CONFIRMED
                                             ).select_related("participant")
    forms = {
        "edit": SessionForm(instance=session, organisation=session.organisation,
                            initial=initial, prefix="edit"),
        "cancel": CancelForm(initial=initial, prefix="cancel"),
        "attendance": AttendanceForm(initial=initial | {"attended": [
            str(r.pk) for r in confirmed if r.attended]}, registrations=confirmed,
            prefix="attendance"),
        "minutes": MinutesForm(initial=initial | {"minutes": session.minutes}, prefix="minutes"),
        "decision": DecisionForm(prefix="decision"),
    }
    return forms | (bound or {})


def _detail_page(request, session, bound=None, status=200):
    return render(request, "participation/staff/session_detail.html", {
        "session": session, "forms": _forms(session, bound),
        "may_manage": selectors.may_manage(request.user, session),
        "registrations": session.registrations.select_related("participant").order_by(
            "status", "registered_at", "id"),
        "decisions": _with_links(session)}, status=status)


@staff_required
def staff_detail(request, pk):
    return _detail_page(request, selectors.session_get_for(request.user, pk))


def _edit(request, session):
    form = SessionForm(request.POST, instance=session, organisation=session.organisation,
                       prefix="edit")
    if form.is_valid():
        services.session_save(actor=request.user, session=form.save(commit=False),
                              expected_version=form.cleaned_data["version"])
        return _("Session saved.")
    return form


def _cancel(request, session):
    form = CancelForm(request.POST, prefix="cancel")
    if form.is_valid():
        services.session_cancel(actor=request.user, session=session,
                                reason=form.cleaned_data["reason"],
                                expected_version=form.cleaned_data["version"])
        return _("Session cancelled; everyone registered is told.")
    return form


def _attendance(request, session):
    form = AttendanceForm(request.POST, prefix="attendance",
                          registrations=session.registrations.filter(
                              status=RegistrationStatus.CONFIRMED).select_related("participant"))
    if form.is_valid():
        services.attendance_record(actor=request.user, session=session,
                                   attended=form.attended_ids(),
                                   expected_version=form.cleaned_data["version"])
        return _("Attendance recorded.")
    return form


def _minutes(request, session):
    form = MinutesForm(request.POST, prefix="minutes")
    if form.is_valid():
        services.minutes_save(actor=request.user, session=session,
                              minutes=form.cleaned_data["minutes"],
                              expected_version=form.cleaned_data["version"])
        return _("Minutes saved.")
    return form


def _decision(request, session):
    form = DecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        services.decision_add(actor=request.user, session=session, **form.cleaned_data)
        return _("Decision recorded.")
    return form


_ACTIONS = {"edit": _edit, "cancel": _cancel, "attendance": _attendance,
            "minutes": _minutes, "decision": _decision}


@staff_required
@require_POST
def staff_action(request, pk, action):
    """One of the session page's forms: a message and back to the page, or the page again
    with the form's errors (409 for a stale version)."""
    session = selectors.session_get_for(request.user, pk)
    handle = _ACTIONS.get(action)
    if handle is None:
        raise Http404
    try:
        outcome = handle(request, session)
    except PermissionDenied:
        raise
    except DomainError as error:
        messages.error(request, error.message)
        return _detail_page(request, selectors.session_get_for(request.user, pk),
                            status=409 if isinstance(error, Conflict) else 400)
    if isinstance(outcome, BaseForm):
        return _detail_page(request, session, bound={action: outcome}, status=400)
    messages.success(request, outcome)
    return redirect("participation:staff-session-detail", pk=session.pk)


@staff_required
def staff_decision_link(request, pk):
    """Link a session's decision to the improvement item or plan action carrying it out."""
    decision = selectors.decision_get_for(request.user, pk)
    if decision is None:
        raise Http404
    detail = reverse("participation:staff-session-detail", args=[decision.session_id])
    return link_page(request, decision, number=decision.session.title, text=decision.text,
                     done_url=detail, breadcrumbs=[(_("Co-design sessions"), reverse(
                         "participation:staff-session-list")), (decision.session.title, detail)])
