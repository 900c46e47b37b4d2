"""Officers' pages of applications: the workbench.

Thin: every read goes through `cases.selectors` (scoped; a case of another agency is
404), every write through `cases.services`. Forms carry the case version, so a stale
form is refused with a message instead of overwriting someone else's step."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minfu.cases import documents, selectors, services, workflow
from minfu.cases.forms_staff import (
    BulkAssignForm,
    CounterIntakeForm,
    DecideForm,
    DeficiencyNoticeForm,
    ExtensionForm,
    PaperSupplementForm,
    PauseStartForm,
    QueueFilterForm,
    ServiceChoiceForm,
    TransferForm,
    VersionedActionForm,
)
from minfu.cases.models import Case, CasePause
from minfu.core.errors import Conflict, NotFound, ValidationFailed
from minfu.core.exports import file_download
from minfu.core.forms import add_domain_error
from minfu.org.auth import staff_required
from minfu.org.permissions import can

PAGE_SIZE = 25
RECEIPT_SESSION_KEY = "cases_counter_receipts"


def _crumbs(*trail):
    return [(_("Applications"), reverse("cases:staff-queue")), *trail]


# ----- the queue -----------------------------------------------------------------------

def _queue_page(request, *, mine: bool):
    service_types = selectors.service_types_in_queue(request.user)
    # A queue is the work still to do: open cases unless the officer asks for others.
    data = request.GET.copy()
    data.setdefault("state", selectors.OPEN_FILTER)
    filters = QueueFilterForm(data, service_types=service_types)
    query = selectors.QueueFilter(mine=mine, state=selectors.OPEN_FILTER)
    if filters.is_valid():
        service_type = filters.cleaned_data["service_type"]
        query = selectors.QueueFilter(
            mine=mine, service_type_id=service_type.pk if service_type else None,
            state=filters.cleaned_data["state"], channel=filters.cleaned_data["channel"])
    page = Paginator(selectors.workbench_queue(request.user, query), PAGE_SIZE).get_page(
        request.GET.get("page"))
    may_assign = can(request.user, services.REASSIGN)
    return render(request, "cases/staff/queue.html", {
        "mine": mine, "filters": filters, "page_obj": page,
        "rows": selectors.marked(page.object_list, timezone.localdate()),
        "may_assign": may_assign,
        "officers": selectors.assignable_officers(request.user) if may_assign else (),
        "breadcrumbs": _crumbs(),
    })


@staff_required
def my_queue(request):
    return _queue_page(request, mine=True)


@staff_required
def unit_queue(request):
    return _queue_page(request, mine=False)


@staff_required
@require_POST
def bulk_assign(request):
    form = BulkAssignForm(request.POST, cases=selectors.cases_for(request.user),
                          officers=selectors.assignable_officers(request.user))
    if not form.is_valid():
        messages.error(request, _("Tick at least one application and choose an officer."))
        return redirect("cases:staff-unit-queue")
    try:
        assigned = services.case_assign(cases=list(form.cleaned_data["cases"]),
                                        officer=form.cleaned_data["officer"],
                                        actor=request.user)
    except (ValidationFailed, Conflict) as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, ngettext("%(count)d application assigned.",
                                           "%(count)d applications assigned.",
                                           len(assigned)) % {"count": len(assigned)})
    return redirect("cases:staff-unit-queue")


# ----- one case ------------------------------------------------------------------------

def _may_extend(user, case: Case, extension) -> bool:
    return (extension is None and case.state in selectors.OPEN_STATE_VALUES
            and can(user, services.APPROVE_EXTENSION, unit=case.unit))


def _action_forms(user, case: Case, detail: dict, bound: dict | None = None) -> dict:
    """The forms for the steps the case's state allows, keyed by action."""
    initial = {"version": case.version}
    allowed = workflow.MACHINE.allowed_steps(case.state)
    if not can(user, services.HANDLE, unit=case.unit):
        return {}
    forms = {}
    for action in ("accept", "start_review", "close", "withdraw"):
        if action in allowed:
            forms[action] = VersionedActionForm(initial=initial, prefix=action)
    if "request_supplement" in allowed and detail["checklist"]:
        forms["request_supplement"] = DeficiencyNoticeForm(
            initial=initial, prefix="request_supplement", checklist=detail["checklist"])
    if "decide" in allowed:
        form = DecideForm(initial=initial, prefix="decide")
        if case.state == workflow.State.AWAITING_SUPPLEMENT:
            form.fields["outcome"].choices = [
                choice for choice in form.fields["outcome"].choices
                if choice[0] == workflow.Outcome.REJECTED]
        forms["decide"] = form
    if "transfer" in allowed:
        forms["transfer"] = TransferForm(initial=initial, prefix="transfer")
    if case.state in selectors.OPEN_STATE_VALUES:
        open_authority_pause = any(p.kind == CasePause.Kind.AWAITING_AUTHORITY and
                                   p.ended_at is None for p in detail["pauses"])
        action = "pause_end" if open_authority_pause else "pause_start"
        forms[action] = (VersionedActionForm if open_authority_pause else PauseStartForm)(
            initial=initial, prefix=action)
    if _may_extend(user, case, detail["extension"]):
        forms["extend"] = ExtensionForm(initial=initial, prefix="extend")
    if "supplement_received" in allowed and detail["open_notice"] is not None:
        forms["paper_supplement"] = _paper_supplement_form(None, case, detail["open_notice"],
                                                           initial=initial)
    forms.update(bound or {})
    return forms


def _paper_supplement_form(data, case: Case, notice, files=None, **kwargs):
    return PaperSupplementForm(data, files, prefix="paper_supplement",
                               notice_items=notice.items if notice else (),
                               checklist=case.service_type_version.documents.all(), **kwargs)


def _render_detail(request, case: Case, *, bound: dict | None = None, status: int = 200):
    detail = selectors.case_detail(case)
    detail["open_notice"] = selectors.open_deficiency_notice(case) \
        if case.state == workflow.State.AWAITING_SUPPLEMENT else None
    return render(request, "cases/staff/detail.html", {
        "case": case, **detail,
        "action_forms": _action_forms(request.user, case, detail, bound),
        "period": case.service_type_version.period,
        "breadcrumbs": _crumbs((case.number, "")),
    }, status=status)


@staff_required
def case_detail(request, pk):
    return _render_detail(request, selectors.case_get_for(request.user, pk))


def _form_for(action: str, data, case: Case, files=None):
    if action == "paper_supplement":
        return _paper_supplement_form(data, case, selectors.open_deficiency_notice(case),
                                      files=files)
    if action == "request_supplement":
        return DeficiencyNoticeForm(data, prefix=action,
                                    checklist=case.service_type_version.documents.all())
    form_class = {"pause_start": PauseStartForm, "extend": ExtensionForm,
                  "decide": DecideForm, "transfer": TransferForm}.get(action,
                                                                      VersionedActionForm)
    return form_class(data, prefix=action)


def _run(action: str, form, case: Case, user):
    """Call the service for `action` with the form's data; returns the success message."""
    data = form.cleaned_data
    common = {"case": case, "actor": user, "expected_version": data["version"]}
    match action:
        case "accept":
            services.case_accept(**common)
            return _("Application accepted.")
        case "start_review":
            services.case_start_review(**common)
            return _("Review started.")
        case "request_supplement":
            notice = services.deficiency_notice_issue(
                **common, items=form.item_ids(), notes=form.item_notes(), note=data["note"],
                supplement_due_date=data["supplement_due_date"],
                reason_for_repeat=data["reason_for_repeat"])
            return _("Deficiency notice %(number)d issued; the clock is stopped.") % {
                "number": notice.sequence}
        case "pause_start":
            services.case_pause_start(**common, reason=data["reason"],
                                      legal_basis=data["legal_basis"])
            return _("The clock is stopped while waiting for the other authority.")
        case "pause_end":
            services.case_pause_end(**common)
            return _("The clock runs again.")
        case "extend":
            services.case_extend(**common, reason=data["reason"],
                                 extra_value=data["extra_value"], approved_by=user)
            return _("The processing period is extended; the applicant is notified.")
        case "decide":
            services.case_decide(**common, outcome=data["outcome"],
                                 public_note_zh=data["public_note_zh"],
                                 public_note_en=data["public_note_en"])
            return _("Decision recorded.")
        case "close":
            services.case_close(**common)
            return _("Application closed.")
        case "withdraw":
            services.case_withdraw(**common)
            return _("Withdrawal recorded.")
        case "paper_supplement":
            services.case_supplement_receive(**common, documents=form.documents(),
                                             paper_items=form.paper_items())
            return _("The documents brought to the counter are recorded; the clock runs "
                     "again.")
        case "transfer":
            services.case_transfer(**common, to_organisation_name=data["to_organisation_name"],
                                   reason=data["reason"])
            return _("Application transferred.")
    raise ValidationFailed(_("Unknown step."), code="unknown_action")


ACTIONS = frozenset({"accept", "start_review", "request_supplement", "pause_start",
                     "pause_end", "extend", "decide", "close", "withdraw", "transfer",
                     "paper_supplement"})


@staff_required
@require_POST
def case_action(request, pk, action):
    case = selectors.case_get_for(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form = _form_for(action, request.POST, case, request.FILES)
    if form.is_valid():
        try:
            message = _run(action, form, case, request.user)
        except Conflict as error:
            add_domain_error(form, error)
            messages.error(request, str(error.message))
            return _render_detail(request, case, bound={action: form}, status=409)
        except ValidationFailed as error:
            add_domain_error(form, error)
            return _render_detail(request, case, bound={action: form}, status=400)
        messages.success(request, message)
        return redirect("cases:staff-detail", pk=case.pk)
    return _render_detail(request, case, bound={action: form}, status=400)


# ----- counter intake ------------------------------------------------------------------

def _counter_services(request):
    return selectors.counter_services_for(request.user, timezone.localdate())


def _chosen_service(request, services_offered):
    """The service the intake is for: posted with the form, or chosen in step one."""
    source = request.POST if request.method == "POST" else request.GET
    chosen = ServiceChoiceForm(source, services=services_offered)
    if "service" in source and chosen.is_valid():
        return chosen.cleaned_data["service"]
    return None


def _intake_form(request, data=None, files=None):
    offered = _counter_services(request)
    return CounterIntakeForm(
        data, files, services=offered, units=selectors.intake_units_for(request.user),
        version=_chosen_service(request, offered))


def _received_at(day: dt.date | None) -> dt.datetime | None:
    """Papers that arrived on an earlier day count from that day (opening time)."""
    if day is None or day == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@staff_required
def counter_intake(request):
    posted = request.method == "POST"
    form = _intake_form(request, request.POST if posted else None,
                        request.FILES if posted else None)
    if form.version is None and not posted:
        # Step one: the service decides the questions and the checklist asked next.
        return render(request, "cases/staff/intake.html", {
            "chooser": ServiceChoiceForm(services=form.fields["service"].queryset),
            "form": form, "breadcrumbs": _crumbs((_("Counter intake"), "")),
        })
    if posted and form.is_valid():
        case = _receive_at_counter(request, form)
        if case is not None:
            return redirect("cases:staff-receipt", pk=case.pk)
    return render(request, "cases/staff/intake.html", {
        "form": form, "breadcrumbs": _crumbs((_("Counter intake"), "")),
    }, status=400 if form.is_bound and form.errors else 200)


def _receive_at_counter(request, form: CounterIntakeForm) -> Case | None:
    """The case received (its code kept for the receipt), or None with errors on the form."""
    data = form.cleaned_data
    version = data["service"]
    unit = data["on_behalf_of_unit"]
    try:
        case, code = services.case_submit(
            organisation=unit.organisation if unit else version.service_type.organisation,
            channel="counter", consent_given=data["consent"],
            service_type_version=version, actor=request.user, on_behalf_of_unit=unit,
            idempotency_key=f"counter:{request.user.pk}:{data['request_key']}",
            received_at=_received_at(data["received_on"]), answers=form.answers,
            documents=form.documents(), paper_items=form.paper_items(),
            applicant=services.Applicant(
                kind=data["applicant_kind"], name=data["applicant_name"],
                id_number=data["applicant_id_number"], email=data["contact_email"],
                phone=data["contact_phone"], language=data["language"]))
    except ValidationFailed as error:
        rest = form.add_answer_errors(error.details)
        if rest or not form.errors:
            add_domain_error(form, ValidationFailed(error.message, code=error.code,
                                                    details=rest))
        return None
    if code is not None:
        receipts = request.session.get(RECEIPT_SESSION_KEY, {})
        receipts[str(case.pk)] = code
        request.session[RECEIPT_SESSION_KEY] = receipts
    return case


@staff_required
def counter_receipt(request, pk):
    """The receipt; the access code shows once (it is taken out of the session)."""
    case = selectors.case_get_for(request.user, pk)
    receipts = request.session.get(RECEIPT_SESSION_KEY, {})
    code = receipts.pop(str(case.pk), None)
    request.session[RECEIPT_SESSION_KEY] = receipts
    return render(request, "cases/staff/receipt.html", {
        "case": case, "access_code": code, "answers": selectors.answer_rows(case.answers),
        "breadcrumbs": _crumbs((case.number, reverse("cases:staff-detail", args=[case.pk])),
                               (_("Receipt"), "")),
    })


# ----- files of the application ---------------------------------------------------------

@staff_required
@never_cache
def document(request, pk, document_id: int):
    """A file of a case the officer may see (another agency's case is 404); each
    download leaves an audit event."""
    case = selectors.case_get_for(request.user, pk)
    try:
        found = selectors.case_document_for(case, document_id)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    services.case_document_viewed(case=case, document=found, actor=request.user)
    return file_download(found)


# ----- printable and editable documents (PDF, ODT) -----------------------------------------

@staff_required
@never_cache
def receipt_document(request, pk, fmt: str):
    case = selectors.case_get_for(request.user, pk)
    return documents.download(documents.receipt(case), fmt)


@staff_required
@never_cache
def notice_document(request, pk, sequence: int, fmt: str):
    case = selectors.case_get_for(request.user, pk)
    try:
        notice = selectors.deficiency_notice_of(case, sequence)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    online_url = request.build_absolute_uri(
        reverse("cases:public-supplement", kwargs={"number": case.number}))
    return documents.download(documents.deficiency_notice(notice, online_url=online_url), fmt)
