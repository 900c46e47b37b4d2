"""Staff pages of assessment. Thin: reads through `assessment.selectors` (scoped; a record
of another agency is 404), writes through `assessment.services`; POST-redirect-GET."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.assessment import documents, forms, selectors, services
from minfu.assessment.models import (
    ItemStatus,
    ProposalStatus,
    SheetKind,
)
from minfu.assessment.views.signoff import signoff_context
from minfu.assessment.workflow import REPORT_OPEN, WAITING_ON_UNIT
from minfu.core import charts
from minfu.core.errors import DomainError
from minfu.core.exports import attachment, file_download, table_download
from minfu.core.forms import form_submitted
from minfu.org.auth import staff_required
from minfu.org.permissions import can
from minfu.org.selectors import units_of
from minfu.plans.selectors import plan_parents_for
from minfu.surveys import selectors as survey_selectors
from minfu.voice import selectors as voice_selectors

PAGE_SIZE = 25


def _crumbs(*trail):
    return [(_("Assessment"), reverse("assessment:staff-home")), *trail]


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _files(form) -> list:
    upload = form.cleaned_data.get("evidence")
    return [upload] if upload else []


# ----- overview ---------------------------------------------------------------------------

@staff_required
def home(request):
    user, today = request.user, timezone.localdate()
    counts = selectors.item_counts_for(user, today)
    return render(request, "assessment/staff/home.html", {
        "open_items": counts.open, "overdue_items": counts.overdue,
        "meeting_due": selectors.meeting_overdue_organisations(user, today),
        "inspections": selectors.inspections_for(user)[:5],
        "awaiting_signoff": selectors.awaiting_signoff_count(user),
        "breadcrumbs": [(_("Assessment"), None)],
    })


# ----- score sheets ---------------------------------------------------------------------------

@staff_required
def sheet_list(request):
    return render(request, "assessment/staff/sheet_list.html", {
        "page_obj": _page(request, selectors.score_sheets_for(request.user)),
        "may_manage": can(request.user, "assessment.manage"),
        "breadcrumbs": _crumbs((_("Score sheets"), None)),
    })


@staff_required
def sheet_detail(request, pk):
    sheet = selectors.score_sheet_get_for(request.user, pk)
    return render(request, "assessment/staff/sheet_detail.html", {
        "sheet": sheet, "sections": selectors.sheet_structure(sheet),
        "rules": selectors.sheet_rules(sheet), "used": services.score_sheet_is_used(sheet),
        "breadcrumbs": _crumbs((_("Score sheets"), reverse("assessment:staff-sheets")),
                               (str(sheet), None)),
    })


@staff_required
def sheet_edit(request):
    """A new sheet, or (with ?from=<id>) the next version of one."""
    organisations = selectors.organisations_for_action(request.user, "assessment.manage")
    initial, base = {}, None
    if request.GET.get("from"):
        base = selectors.score_sheet_get_for(request.user, request.GET["from"])
        items, tiers = forms.sheet_as_text(base)
        initial = {"organisation": base.organisation_id, "kind": base.kind, "code": base.code,
                   "name_zh": base.name_zh, "name_en": base.name_en, "items": items,
                   "tiers": tiers, "improvement_below": base.improvement_below,
                   "version": base.version}
    form = forms.ScoreSheetForm(request.POST or None, initial=initial,
                                organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sheet = form_submitted(request, form, lambda: services.score_sheet_save(
            actor=request.user, organisation=data["organisation"], kind=data["kind"],
            code=data["code"], name_zh=data["name_zh"], name_en=data["name_en"],
            improvement_below=data["improvement_below"], sections=data["items"],
            tiers=data["tiers"], based_on=base.pk if base is not None else None,
            expected_version=data["version"]))
        if sheet is not None:
            messages.success(request, _("Score sheet saved as version %(number)d.")
                             % {"number": sheet.sheet_version})
            return redirect("assessment:staff-sheet", sheet.pk)
    return render(request, "assessment/staff/form.html", {
        "form": form, "title": _("Score sheet"), "multipart": False,
        "breadcrumbs": _crumbs((_("Score sheets"), reverse("assessment:staff-sheets")),
                               (_("Score sheet"), None)),
    })


# ----- inspections ------------------------------------------------------------------------------

@staff_required
def inspection_list(request):
    """Reports awaiting the user's review or approval first, then every inspection (of a
    state, when the filter says so)."""
    user = request.user
    filters = forms.InspectionFilterForm(request.GET or None, awaiting_me=selectors.AWAITING_ME)
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    return render(request, "assessment/staff/inspection_list.html", {
        "page_obj": _page(request, selectors.inspections_matching(user, state=state)),
        "awaiting": [] if state else selectors.inspections_matching(
            user, state=selectors.AWAITING_ME)[:PAGE_SIZE],
        "filters": filters, "may_manage": can(user, "assessment.manage"),
        "breadcrumbs": _crumbs((_("Inspections"), None)),
    })


@staff_required
def inspection_new(request):
    user = request.user
    form = forms.InspectionForm(
        request.POST or None,
        organisations=selectors.organisations_for_action(user, "assessment.manage"),
        units=selectors.units_for_action(user, "assessment.view"),
        sheets=selectors.score_sheets_for(user, kind=SheetKind.INSPECTION, current_only=True),
        people=selectors.people_for(user), approvers=selectors.approver_candidates(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        inspection = form_submitted(request, form, lambda: services.inspection_create(
            actor=user, organisation=data["organisation"], unit=data["unit"],
            sheet=data["sheet"], kind=data["kind"], title=data["title"],
            inspected_on=data["inspected_on"], convener=data["convener"],
            secretary=data["secretary"], members=list(data["members"]),
            approver=data["approver"]))
        if inspection is not None:
            messages.success(request, _("Inspection planned."))
            return redirect("assessment:staff-inspection", inspection.pk)
    return render(request, "assessment/staff/form.html", {
        "form": form, "title": _("Plan an inspection"),
        "breadcrumbs": _crumbs((_("Inspections"), reverse("assessment:staff-inspections")),
                               (_("Plan an inspection"), None)),
    })


def _inspection_context(request, inspection, **forms_):
    user = request.user
    report_open = inspection.state in REPORT_OPEN
    may_manage = can(user, "assessment.manage", organisation=inspection.organisation)
    context = {
        "inspection": inspection, "means": selectors.inspection_item_means(inspection),
        "cards": inspection.cards.select_related("scorer"),
        "findings": inspection.findings.select_related("owner_unit", "item"),
        "evidence": inspection.evidence.all(),
        "may_score": report_open and selectors.is_task_force_member(inspection, user),
        "may_manage": may_manage, "report_open": report_open,
        "recorded": inspection.total is not None,
        "breadcrumbs": _crumbs((_("Inspections"), reverse("assessment:staff-inspections")),
                               (inspection.title, None)),
    }
    units = units_of(inspection.organisation, active_only=True)
    context["finding_form"] = forms_.get("finding_form") or forms.FindingForm(
        units=units, initial={"owner_unit": inspection.unit_id})
    context.update(signoff_context(request, inspection, **forms_))
    return context


@staff_required
def inspection_detail(request, pk):
    inspection = selectors.inspection_get_for(request.user, pk)
    return render(request, "assessment/staff/inspection_detail.html",
                  _inspection_context(request, inspection))


@staff_required
def inspection_score(request, pk):
    inspection = selectors.inspection_get_for(request.user, pk)
    form = forms.InspectionScoreForm(request.POST or None, request.FILES or None,
                                     sheet=inspection.sheet)
    if request.method == "POST" and form.is_valid():
        card = form_submitted(request, form, lambda: services.inspection_score(
            actor=request.user, inspection=inspection, points=form.points(),
            comments=form.comments(), files=_files(form)))
        if card is not None:
            messages.success(request, _("Your scores are saved: %(total)s points.")
                             % {"total": card.total})
            return redirect("assessment:staff-inspection", inspection.pk)
    return render(request, "assessment/staff/form.html", {
        "form": form, "title": _("Score: %(title)s") % {"title": inspection.title},
        "multipart": True,
        "breadcrumbs": _crumbs((_("Inspections"), reverse("assessment:staff-inspections")),
                               (inspection.title, reverse("assessment:staff-inspection",
                                                          args=[inspection.pk])),
                               (_("Score"), None)),
    })


@staff_required
@require_POST
def finding_add(request, pk):
    inspection = selectors.inspection_get_for(request.user, pk)
    form = forms.FindingForm(request.POST, units=units_of(inspection.organisation))
    if form.is_valid():
        finding = form_submitted(request, form, lambda: services.finding_add(
            actor=request.user, inspection=inspection, text=form.cleaned_data["text"],
            owner_unit=form.cleaned_data["owner_unit"]))
        if finding is not None:
            messages.success(request, _("Finding added."))
            return redirect("assessment:staff-inspection", inspection.pk)
    return render(request, "assessment/staff/inspection_detail.html",
                  _inspection_context(request, inspection, finding_form=form), status=400)


@staff_required
@require_POST
def finding_to_item(request, pk, finding_pk):
    inspection = selectors.inspection_get_for(request.user, pk)
    finding = selectors.finding_get_for(request.user, inspection, finding_pk)
    try:
        item = services.finding_to_item(actor=request.user, finding=finding)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("assessment:staff-inspection", inspection.pk)
    messages.success(request, _("Improvement item opened."))
    return redirect("assessment:staff-item", item.pk)


# ----- a citizen's follow-up taken into tracking (列管) ---------------------------------------

@staff_required
@require_POST
def survey_follow_up_to_item(request, pk):
    follow_up = survey_selectors.follow_up_get_for(request.user, pk)
    return _follow_up_to_item(request, follow_up, follow_up.organisation,
                              back=reverse("surveys:staff-follow-up", args=[follow_up.pk]))


@staff_required
@require_POST
def petition_follow_up_to_item(request, pk):
    follow_up = voice_selectors.follow_up_get_for(request.user, pk)
    return _follow_up_to_item(request, follow_up, follow_up.petition.organisation,
                              back=reverse("voice:staff-detail", args=[follow_up.petition_id]))


def _follow_up_to_item(request, follow_up, organisation, *, back: str):
    form = forms.FollowUpItemForm(request.POST, units=units_of(organisation))
    if not form.is_valid():
        messages.error(request, _("Choose the unit that owns the improvement."))
        return redirect(back)
    try:
        item = services.follow_up_to_item(actor=request.user, follow_up=follow_up,
                                          owner_unit=form.cleaned_data["owner_unit"])
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(back)
    messages.success(request, _("Improvement item opened."))
    return redirect("assessment:staff-item", item.pk)


# ----- improvement items --------------------------------------------------------------------

@staff_required
def item_list(request):
    filters = forms.ItemFilterForm(request.GET or None)
    items = selectors.items_for(request.user)
    if filters.is_valid():
        data = filters.cleaned_data
        items = selectors.items_matching(
            request.user, status=data["status"], source=data["source"],
            overdue_on=timezone.localdate() if data["overdue"] else None)
    return render(request, "assessment/staff/item_list.html", {
        "page_obj": _page(request, items), "filters": filters, "today": timezone.localdate(),
        "may_open": can(request.user, "assessment.review_items"),
        "breadcrumbs": _crumbs((_("Improvement items"), None)),
    })


@staff_required
def item_new(request):
    units = selectors.units_for_action(request.user, "assessment.view")
    form = forms.ItemForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = form_submitted(request, form, lambda: services.improvement_item_open(
            actor=request.user, organisation=data["owner_unit"].organisation,
            owner_unit=data["owner_unit"], source=data["source"], title=data["title"],
            description=data["description"], due_on=data["due_on"]))
        if item is not None:
            messages.success(request, _("Improvement item opened."))
            return redirect("assessment:staff-item", item.pk)
    return render(request, "assessment/staff/form.html", {
        "form": form, "title": _("Open an improvement item"),
        "breadcrumbs": _crumbs((_("Improvement items"), reverse("assessment:staff-items")),
                               (_("Open an improvement item"), None)),
    })


def _plan_form(request, organisation, form=None):
    """The form that takes a record into the execution plan, for those who may edit it."""
    parents = plan_parents_for(request.user, organisation, from_year=timezone.localdate().year)
    return form or (forms.PlanParentForm(parents=parents) if parents.exists() else None)


def _item_page(request, item, *, reply_form=None, review_form=None, plan_form=None,
               status=200):
    user = request.user
    may_reply = item.status in WAITING_ON_UNIT and can(user, "assessment.reply",
                                                       unit=item.owner_unit)
    may_review = item.status == ItemStatus.REPLIED and can(
        user, "assessment.review_items", organisation=item.organisation)
    initial = {"version": item.version}
    return render(request, "assessment/staff/item_detail.html", {
        "item": item, "evidence": item.evidence.all(), "today": timezone.localdate(),
        "reply_form": (reply_form or forms.ReplyForm(initial=initial)) if may_reply else None,
        "review_form": (review_form or forms.ReviewForm(initial=initial)) if may_review else None,
        "plan_form": None if item.plan_node_id or item.status == ItemStatus.CLOSED
        else _plan_form(request, item.organisation, plan_form),
        "breadcrumbs": _crumbs((_("Improvement items"), reverse("assessment:staff-items")),
                               (item.title, None)),
    }, status=status)


@staff_required
def item_detail(request, pk):
    return _item_page(request, selectors.item_get_for(request.user, pk))


@staff_required
@require_POST
def item_reply(request, pk):
    item = selectors.item_get_for(request.user, pk)
    form = forms.ReplyForm(request.POST, request.FILES)
    if form_submitted(request, form, lambda: services.improvement_item_reply(
            actor=request.user, item=item, expected_version=form.cleaned_data["version"],
            reply=form.cleaned_data["reply"], files=_files(form)),
            success=_("Reply sent to the coordinator.")):
        return redirect("assessment:staff-item", item.pk)
    return _item_page(request, selectors.item_get_for(request.user, pk), reply_form=form,
                      status=400)


@staff_required
@require_POST
def item_review(request, pk):
    item = selectors.item_get_for(request.user, pk)
    form = forms.ReviewForm(request.POST)
    if form_submitted(request, form, lambda: services.improvement_item_review(
            actor=request.user, item=item, expected_version=form.cleaned_data["version"],
            close=form.cleaned_data["decision"] == "close",
            note=form.cleaned_data["note"]),
            success=_("Review recorded.")):
        return redirect("assessment:staff-item", item.pk)
    return _item_page(request, selectors.item_get_for(request.user, pk), review_form=form,
                      status=400)


# ----- meetings -----------------------------------------------------------------------------

@staff_required
def meeting_list(request):
    form = forms.MeetingForm(request.POST or None, organisations=selectors.organisations_for_action(
        request.user, "assessment.review_items"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = form_submitted(request, form, lambda: services.meeting_record(
            actor=request.user, organisation=data["organisation"], held_on=data["held_on"],
            title=data["title"], minutes=data["minutes"]))
        if meeting is not None:
            messages.success(request, _("Meeting recorded with its open items."))
            return redirect("assessment:staff-meeting", meeting.pk)
    return render(request, "assessment/staff/meeting_list.html", {
        "page_obj": _page(request, selectors.meetings_for(request.user)), "form": form,
        "may_record": can(request.user, "assessment.review_items"),
        "meeting_due": selectors.meeting_overdue_organisations(request.user,
                                                               timezone.localdate()),
        "breadcrumbs": _crumbs((_("Task-force meetings"), None)),
    })


@staff_required
def meeting_detail(request, pk):
    meeting = selectors.meeting_get_for(request.user, pk)
    return render(request, "assessment/staff/meeting_detail.html", {
        "meeting": meeting, "lines": selectors.meeting_lines(meeting),
        "breadcrumbs": _crumbs((_("Task-force meetings"), reverse("assessment:staff-meetings")),
                               (meeting.title, None)),
    })


@staff_required
def meeting_document(request, pk, fmt):
    meeting = selectors.meeting_get_for(request.user, pk)
    if fmt not in ("odt", "pdf"):
        raise Http404
    name = f"meeting-{meeting.held_on.isoformat()}"
    if fmt == "odt":
        return attachment(documents.meeting_odt(meeting), filename=f"{name}.odt",
                          content_type="application/vnd.oasis.opendocument.text")
    return attachment(documents.meeting_pdf(meeting), filename=f"{name}.pdf",
                      content_type="application/pdf")


# ----- telephone-courtesy tests ----------------------------------------------------------------

def _month(request) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{request.GET.get('month', '')}-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


@staff_required
def courtesy_list(request):
    month = _month(request)
    by_unit = selectors.courtesy_monthly(request.user, month)
    by_person = selectors.courtesy_monthly(request.user, month, by="person")
    fmt = request.GET.get("format", "")
    if fmt:
        return table_download(
            fmt, filename=f"courtesy-{month:%Y-%m}", sheet=_("Telephone-courtesy tests"),
            header=[_("Unit / person"), _("Tests"), _("Mean score"), _("Below the threshold")],
            rows=[(row.label, row.tests, row.mean, row.below) for row in by_person])
    chart = charts.bar_chart(
        title=_("Mean telephone-courtesy score by unit"), labels=[row.label for row in by_unit],
        series=[charts.Series(_("Mean score"), [float(row.mean) for row in by_unit])],
        unit=_("points")) if by_unit else None
    return render(request, "assessment/staff/courtesy_list.html", {
        "page_obj": _page(request, selectors.courtesy_tests_for(request.user)),
        "month": month, "by_unit": by_unit, "by_person": by_person, "chart": chart,
        "sheets": selectors.score_sheets_for(request.user, kind=SheetKind.COURTESY,
                                             current_only=True),
        "may_manage": can(request.user, "assessment.manage"),
        "breadcrumbs": _crumbs((_("Telephone-courtesy tests"), None)),
    })


@staff_required
def courtesy_new(request, sheet_pk):
    user = request.user
    sheet = selectors.score_sheet_get_for(user, sheet_pk)
    form = forms.CourtesyTestForm(request.POST or None, sheet=sheet,
                                  units=selectors.units_for_action(user, "assessment.manage"),
                                  people=selectors.people_for(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        test = form_submitted(request, form, lambda: services.courtesy_test_record(
            actor=user, unit=data["unit"], sheet=sheet, called_at=data["called_at"],
            number_called=data["number_called"], rings=data["rings"], points=form.points(),
            answered_by=data["answered_by"], answered_by_name=data["answered_by_name"],
            notes=data["notes"], idempotency_key=data["idempotency_key"]))
        if test is not None:
            if test.below_threshold:
                messages.warning(request, _("Below the threshold: a training follow-up "
                                            "was opened."))
            else:
                messages.success(request, _("Test recorded."))
            return redirect("assessment:staff-courtesy")
    return render(request, "assessment/staff/form.html", {
        "form": form, "title": _("Record a telephone-courtesy test"),
        "breadcrumbs": _crumbs((_("Telephone-courtesy tests"),
                                reverse("assessment:staff-courtesy")), (_("New test"), None)),
    })


# ----- recognition ------------------------------------------------------------------------------

@staff_required
def nomination_list(request):
    user = request.user
    form = forms.NominationForm(request.POST or None,
                                units=selectors.units_for_action(user, "assessment.nominate"),
                                people=selectors.people_for(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nomination = form_submitted(request, form, lambda: services.nomination_create(
            actor=user, unit=data["unit"], kind=data["kind"], period_day=data["period_day"],
            nominee=data["nominee"], reason=data["reason"],
            manual_figures=form.manual_figures()))
        if nomination is not None:
            messages.success(request, _("Nomination recorded."))
            return redirect("assessment:staff-nominations")
    return render(request, "assessment/staff/nomination_list.html", {
        "page_obj": _page(request, selectors.nominations_for(user)), "form": form,
        "may_nominate": can(user, "assessment.nominate"),
        "breadcrumbs": _crumbs((_("Recognition"), None)),
    })


@staff_required
@require_POST
def nomination_select(request, pk):
    nomination = selectors.nomination_get_for(request.user, pk)
    try:
        services.nomination_select(actor=request.user, nomination=nomination)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Selection recorded; it shows on the honour roll."))
    return redirect("assessment:staff-nominations")


# ----- proposals -----------------------------------------------------------------------------

@staff_required
def proposal_list(request):
    user = request.user
    proposals = selectors.proposals_for(user)
    form = forms.ProposalForm(request.POST or None,
                              units=selectors.units_for_action(user, "assessment.propose"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        proposal = form_submitted(request, form, lambda: services.proposal_submit(
            actor=user, unit=data["unit"], title=data["title"], description=data["description"],
            expected_benefit=data["expected_benefit"], idempotency_key=data["idempotency_key"]))
        if proposal is not None:
            messages.success(request, _("Proposal submitted."))
            return redirect("assessment:staff-proposal", proposal.pk)
    return render(request, "assessment/staff/proposal_list.html", {
        "page_obj": _page(request, proposals), "form": form,
        "adoption_rate": selectors.adoption_rate(proposals),
        "breadcrumbs": _crumbs((_("Innovation proposals"), None)),
    })


def _proposal_page(request, proposal, *, decision_form=None, implementation_form=None,
                   plan_form=None, status=200):
    may_review = can(request.user, "assessment.review_proposals",
                     organisation=proposal.organisation)
    initial = {"version": proposal.version}
    decidable = may_review and proposal.status == ProposalStatus.SUBMITTED
    implementable = may_review and proposal.status in (ProposalStatus.ADOPTED,
                                                       ProposalStatus.IMPLEMENTED)
    return render(request, "assessment/staff/proposal_detail.html", {
        "proposal": proposal,
        "decision_form": (decision_form or forms.ProposalDecisionForm(initial=initial))
        if decidable else None,
        "implementation_form": (implementation_form or forms.ImplementationForm(
            initial=initial | {"note": proposal.implementation_note})) if implementable else None,
        "plan_form": _plan_form(request, proposal.organisation, plan_form)
        if implementable and not proposal.plan_node_id else None,
        "breadcrumbs": _crumbs((_("Innovation proposals"), reverse("assessment:staff-proposals")),
                               (proposal.title, None)),
    }, status=status)


@staff_required
def proposal_detail(request, pk):
    return _proposal_page(request, selectors.proposal_get_for(request.user, pk))


@staff_required
@require_POST
def proposal_decide(request, pk):
    proposal = selectors.proposal_get_for(request.user, pk)
    form = forms.ProposalDecisionForm(request.POST)
    if form_submitted(request, form, lambda: services.proposal_decide(
            actor=request.user, proposal=proposal, expected_version=form.cleaned_data["version"],
            adopted=form.cleaned_data["decision"] == "adopt",
            reason=form.cleaned_data["reason"]),
            success=_("Decision recorded.")):
        return redirect("assessment:staff-proposal", proposal.pk)
    return _proposal_page(request, selectors.proposal_get_for(request.user, pk),
                          decision_form=form, status=400)


@staff_required
@require_POST
def proposal_implement(request, pk):
    proposal = selectors.proposal_get_for(request.user, pk)
    form = forms.ImplementationForm(request.POST)
    if form_submitted(request, form, lambda: services.proposal_record_implementation(
            actor=request.user, proposal=proposal, expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            implemented=form.cleaned_data["implemented"]),
            success=_("Implementation progress recorded.")):
        return redirect("assessment:staff-proposal", proposal.pk)
    return _proposal_page(request, selectors.proposal_get_for(request.user, pk),
                          implementation_form=form, status=400)


def _into_plan(request, record, take, page):
    """POST: take `record` into the plan under the chosen item, or show why not."""
    parents = plan_parents_for(request.user, record.organisation,
                               from_year=timezone.localdate().year)
    form = forms.PlanParentForm(request.POST, parents=parents)
    if form_submitted(request, form, lambda: take(form.cleaned_data["parent"]),
            success=_("Added to the execution plan as an action.")):
        return None
    return page(form)


@staff_required
@require_POST
def item_into_plan(request, pk):
    item = selectors.item_get_for(request.user, pk)
    return _into_plan(
        request, item,
        lambda parent: services.improvement_item_take_into_plan(
            actor=request.user, item=item, parent=parent,
            expected_version=_version(request)),
        lambda form: _item_page(request, item, plan_form=form, status=400),
    ) or redirect("assessment:staff-item", item.pk)


@staff_required
@require_POST
def proposal_into_plan(request, pk):
    proposal = selectors.proposal_get_for(request.user, pk)
    return _into_plan(
        request, proposal,
        lambda parent: services.proposal_take_into_plan(
            actor=request.user, proposal=proposal, parent=parent,
            expected_version=_version(request)),
        lambda form: _proposal_page(request, proposal, plan_form=form, status=400),
    ) or redirect("assessment:staff-proposal", proposal.pk)


@staff_required
def evidence_download(request, pk):
    evidence = selectors.evidence_get_for(request.user, pk)
    return file_download(evidence)
