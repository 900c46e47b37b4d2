"""The steps officers take on a petition, declared once: the staff page offers and
performs them (views/staff.py), the API has one `POST .../<step>/` each (api.py)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import ValidationFailed
from minfu.org.models import Organisation, Unit
from minfu.records.numbering import normalise_record_number
from minfu.records.steps import RecordSteps, Step, register
from minfu.voice import selectors, services, step_inputs, workflow
from minfu.voice.forms_staff import (
    AssignForm,
    ExtendForm,
    MergeForm,
    NotHandledForm,
    ReplyDraftForm,
    ReturnDraftForm,
    TransferForm,
    VersionedActionForm,
)
from minfu.voice.kind import PETITION

Action = workflow.Action


def _assign_choices(petition, user) -> dict:
    officers = get_user_model().objects.filter(
        memberships__unit__organisation=petition.organisation, is_active=True).distinct()
    return {"units": Unit.objects.filter(organisation=petition.organisation),
            "officers": officers.order_by("username")}


def _other_agencies(petition, user) -> dict:
    return {"organisations": Organisation.objects.exclude(pk=petition.organisation_id)}


def _merge(*, petition, actor, expected_version, into=None, into_number=""):
    """The main case by id (the API) or by its number (the page), among those the
    officer sees."""
    if into is not None:
        main = selectors.petition_get_for(actor, into)
    else:
        main = selectors.petitions_for(actor).filter(
            organisation=petition.organisation, number=normalise_record_number(into_number)).first()
        if main is None:
            raise ValidationFailed(details={"into_number": [
                _("No case of this agency has this number.")]})
    return services.petition_merge(petition=petition, actor=actor, into=main,
                                   expected_version=expected_version)


def _reopen(*, note, **arguments):
    return services.petition_reopen(reason=note, **arguments)


STEPS = register(RecordSteps(
    kind=PETITION.code, record_argument="petition", machine=workflow.MACHINE, may=selectors.may,
    get_for=selectors.petition_get_for, list_for=selectors.petitions_for, steps=(
        Step("start", _("Start handling"), VersionedActionForm, services.HANDLE,
             services.petition_start, _("Handling started."),
             api_input=step_inputs.VoiceVersionInput, workflow_step=Action.START,
             description="Start handling."),
        Step("assign", _("Assign to a unit or officer"), AssignForm, services.REASSIGN,
             services.petition_assign, _("Assignment saved."), form_options=_assign_choices,
             offered_when=lambda petition, user: workflow.is_open(petition.state)),
        Step("extend", _("Extend the handling limit"), ExtendForm, services.HANDLE,
             services.petition_extend,
             _("The handling limit is extended; the petitioner is notified."),
             api_input=step_inputs.VoiceExtendInput,
             offered_when=lambda petition, user: workflow.is_open(petition.state)
             and not petition.extension_value,
             help=_("Once only; the petitioner receives a written notice with the reason."),
             description="Extend the handling limit once; notifies the petitioner.",
             usual=False),
        Step("draft_reply", _("Draft the reply"), ReplyDraftForm, services.HANDLE,
             services.reply_draft, _("Reply drafted; it waits for a supervisor's approval."),
             api_input=step_inputs.VoiceReplyInput, workflow_step=Action.DRAFT_REPLY,
             description="Draft the reply; a supervisor approves it."),
        Step("approve_reply", _("Approve and send the reply"), VersionedActionForm,
             services.APPROVE_REPLY, services.reply_approve, _("Reply approved and sent."),
             api_input=step_inputs.VoiceVersionInput, workflow_step=Action.APPROVE_REPLY,
             description="Approve and send the reply (voice.approve_reply)."),
        Step("return_draft", _("Return the draft"), ReturnDraftForm, services.APPROVE_REPLY,
             services.reply_return, _("Draft returned to the officer."),
             api_input=step_inputs.VoiceNoteInput, workflow_step=Action.RETURN_DRAFT,
             description="Return the draft to the officer."),
        Step("not_handled", _("Record a ground for not handling"), NotHandledForm,
             services.HANDLE, services.petition_mark_not_handled,
             _("Recorded as not handled."), api_input=step_inputs.VoiceNotHandledInput,
             workflow_step=Action.MARK_NOT_HANDLED,
             help=_("Administrative Procedure Act article 173: the petition stays registered; "
                    "the petitioner is told where contact details allow."),
             description="Record a ground for not handling (§173).",
             usual=False),
        Step("merge", _("Merge into another case"), MergeForm, services.HANDLE, _merge,
             _("Case merged."), api_input=step_inputs.VoiceMergeInput,
             workflow_step=Action.MERGE, description="Merge into the main case (併案).",
             usual=False),
        Step("transfer", _("Transfer to the competent agency"), TransferForm, services.HANDLE,
             services.petition_transfer, _("Petition transferred; the petitioner is notified."),
             api_input=step_inputs.VoiceTransferInput, workflow_step=Action.TRANSFER,
             form_options=_other_agencies,
             description="Transfer to the competent agency (§172).",
             usual=False),
        Step("close", _("Close"), VersionedActionForm, services.HANDLE,
             services.petition_close, _("Case closed."),
             api_input=step_inputs.VoiceVersionInput, workflow_step=Action.CLOSE,
             description="Close a replied case."),
        Step("reopen", _("Reopen"), ReturnDraftForm, services.HANDLE, _reopen,
             _("Case reopened."), api_input=step_inputs.VoiceNoteInput,
             workflow_step=Action.REOPEN, description="Reopen a replied or closed case.",
             usual=False),
    )))
