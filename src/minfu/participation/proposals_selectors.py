"""Reads of proposals. Staff see the proposals of the agencies and units where they may
view them (org.selectors.in_reach); the public sees those past screening (and the
rejected and merged ones only through their own page, with the reason)."""

from __future__ import annotations

from django.db.models import QuerySet

from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.org.models import Organisation
from minfu.participation.agency_scope import in_agency_reach
from minfu.participation.agency_scope import may as may  # the steps ask it
from minfu.participation.models.proposals import Proposal, ProposalSignature
from minfu.participation.proposals_services import VIEW
from minfu.participation.proposals_workflow import PUBLIC_STATES, State


def proposals_for(user) -> QuerySet[Proposal]:
    return in_agency_reach(Proposal.objects.select_related("organisation", "unit", "proposer"),
                           user, VIEW)


def proposal_get_for(user, pk) -> Proposal:
    proposal = proposals_for(user).filter(pk=as_id(pk)).first()
    if proposal is None:
        raise NotFound()
    return proposal


def public_proposals(*, organisation=None, state: str = "") -> QuerySet[Proposal]:
    """What the public list shows: proposals past screening, newest first."""
    proposals = Proposal.objects.filter(state__in=[s.value for s in PUBLIC_STATES]
                                        ).select_related("organisation", "proposer")
    if organisation is not None:
        proposals = proposals.filter(organisation=organisation)
    if state:
        proposals = proposals.filter(state=state)
    return proposals


def public_proposal(pk) -> Proposal:
    """One proposal's public page: any but those still being screened."""
    proposal = Proposal.objects.select_related("organisation", "proposer", "merged_into"
                                               ).filter(pk=as_id(pk)).exclude(
        state=State.SUBMITTED).first()
    if proposal is None:
        raise NotFound()
    return proposal


def proposal_for_proposer(pk) -> Proposal:
    """Any proposal by id, for its proposer who proved the access code."""
    proposal = Proposal.objects.select_related("organisation", "proposer").filter(
        pk=as_id(pk)).first()
    if proposal is None:
        raise NotFound()
    return proposal


def organisations_taking_proposals() -> QuerySet[Organisation]:
    """The agencies a citizen may address a proposal to (the public list's filter)."""
    return Organisation.objects.filter(is_active=True).order_by("code")


def organisation_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code.upper()).first()


def signature_of(proposal: Proposal, participant) -> ProposalSignature | None:
    """The participant's standing (not withdrawn) co-signature, if any."""
    if participant is None:
        return None
    return ProposalSignature.objects.filter(proposal=proposal, participant=participant,
                                            withdrawn_at__isnull=True).first()


def signature_given(proposal: Proposal, participant) -> ProposalSignature | None:
    """The participant's co-signature, standing or withdrawn, if they ever gave one."""
    return ProposalSignature.objects.filter(proposal=proposal, participant=participant).first()
