"""Officers' pages of applications: the workbench.

Thin: every read goes through `cases.selectors` (scoped; a case of another agency is
404), every write through `cases.services`. Forms carry the case version, so a stale
form is refused with a message instead of overwriting someone else's step."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minfu.cases import documents, selectors, services
from minfu.cases.counter_prefill import prefill_take
from minfu.cases.forms_staff import (
    BulkAssignForm,
    CounterIntakeForm,
    QueueFilterForm,
    ServiceChoiceForm,
)
from minfu.cases.models import Case
from minfu.cases.steps import STEPS
from minfu.core.errors import Conflict, NotFound, ValidationFailed
from minfu.core.exports import file_download
from minfu.core.forms import add_domain_error
from minfu.org.auth import staff_required
from minfu.org.permissions import can
from minfu.records.step_views import offered_steps, record_page_views, step_forms

PAGE_SIZE = 25
RECEIPT_SESSION_KEY = "cases_counter_receipts"


def _crumbs(*trail):
    return [(_("Applications"), reverse("cases:staff-queue")), *trail]


# ----- the queue -----------------------------------------------------------------------

# The queue's section of cases whose supply-by date passed shows this many; the count
# says how many there are.
SUPPLY_LAPSED_SHOWN = 25


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
            state=filters.cleaned_data["state"], channel=filters.cleaned_data["channel"],
            due=filters.cleaned_data["due"])
    page = Paginator(selectors.workbench_queue(request.user, query), PAGE_SIZE).get_page(
        request.GET.get("page"))
    may_assign = can(request.user, services.REASSIGN)
    lapsed, lapsed_count = selectors.supply_lapsed_first(
        request.user, mine=mine, today=timezone.localdate(), shown=SUPPLY_LAPSED_SHOWN)
    return render(request, "cases/staff/queue.html", {
        "mine": mine, "filters": filters, "page_obj": page,
        "supply_lapsed": lapsed, "supply_lapsed_count": lapsed_count,
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

def _render_detail(request, case: Case, *, bound: dict | None = None, status: int = 200):
    # Read once what the step checks and the page both look at (cases.steps).
    prefetch_related_objects([case], "pauses", "extensions__approved_by",
                             "service_type_version__documents", "fetched_checks__checked_by")
    forms = step_forms(STEPS, case, request.user, bound)
    return render(request, "cases/staff/detail.html", {
        "case": case, **selectors.case_detail(case),
        "action_forms": forms, "offered_steps": offered_steps(STEPS, case, forms),
        "action_url": "cases:staff-action",
        "breadcrumbs": _crumbs((case.number, "")),
    }, status=status)


# The page and the POST of a registered step (minfu.cases.steps).
case_detail, case_action = record_page_views(
    STEPS, get_for=selectors.case_get_for, render_detail=_render_detail,
    detail_url="cases:staff-detail")


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
    version = _chosen_service(request, offered)
    # A citizen called from an appointment: their name and contact, once.
    initial = prefill_take(request.session) if data is None and version is not None else {}
    return CounterIntakeForm(
        data, files, services=offered, units=selectors.intake_units_for(request.user),
        version=version, initial=initial)


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
    receiver = selectors.cross_agency_receiver(request.user, version)
    try:
        case, code = services.case_submit(
            received_by=receiver,
            organisation=unit.organisation if unit else version.service_type.organisation,
            channel="counter", consent_given=data["consent"],
            service_type_version=version, actor=request.user, on_behalf_of_unit=unit,
            idempotency_key=f"counter:{request.user.pk}:{data['request_key']}",
            received_at=_received_at(data["received_on"]), answers=form.answers,
            documents=form.documents(), paper_items=form.paper_items(),
            applicant=services.Applicant(
                kind=data["applicant_kind"], name=data["applicant_name"],
                id_number=data["applicant_id_number"], email=data["contact_email"],
                phone=data["contact_phone"], language=data["language"],
                assistance=form.assistance()))
    except ValidationFailed as error:
        rest = form.add_answer_errors(error.details)
        if rest or not form.errors:
            add_domain_error(form, ValidationFailed(error.message, code=error.code,
                                                    details=rest))
        return None
    receipts = request.session.get(RECEIPT_SESSION_KEY, {})
    if code is not None or str(case.pk) not in receipts:  # a replayed form has no code
        receipts[str(case.pk)] = code
        request.session[RECEIPT_SESSION_KEY] = receipts
    return case


def _case_for_receipt(request, pk) -> Case:
    """A case the officer may see, or one keyed at the counter in this session for a
    unit the officer does not see: its receipt is theirs to hand to the applicant."""
    if str(pk) in request.session.get(RECEIPT_SESSION_KEY, {}):
        return selectors.case_keyed_at_counter(pk)
    return selectors.case_get_for(request.user, pk)


@staff_required
def counter_receipt(request, pk):
    """The receipt; the access code shows once (it is then cleared from the session,
    which keeps the case, so that the officer may print the receipt)."""
    case = _case_for_receipt(request, pk)
    receipts = request.session.get(RECEIPT_SESSION_KEY, {})
    code = receipts.get(str(case.pk))
    if code is not None:
        receipts[str(case.pk)] = None
        request.session[RECEIPT_SESSION_KEY] = receipts
    may_open = selectors.may_see_case(request.user, case)
    return render(request, "cases/staff/receipt.html", {
        "case": case, "access_code": code, "answers": selectors.answer_rows(case.answers),
        "may_open": may_open,
        "breadcrumbs": _crumbs((case.number, reverse("cases:staff-detail", args=[case.pk])
                                if may_open else ""),
                               (_("Receipt"), "")),
    })


# ----- cross-agency intake (跨機關通辦): what the receiving agency sees ------------------------

@staff_required
def handovers(request):
    """The applications our counters received for other agencies."""
    page = Paginator(selectors.handovers_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "cases/staff/handovers.html", {
        "page_obj": page, "rows": page.object_list,
        "breadcrumbs": _crumbs((_("Received for other agencies"), "")),
    })


@staff_required
def handover(request, pk):
    """One hand-over, for the receiving agency and the owner alike: the application as it
    was received and handed over, not the owner's handling since."""
    case = selectors.handover_get_for(request.user, pk)
    return render(request, "cases/staff/handover.html", {
        "case": case, **selectors.handover_detail(case),
        "may_open": selectors.may_see_case(request.user, case),
        "breadcrumbs": _crumbs((_("Received for other agencies"),
                                reverse("cases:staff-handovers")), (case.number, "")),
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
    case = _case_for_receipt(request, pk)
    return documents.download(documents.receipt(case), fmt)


@staff_required
@never_cache
def notice_document(request, pk, sequence: int, fmt: str):
    case = selectors.case_get_for(request.user, pk)
    return documents.notice_download(request, case, sequence, fmt)


@staff_required
@never_cache
def decision_document(request, pk, fmt: str):
    case = selectors.case_get_for(request.user, pk)
    if case.decided_at is None:
        raise Http404(_("The application is not decided yet."))
    return documents.download(documents.decision_letter(case), fmt)


@staff_required
@never_cache
def extension_document(request, pk, fmt: str):
    case = selectors.case_get_for(request.user, pk)
    extension = selectors.extension_of(case)
    if extension is None:
        raise Http404(_("The processing period was not extended."))
    return documents.download(documents.extension_notice(extension), fmt)
