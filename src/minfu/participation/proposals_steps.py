"""The steps staff take on a proposal, declared once: the staff page shows them as
buttons (records/staff/_steps.html) and the API has one `POST .../<step>/` each."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from minfu.core.errors import ValidationFailed
from minfu.participation import proposals_forms as forms
from minfu.participation import proposals_selectors as selectors
from minfu.participation import proposals_services as services
from minfu.participation.proposals_kind import PROPOSAL
from minfu.participation.proposals_workflow import MACHINE, Action, State
from minfu.records.numbering import normalise_record_number
from minfu.records.steps import RecordSteps, Step, register


def _merge(*, proposal, actor, expected_version, into=None, into_number="", note=""):
    """The proposal it repeats by id (the API) or by its number (the page), among those
    the officer sees."""
    if into is not None:
        target = selectors.proposal_get_for(actor, into)
    else:
        target = selectors.proposals_for(actor).filter(
            organisation=proposal.organisation,
            number=normalise_record_number(into_number)).first()
        if target is None:
            raise ValidationFailed(details={"into_number": [
                str(_("No proposal to this agency has this number."))]})
    return services.proposal_merge(proposal=proposal, actor=actor, into=target, note=note,
                                   expected_version=expected_version)


STEPS = register(RecordSteps(
    kind=PROPOSAL.code, record_argument="proposal", machine=MACHINE, may=selectors.may,
    get_for=selectors.proposal_get_for, list_for=selectors.proposals_for, steps=(
        Step("open_signing", _("Accept and open for co-signing"), forms.OpenSigningForm,
             services.SCREEN, services.proposal_open_signing,
             _("The proposal is open for co-signing; the proposer is told."),
             api_input=forms.OpenSigningInput, workflow_step=Action.OPEN_SIGNING,
             description="Screened and accepted: open for co-signing."),
        Step("reject", _("Do not accept"), forms.RejectForm, services.SCREEN,
             services.proposal_reject, _("Not accepted; the proposer is told the reason."),
             api_input=forms.RejectInput, workflow_step=Action.REJECT,
             description="Not accepted, with a reason from the list.", usual=False),
        Step("merge", _("Merge into the proposal it repeats"), forms.MergeForm,
             services.SCREEN, _merge, _("Proposal merged."), api_input=forms.MergeInput,
             workflow_step=Action.MERGE, description="Merge a duplicate into another proposal.",
             usual=False),
        Step("respond", _("Publish the response"), forms.RespondForm, services.RESPOND,
             services.proposal_respond, _("Response published; the proposer is told."),
             api_input=forms.RespondInput, workflow_step=Action.RESPOND,
             description="Publish the agency's response."),
        Step("extend", _("Extend the response period"), forms.ExtendForm, services.RESPOND,
             services.proposal_extend, _("Response period extended."),
             api_input=forms.ExtendInput,
             offered_when=lambda proposal, user: proposal.state == State.REACHED
             and proposal.extended_at is None,
             help=_("Once only, by two months; the reason is shown on the public page."),
             description="Extend the response period once, with reasons.", usual=False),
    )))
