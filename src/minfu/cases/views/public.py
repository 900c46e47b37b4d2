"""Citizens' pages of applications: apply online, the receipt, the progress lookup, and
from there the supplement upload and the withdrawal.

Each blank form carries a one-time token (records.citizen_browser), the idempotency key of
its submission. The citizen cookie (records.citizen_browser) carries which cases this browser
proved access to (by submitting them or by number and access code), and the plain access
code of a new case until its receipt has shown it once."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from minfu.cases import documents, selectors, services, workflow
from minfu.cases.forms_public import (
    PURPOSE_OF_COLLECTION,
    ApplicationForm,
    SupplementForm,
    WithdrawForm,
)
from minfu.cases.kind import APPLICATION
from minfu.cases.models import Case, CaseState
from minfu.cases.notices import APPEALABLE_STATES
from minfu.catalog.models import Channel
from minfu.catalog.selectors import public_service
from minfu.citizens.selectors import contact_details
from minfu.citizens.session import citizen_of
from minfu.core.client_ip import client_ip
from minfu.core.errors import Conflict, NotFound, RateLimited, ValidationFailed
from minfu.core.exports import file_download
from minfu.core.models import pick_language
from minfu.core.process_cache import ProcessCache
from minfu.core.replica import reads_from_replica
from minfu.records import access, intake_limits
from minfu.records.citizen_browser import (
    form_token,
    proven_pk,
    receipt_code_take,
    submission_key,
    submitted,
)
from minfu.records.timeline import timeline
from minfu.records.views import LookupPage, submission_limited

IDEMPOTENCY_PREFIX = "web-"

# Service errors, by the field of ApplicationForm that shows them.
_APPLICATION_ERROR_FIELDS = {"applicant_kind": "applicant_kind",
                             "applicant_name": "applicant_name", "contact": "contact_email",
                             "consent": "consent"}


# ----- what this browser proved ----------------------------------------------------------

def _proven_case(request, number: str) -> Case | None:
    pk = proven_pk(request, APPLICATION.code, number=number)
    case = selectors.case_for_applicant(pk) if pk is not None else None
    return case if case is not None and case.number == number else None


def _proven_or_lookup(request, number: str):
    """(case, None) when this browser proved access; (None, redirect to lookup) else."""
    case = _proven_case(request, number)
    if case is None:
        messages.info(request, _("Enter the application number and access code to see the "
                                 "application."))
        return None, redirect("cases:public-lookup")
    return case, None


# ----- apply online --------------------------------------------------------------------

def _online_version(organisation_code: str, service_code: str):
    version = public_service(organisation_code=organisation_code, code=service_code,
                             on=timezone.localdate())
    if Channel.ONLINE not in version.channels:
        raise Http404(_("This service cannot be applied for online."))
    return version


# A blank application page is the same for every new visitor of a published version in
# one language but for two values, the form's one-time token and the CSRF token: each
# process renders it once with a slot for each and fills the slots per visitor. The
# organisation's and unit's names on it may change, so a page is kept for a minute.
blank_pages = ProcessCache("cases:blank-application-pages", max_age=60)
TOKEN_SLOT, CSRF_SLOT = "minfu-slot-form-token", "minfu-slot-csrf-token"


def _blank_application_page(request, version):
    token = form_token(request)
    citizen = citizen_of(request)
    if citizen is not None:  # their own details: not the page every visitor shares
        return _application_page(request, _blank_form(
            version, token, request.LANGUAGE_CODE, contact=contact_details(citizen)))
    if request.GET or messages.get_messages(request):  # the page shows these: render it
        return _application_page(request, _blank_form(version, token, request.LANGUAGE_CODE))
    page = blank_pages.get((version.pk, request.LANGUAGE_CODE), lambda: _application_page(
        request, _blank_form(version, TOKEN_SLOT, request.LANGUAGE_CODE),
        csrf_token=CSRF_SLOT).content.decode())
    return HttpResponse(page.replace(TOKEN_SLOT, token).replace(CSRF_SLOT, get_token(request)))


def _blank_form(version, token: str, language: str, contact=None) -> ApplicationForm:
    initial = {"token": token, "language": language}
    if contact is not None:
        initial.update(applicant_name=contact.name, contact_email=contact.email,
                       contact_phone=contact.phone, language=contact.language)
    return ApplicationForm(version=version, initial=initial)


def _application_page(request, form: ApplicationForm, *, status: int = 200, **extra):
    version = form.version
    return render(request, "cases/public/apply.html", {
        "form": form, "version": version, "purpose": PURPOSE_OF_COLLECTION,
        "fetched": [item for item in version.documents.all() if item.fetched_by_agency],
        "breadcrumbs": [(_("Services"), reverse("catalog:public-list")),
                        (version.name, reverse("catalog:public-detail", kwargs={
                            "organisation_code": version.service_type.organisation.code,
                            "code": version.service_type.code})),
                        (_("Apply online"), None)], **extra,
    }, status=status)


def _show_service_errors(form: ApplicationForm, error: ValidationFailed) -> None:
    details = error.details if isinstance(error.details, dict) else {}
    details = form.add_answer_errors(details) if details else details
    if not details and not form.errors:
        form.add_error(None, str(error.message))
    for key, problems in details.items():
        field = _APPLICATION_ERROR_FIELDS.get(key)
        if key == "applicant_id_number":
            business = form.cleaned_data.get("applicant_kind") == "business"
            field = "business_number" if business else "national_id"
        for problem in problems if isinstance(problems, list) else [problems]:
            form.add_error(field, str(problem))


@never_cache
def apply(request, organisation_code: str, service_code: str):
    version = _online_version(organisation_code, service_code)
    if request.method != "POST":
        return _blank_application_page(request, version)
    refusal = _uploads_refusal(request, title=_("Apply online"))
    if refusal:
        return refusal
    key = submission_key(request, request.POST.get("token", ""))
    form = ApplicationForm(request.POST, request.FILES, version=version)
    if key is None:
        form.is_valid()
        form.add_error(None, _("This form has expired. Check your answers and send it again."))
        return _refreshed(request, form)
    if not form.is_valid():
        return _application_page(request, form, status=400)
    try:
        case, code = services.case_submit(
            organisation=version.service_type.organisation, channel=Channel.ONLINE,
            applicant=form.applicant(), consent_given=form.cleaned_data["consent"],
            service_type_version=version, documents=form.documents(),
            answers=form.answers, idempotency_key=IDEMPOTENCY_PREFIX + key,
            owner=citizen_of(request))
    except ValidationFailed as error:
        _show_service_errors(form, error)
        return _application_page(request, form, status=400)
    submitted(request, APPLICATION.code, case, code)
    return redirect("cases:public-receipt", number=case.number)


def _uploads_refusal(request, *, title):
    """Before a form with files is read (reading decodes its images): the 429 page when
    this client sent too many (records.intake_limits.UPLOADS), else None."""
    if not request.FILES:
        return None
    try:
        intake_limits.limit_check(intake_limits.UPLOADS, client_ip(request))
    except RateLimited as error:
        return submission_limited(request, error, title=title)
    return None


def _refreshed(request, form: ApplicationForm):
    """The same answers with a fresh token (the files must be chosen again)."""
    data = form.data.copy()
    data["token"] = form_token(request)
    refreshed = ApplicationForm(data, version=form.version)
    refreshed.is_valid()
    for field, errors in form.errors.items():
        if field == "__all__":
            for error in errors:
                refreshed.add_error(None, error)
    return _application_page(request, refreshed, status=400)


# ----- receipt -------------------------------------------------------------------------

@never_cache
def receipt(request, number: str):
    case = _proven_case(request, number)
    if case is None:
        raise Http404(_("No receipt to show."))
    code = receipt_code_take(request, APPLICATION.code, case)  # shown once: not on a reload
    return render(request, "cases/public/receipt.html", {
        "case": case, "version": case.service_type_version,
        "answers": selectors.answer_rows(case.answers),
        "access_code": access.display_code(code) if code else "",
        "breadcrumbs": [(_("Receipt"), None)],
    })


# ----- progress lookup -------------------------------------------------------------------

LOOKUP_PAGE = LookupPage(
    title=_("Follow an application"),
    intro=_("Enter the application number and the access code from your receipt to see the "
            "progress, what is needed from you, and the due date."),
    number_label=_("Application number"),
    footnote=_("Lost the access code? Contact the agency that received the application, "
               "with your identity document."))


def _notice_items(notice) -> list[dict]:
    return [{"document_id": item["document_id"], "note": item.get("note", ""),
             "label": pick_language(item.get("name_zh", ""), item.get("name_en", ""))}
            for item in notice.items] if notice else []


@never_cache
@reads_from_replica
def progress(request, number: str):
    case, refusal = _proven_or_lookup(request, number)
    if refusal:
        return refusal
    notice = selectors.open_deficiency_notice(case) \
        if case.state == CaseState.AWAITING_SUPPLEMENT else None
    return render(request, "cases/public/progress.html", {
        "decision": _decision_summary(case), "extension": selectors.extension_of(case),
        "case": case, "version": case.service_type_version,
        "state_label": CaseState(case.state).label,
        "timeline": timeline(case, public=True),
        "notice": notice, "notice_items": _notice_items(notice),
        "is_open": case.state in workflow.OPEN_STATES,
        "is_paused": selectors.is_paused(case),
        "answers": selectors.answer_rows(case.answers),
        "own_documents": selectors.applicant_documents(case),
        "breadcrumbs": [(_("Follow an application"), reverse("cases:public-lookup")),
                        (case.number, None)],
    })


def _decision_summary(case: Case) -> dict | None:
    """The outcome and reasons the progress page leads with, once decided."""
    state = documents.decided_state(case)
    if not state:
        return None
    event = selectors.decision_of(case)
    return {"outcome": CaseState(state).label, "state": state,
            "reasons": pick_language(event.public_note_zh, event.public_note_en) if event else "",
            "appealable": state in APPEALABLE_STATES}


# ----- supplement and withdrawal -----------------------------------------------------------

def _case_page(request, template: str, case: Case, form, *, page_title, status: int = 200,
               **extra):
    return render(request, template, {
        "case": case, "version": case.service_type_version, "form": form,
        "page_title": page_title, **extra,
        "breadcrumbs": [(_("Follow an application"), reverse("cases:public-lookup")),
                        (case.number, reverse("cases:public-progress",
                                              kwargs={"number": case.number})),
                        (page_title, None)],
    }, status=status)


@never_cache
def supplement(request, number: str):
    case, refusal = _proven_or_lookup(request, number)
    if refusal:
        return refusal
    notice = selectors.open_deficiency_notice(case) \
        if case.state == CaseState.AWAITING_SUPPLEMENT else None
    if notice is None:
        messages.info(request, _("Nothing is asked of you for this application now."))
        return redirect("cases:public-progress", number=case.number)
    refusal = _uploads_refusal(request, title=_("Send missing documents"))
    if refusal:
        return refusal
    items = _notice_items(notice)
    form = SupplementForm(request.POST or None, request.FILES or None, notice_items=items,
                          initial={"version": case.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.case_supplement_receive(
                    case=case, documents=form.documents(),
                    expected_version=form.cleaned_data["version"])
            except (ValidationFailed, Conflict) as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Thank you: the documents were received and the "
                                            "processing period runs again."))
                return redirect("cases:public-progress", number=case.number)
        status = 400
    return _case_page(request, "cases/public/supplement.html", case, form, status=status,
                      notice=notice, page_title=_("Send missing documents"))


@never_cache
def withdraw(request, number: str):
    case, refusal = _proven_or_lookup(request, number)
    if refusal:
        return refusal
    if case.state not in workflow.OPEN_STATES:
        messages.info(request, _("This application can no longer be withdrawn."))
        return redirect("cases:public-progress", number=case.number)
    form = WithdrawForm(request.POST or None, initial={"version": case.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.case_withdraw(case=case, reason=form.cleaned_data["reason"],
                                       expected_version=form.cleaned_data["version"])
            except (ValidationFailed, Conflict) as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Your application was withdrawn."))
                return redirect("cases:public-progress", number=case.number)
        status = 400
    return _case_page(request, "cases/public/withdraw.html", case, form, status=status,
                      page_title=_("Withdraw the application"))


# ----- the applicant's own files --------------------------------------------------------

@never_cache
def document(request, number: str, document_id: int):
    """A file the applicant sent, for the browser that proved access to the case."""
    case, refusal = _proven_or_lookup(request, number)
    if refusal:
        return refusal
    try:
        found = selectors.applicant_document_for(case, document_id)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    return file_download(found)


# ----- printable and editable documents (PDF, ODT) -----------------------------------------

@never_cache
def receipt_document(request, number: str, fmt: str):
    """The receipt, for a browser that proved access (it never carries the access code)."""
    case, refusal = _proven_or_lookup(request, number)
    if refusal:
        return refusal
    return documents.download(documents.receipt(case), fmt)


@never_cache
def notice_document(request, number: str, sequence: int, fmt: str):
    case, refusal = _proven_or_lookup(request, number)
    if refusal:
        return refusal
    return documents.notice_download(request, case, sequence, fmt)


@never_cache
def decision_document(request, number: str, fmt: str):
    """The decision letter, once the application is decided."""
    case, refusal = _proven_or_lookup(request, number)
    if refusal:
        return refusal
    if case.decided_at is None:
        raise Http404(_("The application is not decided yet."))
    return documents.download(documents.decision_letter(case), fmt)


@never_cache
def extension_document(request, number: str, fmt: str):
    case, refusal = _proven_or_lookup(request, number)
    if refusal:
        return refusal
    extension = selectors.extension_of(case)
    if extension is None:
        raise Http404(_("The processing period was not extended."))
    return documents.download(documents.extension_notice(extension), fmt)
