"""What verification needs of proposals (verification.activity_kind_register): proposing
to an agency ("proposal_new:<agency id>") and co-signing one proposal ("proposal:<id>").
A verified address counts once per activity: one signature per person and proposal."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from minfu.org.models import Organisation
from minfu.participation.models.proposals import Proposal, ProposalState
from minfu.participation.verification import Activity, activity_kind_register

NEW = "proposal_new"
SIGN = "proposal"


def new_proposal_key(organisation: Organisation) -> str:
    return f"{NEW}:{organisation.pk}"


def signing_key(proposal: Proposal) -> str:
    return f"{SIGN}:{proposal.pk}"


def _new(pk: int) -> Activity | None:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        return None
    return Activity(key=f"{NEW}:{pk}", organisation=organisation,
                    title=gettext("A proposal to %(agency)s") % {"agency": organisation.name},
                    url=reverse("participation:proposal-new", args=[organisation.code]))


def _sign(pk: int) -> Activity | None:
    proposal = Proposal.objects.select_related("organisation").filter(pk=pk).first()
    if proposal is None or proposal.state == ProposalState.SUBMITTED:
        return None
    return Activity(key=f"{SIGN}:{pk}", organisation=proposal.organisation,
                    title=proposal.title, is_open=proposal.state == ProposalState.SIGNING,
                    url=reverse("participation:proposal-detail", args=[pk]))


activity_kind_register(NEW, _new)
activity_kind_register(SIGN, _sign)
