"""Applications in a citizen's "my records" and data export (minfu.citizens.sources)."""

from django.utils.translation import gettext_lazy as _

from minfu.cases.kind import APPLICATION
from minfu.cases.models import Case
from minfu.citizens.sources import CitizenRecordSource, kernel_row, public_history


def _cases(linked):
    return (Case.objects.filter(pk__in=linked.get(APPLICATION.code, ()))
            .select_related("service_type_version", "organisation"))


def _rows(citizen, linked):
    return [kernel_row("applications", APPLICATION, case, title=case.service_type_version.name,
                       due=case.legal_due_date) for case in _cases(linked)]


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
        "history": public_history(APPLICATION, case),
    } for case in _cases(linked)]


SOURCES = [CitizenRecordSource(code="applications", label=_("Applications"), rows=_rows,
                               export=_export, order=10)]
