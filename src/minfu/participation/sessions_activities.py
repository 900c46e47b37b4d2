"""What verification needs of co-design sessions: registering for one ("session:<id>");
one registration per verified address and session."""

from __future__ import annotations

from django.urls import reverse

from minfu.participation.models.sessions import Session, SessionState
from minfu.participation.verification import Activity, activity_kind_register

PREFIX = "session"


def session_key(session: Session) -> str:
    return f"{PREFIX}:{session.pk}"


def _resolve(pk: int) -> Activity | None:
    session = Session.objects.select_related("organisation").filter(pk=pk, published=True
                                                                      ).first()
    if session is None:
        return None
    return Activity(key=f"{PREFIX}:{pk}", organisation=session.organisation,
                    title=session.title, is_open=session.state == SessionState.SCHEDULED,
                    url=reverse("participation:session-detail", args=[pk]))


activity_kind_register(PREFIX, _resolve)
