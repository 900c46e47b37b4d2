"""Every write to co-design sessions: staff schedule them, record attendance, minutes and
decisions; verified participants register and cancel. Registration takes the session's
row lock, so two people never get the last place; a place given back goes to the head of
the waiting list, who is told. Each registrant is reminded once, on the working day
before (sessions_jobs); after the session those who came get the feedback survey
(minfu.surveys invitations)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core import audit
from minfu.core.errors import Conflict, ValidationFailed
from minfu.core.services import save_with_version
from minfu.notify.services import notification_queue
from minfu.participation import sessions_rules as rules
from minfu.participation.agency_scope import require_on
from minfu.participation.models.sessions import (
    Registration,
    RegistrationStatus,
    Session,
    SessionDecision,
    SessionState,
)
from minfu.participation.participant_notices import participant_notify, reader_language
from minfu.surveys.services import INVITATION_EVENT, invitation_context, invitation_create

VIEW = "participation.session_view"
MANAGE = "participation.session_manage"

SESSION_SAVED = "participation_session.saved"
SESSION_CANCELLED = "participation_session.cancelled"
SESSION_HELD = "participation_session.held"
SESSION_DECISION_ADDED = "participation_session.decision.added"
REGISTRATION_CREATED = "session_registration.created"
REGISTRATION_CANCELLED = "session_registration.cancelled"
REGISTRATION_PROMOTED = "session_registration.promoted"
audit.register_actions(SESSION_SAVED, SESSION_CANCELLED, SESSION_HELD, SESSION_DECISION_ADDED,
                       REGISTRATION_CREATED, REGISTRATION_CANCELLED, REGISTRATION_PROMOTED)


def _require(actor, session: Session) -> None:
    require_on(actor, MANAGE, session)


def _locked(session: Session, expected_version: int | None = None) -> Session:
    stored = Session.objects.select_for_update(of=("self",)).select_related(
        "organisation").get(pk=session.pk)
    if expected_version is not None and stored.version != expected_version:
        raise Conflict(details={"expected_version": expected_version,
                                "current_version": stored.version})
    return stored


def _notify(registration: Registration, event: str, context: dict | None = None) -> None:
    session = registration.session
    participant_notify(
        participant=registration.participant, organisation=session.organisation, event=event,
        context={"session_title": session.title_zh if not registration.language.startswith("en")
                 else session.title_en or session.title_zh,
                 "starts_at": timezone.localtime(session.starts_at),
                 "place": session.place, "online_url": session.online_url, **(context or {})},
        dedupe_key=f"{event}:{registration.pk}:{registration.status}:"
                   f"{registration.promoted_at or registration.registered_at:%Y%m%d%H%M%S}",
        language=registration.language, related=session,
        path=reverse("participation:session-detail", kwargs={"pk": session.pk}))


def counts(session: Session) -> dict[str, int]:
    """Confirmed and waiting registrations of a session."""
    return session.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)))


def _session_errors(session: Session) -> dict[str, list[str]]:
    errors = {}
    if not session.title_zh.strip():
        errors["title_zh"] = [str(_("Give the session a title."))]
    if session.ends_at and session.starts_at and session.ends_at < session.starts_at:
        errors["ends_at"] = [str(_("The session cannot end before it starts."))]
    if not session.place.strip() and not session.online_url.strip():
        errors["place"] = [str(_("Give a place or an online link."))]
    if not session.capacity or session.capacity < 1:
        errors["capacity"] = [str(_("A session has at least one place."))]
    return errors


# ----- staff ---------------------------------------------------------------------------

def session_save(*, actor, session: Session, expected_version: int | None = None) -> Session:
    """Schedule a session or change it; more places go to the waiting list's head."""
    _require(actor, session)
    errors = _session_errors(session)
    if errors:
        raise ValidationFailed(details=errors)
    adding = session._state.adding
    with transaction.atomic():
        if not adding:
            _locked(session, expected_version)
        save_with_version(session, expected_version=None if adding else expected_version)
        audit.record(actor=actor, action=SESSION_SAVED, obj=session,
                     after={"title": session.title_zh, "capacity": session.capacity,
                            "starts_at": session.starts_at.isoformat()})
        if not adding:
            _promote(session)
    return session


def session_cancel(*, actor, session: Session, reason: str,
                   expected_version: int | None = None) -> Session:
    _require(actor, session)
    if not reason.strip():
        raise ValidationFailed(details={"reason": [str(_("Give the reason."))]})
    with transaction.atomic():
        session = _locked(session, expected_version)
        if session.state != SessionState.SCHEDULED:
            raise Conflict(_("Only a scheduled session can be cancelled."), code="not_scheduled")
        session.state = SessionState.CANCELLED
        save_with_version(session, expected_version=session.version)
        audit.record(actor=actor, action=SESSION_CANCELLED, obj=session,
                     after={"reason": reason.strip()})
        for registration in session.registrations.exclude(
                status=RegistrationStatus.CANCELLED).select_related("participant"):
            registration.session = session
            _notify(registration, "session.cancelled", {"reason": reason.strip()})
    return session


def attendance_record(*, actor, session: Session, attended: set[int],
                      expected_version: int | None = None) -> Session:
    """Mark who came (registration ids) and the session held; those who came are sent
    the feedback survey when the session has one."""
    _require(actor, session)
    with transaction.atomic():
        session = _locked(session, expected_version)
        if session.state == SessionState.CANCELLED:
            raise Conflict(_("A cancelled session has no attendance."), code="cancelled")
        if session.starts_at > timezone.now():
            raise Conflict(_("Attendance is recorded once the session has started."),
                           code="not_started")
        confirmed = session.registrations.filter(status=RegistrationStatus.CONFIRMED)
        confirmed.update(attended=False)
        confirmed.filter(pk__in=attended).update(attended=True)
        first_time = session.state == SessionState.SCHEDULED
        session.state, session.held_at = SessionState.HELD, session.held_at or timezone.now()
        save_with_version(session, expected_version=session.version)
        audit.record(actor=actor, action=SESSION_HELD, obj=session,
                     after={"attended": sorted(attended)})
        if first_time and session.feedback_wave_id:
            _feedback_invite(session)
    return session


def _feedback_invite(session: Session) -> int:
    """The feedback survey's invitation to everyone who came (surveys' own template)."""
    sent = 0
    for registration in session.registrations.filter(attended=True).select_related(
            "participant"):
        if not registration.participant.address:
            continue
        invitation, token = invitation_create(wave=session.feedback_wave, unit=session.unit)
        language = reader_language(registration.language)
        context = invitation_context(invitation=invitation, token=token, language=language)
        notification_queue(event=INVITATION_EVENT, organisation=session.organisation,
                           recipient=registration.participant.address,
                           channel="sms" if registration.participant.kind == "phone" else "email",
                           language=language, context=context | {"case_number": ""},
                           dedupe_key=f"session-feedback:{registration.pk}", related=session)
        sent += 1
    return sent


def minutes_save(*, actor, session: Session, minutes: str,
                 expected_version: int | None = None) -> Session:
    _require(actor, session)
    with transaction.atomic():
        session = _locked(session, expected_version)
        session.minutes = minutes.strip()
        save_with_version(session, expected_version=session.version)
        audit.record(actor=actor, action=SESSION_SAVED, obj=session,
                     after={"minutes": len(session.minutes)})
    return session


def decision_add(*, actor, session: Session, text_zh: str, text_en: str = "") -> SessionDecision:
    _require(actor, session)
    if not text_zh.strip():
        raise ValidationFailed(details={"text_zh": [str(_("Write the decision."))]})
    with transaction.atomic():
        decision = SessionDecision.objects.create(session=session, text_zh=text_zh.strip(),
                                                  text_en=text_en.strip())
        audit.record(actor=actor, action=SESSION_DECISION_ADDED, obj=decision,
                     after={"text": decision.text_zh}, organisation=session.organisation_id)
    return decision


# ----- participants ----------------------------------------------------------------------

def registration_create(*, session: Session, participant, name: str = "",
                        language: str = "", waiting_list: bool = True) -> Registration:
    """Register a verified participant: a place while there is one, else the waiting
    list (or, with `waiting_list=False`, Conflict `session_full`). Registering again
    returns the registration there is (one per address)."""
    with transaction.atomic():
        session = _locked(session)
        registration = Registration.objects.filter(session=session,
                                                   participant=participant).first()
        if registration is not None and registration.status != RegistrationStatus.CANCELLED:
            return registration
        if session.state != SessionState.SCHEDULED or session.starts_at <= timezone.now():
            raise Conflict(_("Registration for this session is closed."),
                           code="registration_closed")
        status = (RegistrationStatus.CONFIRMED if rules.admitted(
            capacity=session.capacity, confirmed=counts(session)["confirmed"])
            else RegistrationStatus.WAITING)
        if status == RegistrationStatus.WAITING and not waiting_list:
            raise Conflict(_("This session is full."), code="session_full")
        if registration is None:
            registration = Registration(session=session, participant=participant)
        # A new registration after a cancellation joins the end of the queue.
        registration.status, registration.registered_at = status, timezone.now()
        registration.name, registration.language = name.strip()[:100], language
        registration.cancelled_at = registration.promoted_at = None
        registration.save()
        registration.session = session
        audit.record(actor=None, action=REGISTRATION_CREATED, obj=registration,
                     after={"status": status}, organisation=session.organisation_id)
        _notify(registration, "session.registered",
                {"waiting": status == RegistrationStatus.WAITING})
    return registration


def registration_cancel(*, session: Session, participant) -> Registration | None:
    """Cancel a participant's registration; a place given back goes to the waiting list."""
    with transaction.atomic():
        session = _locked(session)
        registration = Registration.objects.filter(
            session=session, participant=participant).exclude(
            status=RegistrationStatus.CANCELLED).first()
        if registration is None:
            return None
        registration.status, registration.cancelled_at = (RegistrationStatus.CANCELLED,
                                                          timezone.now())
        registration.save(update_fields=["status", "cancelled_at"])
        audit.record(actor=None, action=REGISTRATION_CANCELLED, obj=registration,
                     organisation=session.organisation_id)
        if session.state == SessionState.SCHEDULED:
            _promote(session)
    return registration


def _promote(session: Session) -> list[Registration]:
    """Give the free places to the head of the waiting list and tell them."""
    tally = counts(session)
    take = rules.promotions(capacity=session.capacity, confirmed=tally["confirmed"],
                            waiting=tally["waiting"])
    promoted = list(session.registrations.filter(status=RegistrationStatus.WAITING)
                    .select_related("participant").order_by("registered_at", "id")[:take])
    now = timezone.now()
    for registration in promoted:
        registration.status, registration.promoted_at = RegistrationStatus.CONFIRMED, now
        registration.save(update_fields=["status", "promoted_at"])
        registration.session = session
        audit.record(actor=None, action=REGISTRATION_PROMOTED, obj=registration,
                     organisation=session.organisation_id)
        _notify(registration, "session.promoted")
    return promoted


# ----- the daily job -------------------------------------------------------------------

def session_reminders_send(*, on: dt.date, next_working_day: dt.date) -> int:
    """Remind everyone with a place of the sessions after `on` up to `next_working_day`
    (run on working days). Each registration is reminded once."""
    sent = 0
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True,
        session__state=SessionState.SCHEDULED,
        session__starts_at__date__gt=on,
        session__starts_at__date__lte=next_working_day,
    ).select_related("session", "session__organisation", "participant")
    for registration in due:
        session_day = timezone.localtime(registration.session.starts_at).date()
        if not rules.reminder_due(session_day=session_day, today=on,
                                  next_working_day=next_working_day):
            continue
        with transaction.atomic():
            _notify(registration, "session.reminder")
            Registration.objects.filter(pk=registration.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
