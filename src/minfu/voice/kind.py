"""Petitions as a kind of citizen record (records.kinds)."""

from django.urls import reverse

from minfu.records.kinds import RecordKind, register
from minfu.voice import actions
from minfu.voice.models import PetitionState

PETITION = register(RecordKind(
    code="petition", model_label="voice.Petition", letter="P",
    access_purpose=b"minfu.voice.access-code.v1",  # as before the kernel: old codes work
    progress_url=lambda petition: reverse("voice:public-progress", kwargs={"pk": petition.pk}),
    states=PetitionState, timeline_labels=actions.TIMELINE_LABELS,
    public_actions=actions.PUBLIC_ACTIONS,
))
