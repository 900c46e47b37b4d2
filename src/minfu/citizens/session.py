"""Who is signed in as a citizen in this browser: the Django session carries the
account's id and its session stamp under keys of its own, apart from the staff sign-in
(`_auth_user_id`), so a citizen never becomes `request.user` (ADR 0013). A browser that
never signed in has no session: reading an absent session writes nothing (ADR 0007)."""

from __future__ import annotations

from minfu.citizens.models import Citizen

SESSION_CITIZEN = "minfu_citizen_id"
SESSION_STAMP = "minfu_citizen_stamp"
_CACHED = "_minfu_citizen"


def session_sign_in(request, citizen: Citizen) -> None:
    """A new session id (no fixation), then the account."""
    request.session.cycle_key()
    request.session[SESSION_CITIZEN] = citizen.pk
    request.session[SESSION_STAMP] = citizen.session_stamp
    setattr(request, _CACHED, citizen)


def session_sign_out(request) -> None:
    for key in (SESSION_CITIZEN, SESSION_STAMP):
        request.session.pop(key, None)
    request.session.cycle_key()
    setattr(request, _CACHED, None)


def citizen_of(request) -> Citizen | None:
    """The open account signed in on this request, or None (read once per request)."""
    if not hasattr(request, _CACHED):
        setattr(request, _CACHED, _from_session(request))
    return getattr(request, _CACHED)


def _from_session(request) -> Citizen | None:
    session = getattr(request, "session", None)
    citizen_id = session.get(SESSION_CITIZEN) if session is not None else None
    if citizen_id is None:
        return None
    citizen = Citizen.objects.filter(pk=citizen_id, closed_at__isnull=True).first()
    if citizen is None or citizen.session_stamp != session.get(SESSION_STAMP):
        return None
    return citizen
