"""Petitions (suggestions, complaints, questions) in a citizen's "my records" and data
export (minfu.citizens.sources)."""

from django.utils.translation import gettext_lazy as _

from minfu.citizens.sources import CitizenRecordSource, kernel_row, public_history
from minfu.voice.kind import PETITION
from minfu.voice.models import Petition


def _petitions(linked):
    return (Petition.objects.filter(pk__in=linked.get(PETITION.code, ()))
            .select_related("organisation"))


def _rows(citizen, linked):
    return [kernel_row("petitions", PETITION, petition, title=petition.subject,
                       due=petition.due_date) for petition in _petitions(linked)]


def _export(citizen, linked):
    return [{
        "number": petition.number, "organisation": petition.organisation.name_zh,
        "kind": petition.kind, "channel": petition.channel, "subject": petition.subject,
        "text": petition.text, "state": petition.state,
        "received_at": petition.received_at.isoformat(), "due_date": petition.due_date,
        "closed_at": petition.closed_at,
        "petitioner": {"name": petition.petitioner_name,
                       "id_number": petition.petitioner_id_number,
                       "email": petition.contact_email, "phone": petition.contact_phone,
                       "address": petition.contact_address, "language": petition.language},
        "history": public_history(PETITION, petition),
    } for petition in _petitions(linked)]


SOURCES = [CitizenRecordSource(code="petitions", label=_("Suggestions, complaints and petitions"),
                               rows=_rows, export=_export, order=20)]
