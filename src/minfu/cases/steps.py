"""The steps officers take on an application, declared once: the staff page offers and
performs them (views/staff.py), the API has one `POST .../<step>/` each (api.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from minfu.cases import selectors, services, step_inputs, workflow
from minfu.cases.forms_staff import (
    DecideForm,
    DeficiencyNoticeForm,
    ExtensionForm,
    FetchedCheckForm,
    PaperSupplementForm,
    PauseStartForm,
    TransferForm,
    VersionedActionForm,
)
from minfu.cases.kind import APPLICATION
from minfu.cases.models import CasePause
from minfu.org.permissions import can
from minfu.records.steps import RecordSteps, Step, register

Action = workflow.Action


def _may(user, action: str, case) -> bool:
    return can(user, action, unit=case.unit)


# The checks below read `.all()`, so that the case page, which prefetches the pauses,
# extensions, checklist and fetched checks once (views.staff._render_detail), asks
# nothing more.

def _waiting_on_authority(case) -> bool:
    return any(pause.kind == CasePause.Kind.AWAITING_AUTHORITY and pause.ended_at is None
               for pause in case.pauses.all())


def _open(case) -> bool:
    return case.state in workflow.OPEN_STATES


def _checklist(case, user) -> dict:
    return {"checklist": case.service_type_version.documents.all()}


def _open_notice_items(case, user) -> dict:
    notice = selectors.open_deficiency_notice(case)
    return {"notice_items": notice.items if notice else (),
            "checklist": case.service_type_version.documents.all()}


def _extend(*, case, actor, expected_version, **arguments):
    """The officer who extends approves the extension (needs cases.approve_extension)."""
    return services.case_extend(case=case, actor=actor, approved_by=actor,
                                expected_version=expected_version, **arguments)


def _notice_issued(notice) -> str:
    return _("Deficiency notice %(number)d issued; the clock is stopped.") % {
        "number": notice.sequence}


STEPS = register(RecordSteps(
    kind=APPLICATION.code, record_argument="case", machine=workflow.MACHINE, may=_may,
    get_for=selectors.case_get_for, list_for=selectors.cases_for, steps=(
        Step("accept", _("Accept"), VersionedActionForm, services.HANDLE, services.case_accept,
             _("Application accepted."), api_input=step_inputs.CaseVersionInput,
             workflow_step=Action.ACCEPT, description="Accept a received application."),
        Step("start_review", _("Start review"), VersionedActionForm, services.HANDLE,
             services.case_start_review, _("Review started."),
             api_input=step_inputs.CaseVersionInput, workflow_step=Action.START_REVIEW,
             description="Start the review of an accepted application."),
        Step("request_supplement", _("Issue a deficiency notice"), DeficiencyNoticeForm,
             services.HANDLE, services.deficiency_notice_issue, _notice_issued,
             api_input=step_inputs.CaseDeficiencyNoticeInput,
             workflow_step=Action.REQUEST_SUPPLEMENT, form_options=_checklist,
             offered_when=lambda case, user: bool(case.service_type_version.documents.all()),
             description="Issue a deficiency notice listing every missing item at once; "
                         "stops the clock."),
        Step("paper_supplement", _("Record documents brought to the counter"),
             PaperSupplementForm, services.HANDLE, services.case_supplement_receive,
             _("The documents brought to the counter are recorded; the clock runs again."),
             api_input=step_inputs.CasePaperSupplementInput,
             workflow_step=Action.SUPPLEMENT_RECEIVED, form_options=_open_notice_items,
             offered_when=lambda case, user: selectors.open_deficiency_notice(case) is not None,
             help=_("The applicant brought missing items of the open notice to the counter: "
                    "attach scans or tick the originals you checked. The clock runs again, "
                    "as for a supplement sent online."),
             description="Record missing items brought to the counter; the clock runs again."),
        Step("supply_lapsed", _("Review on the documents received"), VersionedActionForm,
             services.HANDLE, services.case_supply_lapsed,
             _("The application is reviewed on the documents received; the clock runs "
               "again from the day after the supply-by date."),
             api_input=step_inputs.CaseVersionInput, workflow_step=Action.SUPPLY_LAPSED,
             offered_when=lambda case, user: selectors.supply_has_lapsed(case),
             help=_("The supply-by date has passed without the documents. You may review "
                    "the application on what you have, refuse it (Decide: rejected), or "
                    "still accept documents that arrive late (Record documents brought to "
                    "the counter)."),
             description="The supply-by date passed: review on the record as it is; the "
                         "clock runs again from the day after the supply-by date."),
        Step("fetched_check", _("Record a document the agency obtained"), FetchedCheckForm,
             services.HANDLE, services.fetched_document_check,
             _("Recorded how the document was obtained; the applicant did not have to "
               "bring it."),
             api_input=step_inputs.CaseFetchedCheckInput,
             offered_when=lambda case, user: _open(case) and bool(
                 selectors.fetched_items_unchecked(case)),
             form_options=lambda case, user: {
                 "items": selectors.fetched_items_unchecked(case)},
             help=_("For each document the agency fetches itself (免附), record how it was "
                    "checked: electronic transcript, cross-agency query or our own records."),
             description="Record how a document the agency fetches itself was checked "
                         "(免附): method and day."),
        Step("pause_start", _("Wait for another authority"), PauseStartForm, services.HANDLE,
             services.case_pause_start,
             _("The clock is stopped while waiting for the other authority."),
             api_input=step_inputs.CasePauseInput, api_name="pause",
             offered_when=lambda case, user: _open(case) and not _waiting_on_authority(case),
             description="Stop the clock while waiting for another authority.",
             usual=False),
        Step("pause_end", _("Stop waiting for another authority"), VersionedActionForm,
             services.HANDLE, services.case_pause_end, _("The clock runs again."),
             api_input=step_inputs.CaseVersionInput, api_name="resume",
             offered_when=lambda case, user: _open(case) and _waiting_on_authority(case),
             description="End the wait for another authority."),
        Step("extend", _("Extend the processing period"), ExtensionForm,
             services.APPROVE_EXTENSION, _extend,
             _("The processing period is extended; the applicant is notified."),
             api_input=step_inputs.CaseExtendInput,
             offered_when=lambda case, user: _open(case) and not case.extensions.all(),
             help=lambda case: _("Once only, before the legal period ends, by at most the "
                                 "original period (%(value)s). You approve it as supervisor.")
             % {"value": case.service_type_version.period.value},
             description="Extend the legal period once; the caller is the approving "
                         "supervisor.",
             usual=False),
        Step("decide", _("Decide"), DecideForm, services.HANDLE, services.case_decide,
             _("Decision recorded."), api_input=step_inputs.CaseDecideInput,
             workflow_step=Action.DECIDE, description="Record the decision.",
             form_options=lambda case, user: {
                 "outcomes": workflow.MACHINE.choices(case.state, Action.DECIDE)}),
        Step("close", _("Close"), VersionedActionForm, services.HANDLE, services.case_close,
             _("Application closed."), api_input=step_inputs.CaseVersionInput,
             workflow_step=Action.CLOSE, description="Close a decided application."),
        Step("withdraw", _("Record a withdrawal by the applicant"), VersionedActionForm,
             services.HANDLE, services.case_withdraw, _("Withdrawal recorded."),
             api_input=step_inputs.CaseWithdrawInput, workflow_step=Action.WITHDRAW,
             description="Record a withdrawal made by the applicant.",
             usual=False),
        Step("transfer", _("Transfer to the competent authority"), TransferForm,
             services.HANDLE, services.case_transfer, _("Application transferred."),
             api_input=step_inputs.CaseTransferInput, workflow_step=Action.TRANSFER,
             description="Transfer to the competent authority.",
             usual=False),
    )))
