"""Reads of co-design sessions: staff see those of the agencies and units where they may
view them; the public sees published ones."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.org.selectors import agencies_where
from minfu.participation.agency_scope import in_agency_reach, may
from minfu.participation.models.sessions import (
    Registration,
    RegistrationStatus,
    Session,
    SessionDecision,
    SessionState,
)
from minfu.participation.sessions_services import MANAGE, VIEW


def _with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.annotate(
        confirmed_count=Count("registrations",
                              filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waiting_count=Count("registrations",
                            filter=Q(registrations__status=RegistrationStatus.WAITING)),
        attended_count=Count("registrations", filter=Q(registrations__attended=True)))


def sessions_for(user) -> QuerySet[Session]:
    return _with_counts(in_agency_reach(Session.objects.select_related("organisation", "unit"),
                                        user, VIEW)).order_by("-starts_at")


def session_get_for(user, pk) -> Session:
    session = sessions_for(user).filter(pk=as_id(pk)).first()
    if session is None:
        raise NotFound()
    return session


def may_manage(user, session: Session) -> bool:
    return may(user, MANAGE, session)


def manageable_organisations(user):
    return agencies_where(user, MANAGE)


def public_sessions(*, upcoming: bool = True) -> QuerySet[Session]:
    sessions = _with_counts(Session.objects.filter(published=True).select_related(
        "organisation"))
    now = timezone.now()
    if upcoming:
        return sessions.filter(state=SessionState.SCHEDULED, ends_at__gte=now).order_by(
            "starts_at")
    return sessions.exclude(state=SessionState.SCHEDULED, ends_at__gte=now).order_by(
        "-starts_at")


def public_session(pk) -> Session:
    session = _with_counts(Session.objects.filter(published=True)).select_related(
        "organisation").filter(pk=as_id(pk)).first()
    if session is None:
        raise NotFound()
    return session


def registration_of(session: Session, participant) -> Registration | None:
    """The participant's registration that still counts (confirmed or waiting), if any."""
    if participant is None:
        return None
    return Registration.objects.filter(session=session, participant=participant).exclude(
        status=RegistrationStatus.CANCELLED).first()


def registration_made(session: Session, participant) -> Registration | None:
    """The participant's registration whatever its status (a cancelled one too), if any."""
    return Registration.objects.filter(session=session, participant=participant).first()


def decision_get_for(user, pk) -> SessionDecision | None:
    """A decision of a session the user sees; None otherwise."""
    return SessionDecision.objects.select_related("session").filter(
        session__in=sessions_for(user).values("pk"), pk=as_id(pk)).first()
