"""Applications in a citizen's "my records" and data export (minfu.citizens.sources)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minfu.cases.kind import APPLICATION
from minfu.cases.models import Case
from minfu.citizens.sources import CitizenRecordSource, MyRecord


def _cases(linked):
    return (Case.objects.filter(pk__in=linked.get(APPLICATION.code, ()))
            .select_related("service_type_version", "organisation"))


def _rows(citizen, linked):
    return [MyRecord(
        source="applications", number=case.number, title=case.service_type_version.name,
        state=case.get_state_display(), filed_at=case.received_at,
        due=case.legal_due_date if case.closed_at is None else None,
        url=reverse("citizens:record-open", kwargs={"kind": APPLICATION.code,
                                                    "record_id": case.pk}),
        kind=APPLICATION.code, record_id=case.pk) for case in _cases(linked)]


def _export(citizen, linked):
    return [{
        "number": case.number, "organisation": case.organisation.name_zh,
        "service": case.service_type_version.name, "channel": case.channel,
        "state": case.state, "received_at": case.received_at.isoformat(),
        "legal_due_date": case.legal_due_date, "closed_at": case.closed_at,
        "applicant": {"kind": case.applicant_kind, "name": case.applicant_name,
                      "id_number": case.applicant_id_number, "email": case.contact_email,
                      "phone": case.contact_phone, "language": case.language},
        "answers": case.answers,
        "history": [{"at": event.occurred_at.isoformat(), "action": event.action,
                     "note": event.public_note_zh}
                    for event in case.events.filter(action__in=APPLICATION.public_actions)
                    .order_by("occurred_at", "pk")],
    } for case in _cases(linked)]


SOURCES = [CitizenRecordSource(code="applications", label=_("Applications"), rows=_rows,
                               export=_export, order=10)]
