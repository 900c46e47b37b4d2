"""Applications as a kind of citizen record (records.kinds)."""

from django.urls import reverse

from minfu.cases import actions, search
from minfu.cases.models import CaseState
from minfu.records.assistance import ASSISTANCE_CLEARED
from minfu.records.kinds import ANONYMISED_TEXT, PersonalData, RecordKind, register
from minfu.search.index import document_changed


def _reindex(ids: list[int]) -> None:
    """The staff search names the applicant: its entries follow the cleared rows."""
    for pk in ids:
        document_changed(source=search.SOURCE, key=str(pk))


APPLICATION = register(RecordKind(
    code="case", model_label="cases.Case",
    letter="",  # application numbers came first and carry no letter: KL-1140305-0017
    access_purpose=b"",  # their codes are keyed with the access-code key itself
    progress_url=lambda case: reverse("cases:public-progress", kwargs={"number": case.number}),
    states=CaseState, timeline_labels=actions.TIMELINE_LABELS,
    public_actions=actions.PUBLIC_ACTIONS,
    # Past retention (docs/retention.md): who applied, how to reach them, what they
    # answered, the documents they sent and where an Open311 client said they were.
    personal_data=PersonalData(
        fields={"applicant_name": ANONYMISED_TEXT, "applicant_id_number": "",
                "contact_email": "", "contact_phone": "", "answers": {}} | ASSISTANCE_CLEARED,
        files=("documents",),
        related={"open311_request": {"lat": None, "long": None}},
        after=_reindex),
))
