"""Staff pages of plans: list, plan with its tree (edited without JavaScript: add child,
edit, move up or down, remove), import of the action table, key indicators, reporting
periods and progress reports, the coordinator's overview, and the documents.

Thin: reads through `plans.selectors` (scoped; another agency's plan is 404), writes
through `plans.services`."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.core.errors import DomainError, NotFound, PermissionDenied
from minfu.core.exports import attachment, file_download, table_download
from minfu.core.forms import add_domain_error, form_submitted
from minfu.org.auth import staff_required
from minfu.org.permissions import can, require
from minfu.org.selectors import organisations_where, units_of
from minfu.plans import deadlines, documents, selectors, services, workflow
from minfu.plans.forms import (
    DirectiveForm,
    ImportForm,
    IndicatorActualForm,
    IndicatorForm,
    LevelForm,
    NodeForm,
    PeriodForm,
    PlanCreateForm,
    PlanEditForm,
    ProgrammeDeadlineForm,
    ReportForm,
    ReviewForm,
    SectionForm,
    UnitGroupForm,
)
from minfu.plans.models import REVIEW_STATE_LABELS

IMPORT_SESSION_KEY = "plans_import"


def _crumbs(*trail):
    return [(_("Plans"), reverse("plans:staff-list")), *trail]


def _plan_crumb(plan):
    return (plan.title, reverse("plans:staff-detail", args=[plan.pk]))


# Plans ----------------------------------------------------------------------------------

@staff_required
def plan_list(request):
    editable = organisations_where(request.user, services.EDIT)
    form = PlanCreateForm(request.POST or None, organisations=editable)
    plan = form_submitted(request, form, lambda: services.plan_create(
        actor=request.user, organisation=form.cleaned_data["organisation"],
        year=form.cleaned_data["year"] + 1911, title=form.cleaned_data["title"]),
        _("The plan was created."))
    if plan:
        return redirect("plans:staff-detail", plan.pk)
    return render(request, "plans/staff/list.html", {
        "plans": selectors.plan_list_for(request.user), "form": form if editable.exists() else None,
        "oversees": selectors.programmes_overseen(request.user).exists(),
        "breadcrumbs": _crumbs()})


@staff_required
def plan_detail(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    roots = selectors.plan_tree(plan)
    unit_id = request.GET.get("unit")
    rows = selectors.flatten(roots)
    if unit_id and unit_id.isdigit():
        rows = [row for row in rows
                if row.action is None or selectors.reports_to(row.action, int(unit_id))]
    may_edit = can(request.user, services.EDIT, organisation=plan.organisation)
    statuses = selectors.plan_indicators(plan)
    scores = selectors.node_scores(plan, statuses)
    for row in rows:
        row.score = scores.get(row.node.pk)
    return render(request, "plans/staff/detail.html", {
        "plan": plan, "rows": rows, "may_edit": may_edit,
        "may_change": may_edit and not plan.is_published,
        "revisions": selectors.revisions_of(plan),
        "changes": None if plan.is_published else selectors.changes_since_published(plan),
        "levels": plan.levels.all(), "directives": plan.directives.all(),
        "indicators": statuses,
        "periods": plan.periods.all(),
        "units": units_of(plan.organisation, active_only=True),
        "unit_filter": unit_id or "",
        "may_review": can(request.user, services.REVIEW, organisation=plan.organisation),
        "breadcrumbs": _crumbs((plan.title, None))})


@staff_required
def plan_edit(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    require(request.user, services.EDIT, organisation=plan.organisation)
    initial = {"version": plan.version, "title": plan.title, "numbering": plan.numbering,
               "uses_weights": plan.uses_weights, "layout": plan.layout,
               "objectives": plan.objectives, "executing_units": plan.executing_units}
    form = PlanEditForm(request.POST or None, initial=initial)
    directive_form = DirectiveForm(prefix="directive")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.plan_update(actor=request.user, plan=plan, expected_version=version, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("plans:staff-detail", plan.pk)
    return render(request, "plans/staff/edit.html", {
        "plan": plan, "form": form, "directive_form": directive_form,
        "sections": selectors.numbered_sections(plan),
        "level_forms": [LevelForm(initial={"depth": level.depth, "label": level.label,
                                           "style": level.style}, prefix=f"level{level.depth}")
                        for level in plan.levels.all()],
        "breadcrumbs": _crumbs(_plan_crumb(plan), (_("Edit"), None))})


@staff_required
@require_POST
def directive_add(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    form = DirectiveForm(request.POST, prefix="directive")
    if form.is_valid():
        services.directive_add(actor=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("The directive was added."))
    else:
        messages.error(request, _("The directive was not added: give its text."))
    return redirect("plans:staff-edit", plan.pk)


@staff_required
@require_POST
def level_set(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    depth = request.POST.get("depth", "")
    form = LevelForm(request.POST, prefix=f"level{depth}" if depth.isdigit() else None)
    if form.is_valid():
        services.level_set(actor=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("The level was saved."))
    else:
        messages.error(request, _("The level was not saved: give it a name."))
    return redirect("plans:staff-edit", plan.pk)


@staff_required
@require_POST
def plan_publish(request, pk):
    return _plan_step(request, pk, services.plan_publish,
                      _("The plan is published on the public site."))


def _plan_step(request, pk, step, done: str):
    """Take `step` on the plan at the version the form was shown with; say how it went
    and go back to the plan."""
    plan = selectors.plan_get_for(request.user, pk)
    version = request.POST.get("version", "")
    try:
        step(actor=request.user, plan=plan,
             expected_version=int(version) if version.isdigit() else None)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("plans:staff-detail", plan.pk)


@staff_required
@require_POST
def plan_copy(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    try:
        copy = services.plan_copy_to_next_year(actor=request.user, plan=plan)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("plans:staff-detail", plan.pk)
    messages.success(request, _("The plan was copied to the next year as a draft."))
    return redirect("plans:staff-detail", copy.pk)


@staff_required
def plan_document(request, pk, extension):
    plan = selectors.plan_get_for(request.user, pk)
    return _document_response(plan, extension)


def _document_response(plan, extension: str) -> HttpResponse:
    content = documents.plan_odt(plan) if extension == "odt" else documents.plan_pdf(plan)
    return attachment(content, content_type=documents.CONTENT_TYPES[extension],
                      filename=documents.filename(plan, extension))


@staff_required
def revision_document(request, pk, number, extension):
    """A published revision's document, as it was published."""
    plan = selectors.plan_get_for(request.user, pk)
    return attachment(selectors.revision_document(plan, number, extension),
                      content_type=documents.CONTENT_TYPES[extension],
                      filename=documents.filename(plan, extension).replace(
                          f".{extension}", f"-r{number}.{extension}"))


@staff_required
@require_POST
def plan_revise(request, pk):
    return _plan_step(request, pk, services.plan_revise,
                      _("A new revision is open; the public still sees the "
                        "published one until you publish again."))


@staff_required
def plan_changes(request, pk):
    """What the draft changes from the last published revision."""
    plan = selectors.plan_get_for(request.user, pk)
    return render(request, "plans/staff/changes.html", {
        "plan": plan, "changes": selectors.changes_since_published(plan),
        "revision": selectors.latest_revision(plan),
        "breadcrumbs": _crumbs(_plan_crumb(plan), (_("Changes"), None))})

# Sections of the printed plan -------------------------------------------------------------

@staff_required
def section_form(request, pk, section_pk=None):
    """Add a section to the printed plan, or change one."""
    plan = selectors.plan_get_for(request.user, pk)
    require(request.user, services.EDIT, organisation=plan.organisation)
    section = plan.sections.filter(pk=section_pk).first() if section_pk else None
    if section_pk and section is None:
        raise NotFound(_("No such section."))
    initial = ({"heading": section.heading, "kind": section.kind,
                "paragraphs": section.paragraphs,
                "table": SectionForm.table_text(section.table)} if section else {"kind": "text"})
    form = SectionForm(request.POST or None, initial=initial)
    if form_submitted(request, form, lambda: services.section_save(
            actor=request.user, plan=plan, section=section, **form.cleaned_data),
            _("The section was saved.")):
        return redirect(reverse("plans:staff-edit", args=[plan.pk]) + "#sections")
    return render(request, "plans/staff/section_form.html", {
        "plan": plan, "section": section, "form": form,
        "breadcrumbs": _crumbs(_plan_crumb(plan), (_("Section"), None))})


@staff_required
@require_POST
def section_change(request, pk, section_pk, change):
    """Move a section up or down, or remove it."""
    plan = selectors.plan_get_for(request.user, pk)
    section = plan.sections.filter(pk=section_pk).first()
    if section is None:
        raise NotFound(_("No such section."))
    try:
        if change == "delete":
            services.section_delete(actor=request.user, section=section)
        else:
            services.section_move(actor=request.user, section=section, direction=change)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("plans:staff-edit", args=[plan.pk]) + "#sections")


# The tree -------------------------------------------------------------------------------

@staff_required
def node_add(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    require(request.user, services.EDIT, organisation=plan.organisation)
    parent = None
    if request.GET.get("parent") or request.POST.get("parent"):
        parent = selectors.node_get_for(request.user,
                                        request.POST.get("parent") or request.GET.get("parent"))
        if parent.plan_id != plan.pk:
            parent = None
    return _node_form(request, plan, node=None, parent=parent)


@staff_required
def node_edit(request, pk):
    node = selectors.node_get_for(request.user, pk)
    require(request.user, services.EDIT, organisation=node.plan.organisation)
    return _node_form(request, node.plan, node=node, parent=node.parent)


def _node_initial(node):
    if node is None:
        return {}
    action = getattr(node, "action", None)
    initial = {"text": node.text, "number": node.number, "actionable": action is not None,
               "measure": node.measure_id}
    if action is not None:
        initial.update(deadline=action.deadline_label, all_units=action.all_units,
                       units=list(action.responsible_units.all()),
                       groups=list(action.responsible_groups.all()),
                       expected_benefit=action.expected_benefit, version=action.version)
    return initial


def _node_form(request, plan, *, node, parent):
    levels = [] if node is not None else selectors.levels_below(plan, parent)
    form = NodeForm(request.POST or None, units=units_of(plan.organisation, active_only=True),
                    groups=selectors.unit_groups_of(plan.organisation),
                    measures=selectors.measures_of(plan), year=plan.year,
                    keeps_numbers=plan.numbering == plan.Numbering.AS_WRITTEN, levels=levels,
                    initial=_node_initial(node))
    if request.method == "POST" and form.is_valid():
        try:
            _save_node(request.user, plan, node, parent, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The item was saved."))
            if form.cleaned_data["actionable"]:
                warning = deadlines.warning(form.cleaned_data["parsed_deadline"],
                                            year=plan.year)
                if warning:
                    messages.warning(request, warning)
            return redirect(reverse("plans:staff-detail", args=[plan.pk]) + "#tree")
    return render(request, "plans/staff/node_form.html", {
        "plan": plan, "node": node, "parent": parent, "form": form,
        "breadcrumbs": _crumbs(_plan_crumb(plan), (_("Item"), None))})


@transaction.atomic
def _save_node(user, plan, node, parent, data):
    if node is None:
        node = services.node_add(actor=user, plan=plan, parent=parent, text=data["text"],
                                 measure=data.get("measure"), level=data.get("level"),
                                 number=data.get("number", ""))
    else:
        node = services.node_update(actor=user, node=node, text=data["text"],
                                    measure=data.get("measure"), number=data.get("number"))
    if data["actionable"]:
        services.action_set(actor=user, node=node, deadline=data["parsed_deadline"],
                            units=data["units"], groups=data.get("groups") or (),
                            all_units=data["all_units"],
                            expected_benefit=data["expected_benefit"],
                            expected_version=data.get("version"))


@staff_required
@require_POST
def node_move(request, pk, direction):
    node = selectors.node_get_for(request.user, pk)
    services.node_move(actor=request.user, node=node, direction=direction)
    return redirect(reverse("plans:staff-detail", args=[node.plan_id]) + f"#node-{node.pk}")


@staff_required
@require_POST
def node_delete(request, pk):
    """Remove an item; one with items below it first shows what goes with it and asks."""
    node = selectors.node_get_for(request.user, pk)
    plan_id = node.plan_id
    try:
        services.node_delete(actor=request.user, node=node,
                             confirmed="confirm" in request.POST)
    except DomainError as error:
        if error.code == "confirm_required":
            rows = selectors.subtree(node)
            return render(request, "plans/staff/node_delete.html", {
                "plan": node.plan, "node": node, "rows": rows,
                "indicators": sum(row.node.indicators.count() for row in rows),
                "breadcrumbs": _crumbs(_plan_crumb(node.plan), (_("Remove"), None))})
        messages.error(request, error.message)
    else:
        messages.success(request, _("The item was removed."))
    return redirect(reverse("plans:staff-detail", args=[plan_id]) + "#tree")


# Import and export ----------------------------------------------------------------------

@staff_required
def plan_import(request, pk):
    """Upload, preview (the tree and every problem per row; nothing is saved), confirm."""
    plan = selectors.plan_get_for(request.user, pk)
    require(request.user, services.EDIT, organisation=plan.organisation)
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirmed(request, plan)
    form = ImportForm(request.POST or None, request.FILES or None, initial={
        "numbering": plan.numbering})
    context = {"plan": plan, "form": form,
               "level_labels": list(plan.levels.values_list("label", flat=True)),
               "breadcrumbs": _crumbs(_plan_crumb(plan), (_("Import"), None))}
    if request.method == "POST" and form.is_valid():
        upload, keep = form.cleaned_data["file"], form.keeps_numbers
        data = upload.read()
        sheet = selectors.plan_sheet_read(plan, content=data, filename=upload.name,
                                          keep_numbers=keep)
        if sheet.ok:
            request.session[IMPORT_SESSION_KEY] = {
                "plan": plan.pk, "filename": upload.name, "keep_numbers": keep,
                "data": base64.b64encode(data).decode("ascii")}
        context.update(sheet=sheet, filename=upload.name, items=sheet.nodes())
    return render(request, "plans/staff/import.html", context)


def _import_confirmed(request, plan):
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if not pending or pending.get("plan") != plan.pk:
        messages.error(request, _("The upload has expired; choose the file again."))
        return redirect("plans:staff-import", plan.pk)
    sheet = selectors.plan_sheet_read(plan, content=base64.b64decode(pending["data"]),
                                      filename=pending["filename"],
                                      keep_numbers=pending["keep_numbers"])
    try:
        count = services.plan_import(actor=request.user, plan=plan, sheet=sheet,
                                     keep_numbers=pending["keep_numbers"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("plans:staff-import", plan.pk)
    messages.success(request, _("Imported %(count)d items.") % {"count": count})
    return redirect("plans:staff-detail", plan.pk)


@staff_required
def plan_sheet(request, pk, kind):
    """The plan as a sheet that imports back as the same plan (`export`), or its empty
    template (`template`): its own level columns, then deadline, units and benefit."""
    plan = selectors.plan_get_for(request.user, pk)
    rows = selectors.plan_sheet_rows(plan, template=kind == "template")
    name = f"{plan.organisation.code}-{plan.roc_year}-plan-{kind}"
    return table_download(request.GET.get("format", "xlsx"), filename=name,
                          sheet=plan.title[:31], header=rows[0], rows=rows[1:])


# Indicators -----------------------------------------------------------------------------

def _indicator_initial(indicator) -> dict:
    if indicator is None:
        return {}
    year = indicator.plan.year
    targets = {t.year: t.label for t in indicator.targets.all()}
    return {"version": indicator.version, "name": indicator.name, "node": indicator.node_id,
            "weight": indicator.weight,
            "definition": indicator.definition, "unit_of_measure": indicator.unit_of_measure,
            "direction": indicator.direction, "baseline": indicator.baseline,
            "tolerance": indicator.tolerance, "metric_code": indicator.metric_code,
            **{f"target_{i}": targets.get(year + i - 1) for i in (1, 2, 3)}}


@staff_required
def indicator_form(request, pk, indicator_pk=None):
    plan = selectors.plan_get_for(request.user, pk)
    require(request.user, services.EDIT, organisation=plan.organisation)
    indicator = (selectors.indicator_get_for(request.user, indicator_pk)
                 if indicator_pk else None)
    if indicator is not None and indicator.plan_id != plan.pk:
        indicator = None
    form = IndicatorForm(request.POST or None, nodes=plan.nodes.order_by("path"),
                         initial=_indicator_initial(indicator) or {
                             "node": request.GET.get("node")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        targets = {plan.year + i - 1: data.pop(f"target_{i}") for i in (1, 2, 3)}
        try:
            services.indicator_save(actor=request.user, plan=plan, indicator=indicator,
                                    expected_version=data.pop("version"), targets=targets,
                                    **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect(reverse("plans:staff-detail", args=[plan.pk]) + "#indicators")
    return _indicator_page(request, plan, indicator, form)


def _indicator_page(request, plan, indicator, form, actual_form=None):
    if actual_form is None and indicator is not None and not indicator.is_bound:
        actual_form = IndicatorActualForm(initial={
            "version": indicator.version, "value": indicator.manual_actual,
            "actual_text": indicator.actual_text, "judgement": indicator.judgement,
            "evidence_text": indicator.evidence_text})
    return render(request, "plans/staff/indicator_form.html", {
        "plan": plan, "indicator": indicator, "form": form, "actual_form": actual_form,
        "breadcrumbs": _crumbs(_plan_crumb(plan), (_("Key indicator"), None))},
        status=400 if actual_form is not None and actual_form.is_bound else 200)


@staff_required
@require_POST
def indicator_actual(request, pk):
    indicator = selectors.indicator_get_for(request.user, pk)
    form = IndicatorActualForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["evidence_file"]
        try:
            services.indicator_record_actual(
                actor=request.user, indicator=indicator,
                expected_version=form.cleaned_data["version"], value=form.cleaned_data["value"],
                actual_text=form.cleaned_data["actual_text"],
                judgement=form.cleaned_data["judgement"],
                evidence_text=form.cleaned_data["evidence_text"],
                evidence_name=upload.name if upload else "",
                evidence_content=upload.read() if upload else None)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The actual value was recorded."))
            return redirect(reverse("plans:staff-detail", args=[indicator.plan_id])
                            + "#indicators")
    # The page again, with what was typed and why it was not recorded.
    return _indicator_page(request, indicator.plan, indicator,
                           IndicatorForm(nodes=indicator.plan.nodes.order_by("path"),
                                         initial=_indicator_initial(indicator)), form)


# Periods and reports --------------------------------------------------------------------

@staff_required
@require_POST
def periods_quarterly(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    services.periods_create_quarterly(actor=request.user, plan=plan)
    messages.success(request, _("The four quarters are set up as reporting periods."))
    return redirect(reverse("plans:staff-detail", args=[plan.pk]) + "#periods")


@staff_required
def period_new(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    require(request.user, services.EDIT, organisation=plan.organisation)
    form = PeriodForm(request.POST or None)
    period = form_submitted(request, form, lambda: services.period_create(
        actor=request.user, plan=plan, **form.cleaned_data))
    if period:
        messages.success(request, _("The reporting period %(label)s is set up.")
                         % {"label": period.label})
        return redirect("plans:staff-period", plan.pk, period.pk)
    return render(request, "plans/staff/period_form.html", {
        "plan": plan, "form": form,
        "breadcrumbs": _crumbs(_plan_crumb(plan), (_("New reporting period"), None))},
        status=400 if form.is_bound else 200)


@staff_required
@require_POST
def period_open(request, pk, period_pk):
    plan = selectors.plan_get_for(request.user, pk)
    period = selectors.period_get_for(request.user, plan, period_pk)
    count = services.period_open(actor=request.user, period=period)
    messages.success(request, _("%(count)d reports are now expected from the units.")
                     % {"count": count})
    return redirect("plans:staff-period", plan.pk, period.pk)


@staff_required
def period_reports(request, pk, period_pk):
    plan = selectors.plan_get_for(request.user, pk)
    period = selectors.period_get_for(request.user, plan, period_pk)
    state = request.GET.get("state", "")
    reports = selectors.period_reports_for(request.user, plan, period, review_state=state)
    return render(request, "plans/staff/period.html", {
        "plan": plan, "period": period, "reports": reports, "state": state,
        "states": list(REVIEW_STATE_LABELS.items()),
        "may_edit": can(request.user, services.EDIT, organisation=plan.organisation),
        "breadcrumbs": _crumbs(_plan_crumb(plan), (period.label, None))})


@staff_required
def report_detail(request, pk):
    report = selectors.report_get_for(request.user, pk)
    may_report = (can(request.user, services.REPORT, unit=report.unit)
                  and workflow.is_editable(report.review_state))
    form = ReportForm(request.POST or None, request.FILES or None, initial={
        "version": report.version, "status": report.status, "narrative": report.narrative})
    if request.method == "POST" and may_report and form.is_valid():
        try:
            _save_report(request, report, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("plans:staff-report", report.pk)
    return _report_page(request, report, form=form)


def _report_page(request, report, *, form=None, review_form=None):
    plan = report.action.plan
    may_report = (can(request.user, services.REPORT, unit=report.unit)
                  and workflow.is_editable(report.review_state))
    may_review = (can(request.user, services.REVIEW, organisation=plan.organisation)
                  and report.review_state == workflow.ReviewState.SUBMITTED)
    if form is None:
        form = ReportForm(initial={"version": report.version, "status": report.status,
                                   "narrative": report.narrative})
    if review_form is None:
        review_form = ReviewForm(prefix="review", initial={"version": report.version})
    status = 400 if review_form.is_bound else 200
    return render(request, "plans/staff/report.html", {
        "report": report, "plan": plan, "form": form if may_report else None,
        "review_form": review_form if may_review else None,
        "breadcrumbs": _crumbs(_plan_crumb(plan), (
            report.period.label, reverse("plans:staff-period", args=[plan.pk, report.period_id])),
            (report.unit.name, None))}, status=status)


@transaction.atomic
def _save_report(request, report, data):
    report = services.report_save(
        actor=request.user, action=report.action, unit=report.unit, period=report.period,
        occurrence=report.occurrence, status=data["status"], narrative=data["narrative"],
        expected_version=data.get("version"))
    if data.get("evidence"):
        services.report_attach(actor=request.user, report=report,
                               name=data["evidence"].name, content=data["evidence"].read())
    if "submit" in request.POST:
        # The version this user's own save just wrote.
        services.report_submit(actor=request.user, report=report,
                               expected_version=report.version)
        messages.success(request, _("The report was submitted for review."))
    else:
        messages.success(request, _("The report was saved as a draft."))


@staff_required
def evidence_download(request, pk):
    evidence = selectors.evidence_get_for(request.user, pk)
    return file_download(evidence)


@staff_required
@require_POST
def report_review(request, pk):
    report = selectors.report_get_for(request.user, pk)
    form = ReviewForm(request.POST, prefix="review")
    if form_submitted(request, form, lambda: services.report_review(
            actor=request.user, report=report, decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"]), _("The review was recorded.")):
        return redirect("plans:staff-report", report.pk)
    # The page again, with the comment typed and why the review was not recorded.
    return _report_page(request, selectors.report_get_for(request.user, pk), review_form=form)


@staff_required
def overview(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    return render(request, "plans/staff/overview.html", {
        "plan": plan, "overview": selectors.overview(plan, today=timezone.localdate()),
        "breadcrumbs": _crumbs(_plan_crumb(plan), (_("Overview"), None))})



# Unit groups ----------------------------------------------------------------------------

@staff_required
def unit_groups(request):
    """The unit groups of the organisations the user sees; a new one for those they edit."""
    editable = organisations_where(request.user, services.EDIT)
    organisation = editable.filter(pk=request.GET.get("organisation") or 0).first() \
        or editable.first()
    form = None
    if organisation is not None:
        form = UnitGroupForm(request.POST or None,
                             units=units_of(organisation, active_only=True))
        if form_submitted(request, form, lambda: services.unit_group_save(
                actor=request.user, organisation=organisation, name=form.cleaned_data["name"],
                units=form.cleaned_data["units"]), _("The unit group was saved.")):
            return redirect(f"{reverse('plans:staff-unit-groups')}"
                            f"?organisation={organisation.pk}")
    return render(request, "plans/staff/unit_groups.html", {
        "groups": selectors.unit_groups_for(request.user), "form": form,
        "organisation": organisation, "editable": editable,
        "breadcrumbs": _crumbs((_("Unit groups"), None))})


@staff_required
def unit_group_edit(request, pk):
    group = selectors.unit_group_get_for(request.user, pk)
    require(request.user, services.EDIT, organisation=group.organisation)
    form = UnitGroupForm(request.POST or None, units=units_of(group.organisation,
                                                               active_only=True), initial={
        "version": group.version, "name": group.name, "units": list(group.units.all())})
    if request.method == "POST" and "delete" in request.POST:
        try:
            services.unit_group_delete(actor=request.user, group=group)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("plans:staff-unit-group", group.pk)
        messages.success(request, _("The unit group was removed."))
        return redirect("plans:staff-unit-groups")
    if form_submitted(request, form, lambda: services.unit_group_save(
            actor=request.user, organisation=group.organisation, group=group,
            name=form.cleaned_data["name"], units=form.cleaned_data["units"],
            expected_version=form.cleaned_data["version"]), _("The unit group was saved.")):
        return redirect("plans:staff-unit-groups")
    return render(request, "plans/staff/unit_group_form.html", {
        "group": group, "form": form,
        "breadcrumbs": _crumbs((_("Unit groups"), reverse("plans:staff-unit-groups")),
                               (group.name, None))})


# The ministry's view ----------------------------------------------------------------------

@staff_required
def oversight(request):
    """For each year, which agencies under the ministry have published their plan by the
    programme's deadline; a reminder to those that have not."""
    programmes = selectors.programmes_overseen(request.user)
    programme = (programmes.filter(pk=request.GET.get("programme") or 0).first()
                 or programmes.first())
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    if programme is None:
        raise PermissionDenied(_("You do not oversee any programme."))
    form = ProgrammeDeadlineForm(initial={"month": programme.plans_due_month,
                                          "day": programme.plans_due_day})
    return render(request, "plans/staff/oversight.html", {
        "programme": programme, "programmes": programmes, "year": year,
        "roc_year": year - 1911, "years": range(today.year + 1, today.year - 4, -1),
        "submissions": selectors.plan_submissions(programme, year, today=today),
        "due_on": programme.plans_due_on(year), "deadline_form": form,
        "breadcrumbs": _crumbs((_("Agencies' plans"), None))})


def _oversight_url(programme, year) -> str:
    return f"{reverse('plans:staff-oversight')}?programme={programme.pk}&year={year}"


@staff_required
@require_POST
def oversight_remind(request, pk):
    programme = selectors.programme_overseen(request.user, pk)
    year = int(request.POST["year"]) if request.POST.get("year", "").isdigit() else None
    if year is None:
        messages.error(request, _("Choose the year."))
        return redirect("plans:staff-oversight")
    told = services.plans_missing_remind(actor=request.user, programme=programme, year=year)
    messages.success(request, _("Reminded %(count)d people of the agencies without a "
                                "published plan.") % {"count": told})
    return redirect(_oversight_url(programme, year))


@staff_required
@require_POST
def oversight_deadline(request, pk):
    programme = selectors.programme_overseen(request.user, pk)
    form = ProgrammeDeadlineForm(request.POST)
    if form.is_valid():
        services.programme_deadline_set(actor=request.user, programme=programme,
                                        month=form.cleaned_data["month"],
                                        day=form.cleaned_data["day"])
        messages.success(request, _("The deadline was saved."))
    else:
        messages.error(request, _("Give a month (1-12) and a day (1-31)."))
    return redirect(_oversight_url(programme, request.POST.get("year", "")))
