"""Survey invitations about the applications in a citizen's account, in "my records"
and the data export (minfu.citizens.sources). The invitation's link is only in the
message that carried it (its token is stored as a hash), so the row has no link."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.cases.kind import APPLICATION
from minfu.citizens.sources import CitizenRecordSource, MyRecord
from minfu.surveys.models import Invitation


def _invitations(linked):
    return (Invitation.objects.filter(case_id__in=linked.get(APPLICATION.code, ()))
            .select_related("wave__survey", "case"))


def _state(invitation, now) -> str:
    if invitation.used_at is not None:
        return str(_("Answered"))
    return str(_("Expired") if invitation.expires_at <= now else _("Waiting for your answer"))


def _rows(citizen, linked):
    now = timezone.now()
    return [MyRecord(
        source="survey_invitations", number=invitation.case.number,
        title=invitation.wave.survey.name, state=_state(invitation, now),
        filed_at=invitation.created_at,
        due=(timezone.localtime(invitation.expires_at).date()
             if invitation.used_at is None and invitation.expires_at > now else None))
        for invitation in _invitations(linked)]


def _export(citizen, linked):
    return [{"application": invitation.case.number, "survey": invitation.wave.survey.name_zh,
             "sent_at": invitation.created_at.isoformat(),
             "expires_at": invitation.expires_at.isoformat(),
             "answered_at": invitation.used_at.isoformat() if invitation.used_at else None}
            for invitation in _invitations(linked)]


SOURCES = [CitizenRecordSource(code="survey_invitations", label=_("Survey invitations"),
                               rows=_rows, export=_export, order=30)]
