"""Proposals as a kind of citizen record (records.kinds): numbers KL-T1151206-0001, an
access code for the proposer to follow it, the one public lookup."""

from django.urls import reverse

from minfu.participation import proposals_actions as actions
from minfu.participation.models.proposals import ProposalState
from minfu.records.kinds import RecordKind, register

PROPOSAL = register(RecordKind(
    code="proposal", model_label="participation.Proposal", letter="T",  # 提議
    access_purpose=b"minfu.participation.proposal-access-code.v1",
    progress_url=lambda proposal: reverse("participation:proposal-detail",
                                          kwargs={"pk": proposal.pk}),
    states=ProposalState, timeline_labels=actions.TIMELINE_LABELS,
    public_actions=actions.PUBLIC_ACTIONS,
))
