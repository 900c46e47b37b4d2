"""Applications as a kind of citizen record (records.kinds)."""

from django.urls import reverse

from minfu.cases import actions
from minfu.cases.models import CaseState
from minfu.records.kinds import RecordKind, register

APPLICATION = register(RecordKind(
    code="case", model_label="cases.Case",
    letter="",  # application numbers came first and carry no letter: KL-1140305-0017
    access_purpose=b"",  # their codes are keyed with the access-code key itself
    progress_url=lambda case: reverse("cases:public-progress", kwargs={"number": case.number}),
    states=CaseState, timeline_labels=actions.TIMELINE_LABELS,
    public_actions=actions.PUBLIC_ACTIONS,
))
