"""Petitions as a kind of citizen record (records.kinds)."""

from django.urls import reverse

from minfu.records.assistance import ASSISTANCE_CLEARED
from minfu.records.kinds import ANONYMISED_TEXT, PersonalData, RecordKind, register
from minfu.search.index import document_changed
from minfu.voice import actions, search
from minfu.voice.models import PetitionState


def _reindex(ids: list[int]) -> None:
    """The staff search reads the subject and text: its entries follow the cleared rows."""
    for pk in ids:
        document_changed(source=search.PETITION, key=str(pk))


PETITION = register(RecordKind(
    code="petition", model_label="voice.Petition", letter="P",
    access_purpose=b"minfu.voice.access-code.v1",  # as before the kernel: old codes work
    progress_url=lambda petition: reverse("voice:public-progress", kwargs={"pk": petition.pk}),
    states=PetitionState, timeline_labels=actions.TIMELINE_LABELS,
    public_actions=actions.PUBLIC_ACTIONS,
    # Past retention (docs/retention.md): who wrote, how to reach them, what they wrote
    # (subject and text are the petitioner's own words), the reply written to them and
    # their rating comments; the published reply, already masked, stays.
    personal_data=PersonalData(
        fields={"petitioner_name": "", "petitioner_id_number": "", "contact_email": "",
                "contact_phone": "", "contact_address": "", "subject": ANONYMISED_TEXT,
                "text": ANONYMISED_TEXT} | ASSISTANCE_CLEARED,
        files=("attachments",),
        related={"replies": {"text": ANONYMISED_TEXT}, "ratings": {"comment": ""},
                 "open311_request": {"lat": None, "long": None}},
        after=_reindex),
))
