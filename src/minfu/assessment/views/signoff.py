"""Staff pages of an inspection report's sign-off and publication. Thin: reads through
`assessment.selectors`, writes through `assessment.inspection_signoff`; the step forms
are shown on the inspection's page (`signoff_context`) and post here."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from minfu.assessment import documents, forms, inspection_signoff, selectors, services
from minfu.assessment.workflow import InspectionState, InspectionStep
from minfu.core.errors import DomainError, ValidationFailed
from minfu.core.exports import attachment
from minfu.core.forms import add_domain_error
from minfu.org.auth import staff_required
from minfu.org.permissions import can

# step: (form class, button label, success message)
STEPS = {
    InspectionStep.SUBMIT: (forms.SubmitReportForm, gettext_lazy("Submit the report for review"),
                            gettext_lazy("The report is submitted for review.")),
    InspectionStep.REVIEW: (forms.SignoffForm, gettext_lazy("Pass the review"),
                            gettext_lazy("The report is reviewed and awaits approval.")),
    InspectionStep.RETURN: (forms.ReturnForm, gettext_lazy("Return the report with a reason"),
                            gettext_lazy("The report is returned to the task force.")),
    InspectionStep.APPROVE: (forms.SignoffForm, gettext_lazy("Approve the report"),
                             gettext_lazy("The report is approved; the inspected party is "
                                          "told.")),
}
SERVICES = {
    InspectionStep.SUBMIT: inspection_signoff.inspection_submit,
    InspectionStep.REVIEW: inspection_signoff.inspection_review,
    InspectionStep.RETURN: inspection_signoff.inspection_return,
    InspectionStep.APPROVE: inspection_signoff.inspection_approve,
}


def _next_step_text(inspection) -> str:
    """What the report waits for, in a sentence (the page leads with it)."""
    state = inspection.state
    if state == InspectionState.PLANNED:
        return _("The task force scores; then the convener or the secretary submits the "
                 "report for review.")
    if state == InspectionState.RETURNED:
        return _("Returned: the task force corrects the report and submits it again.")
    if state == InspectionState.SUBMITTED:
        return _("Waiting for a review by someone who did not submit it.")
    if state == InspectionState.REVIEWED:
        who = inspection.approver
        if who is None:
            return _("Waiting for approval by an official who may approve reports.")
        return _("Waiting for approval by %(name)s.") % {
            "name": who.get_full_name() or who.get_username()}
    return _("Approved: the inspected party is told and the reply is due on the date "
             "below.")


def signoff_context(request, inspection, **bound) -> dict:
    """The state, the next step, the step forms the user may use (a bound one kept after a
    refusal), the history and the publication of an inspection's page."""
    user = request.user
    allowed = inspection_signoff.steps_for(user, inspection)
    step_forms = []
    for step in allowed:
        form_class, label, _message = STEPS[step]
        initial = {"version": inspection.version}
        if step == InspectionStep.SUBMIT:
            initial["summary"] = inspection.summary
        form = bound.get(f"{step}_form") or form_class(initial=initial, prefix=step)
        step_forms.append({"step": step, "label": label, "form": form})
    publication = selectors.publication_of(inspection)
    may_publish = inspection.state == InspectionState.APPROVED and can(
        user, "assessment.publish_inspection", organisation=inspection.organisation)
    return {"next_step": _next_step_text(inspection), "step_forms": step_forms,
            "history": selectors.signoff_history(inspection),
            "publication": publication, "may_publish": may_publish,
            "publish_form": bound.get("publish_form") or (forms.PublishForm(
                initial={"version": publication.version}) if publication else None)}


def _inspection_page(request, inspection, status=400, **bound):
    from minfu.assessment.views.staff import _inspection_context

    return render(request, "assessment/staff/inspection_detail.html",
                  _inspection_context(request, inspection, **bound), status=status)


@staff_required
@require_POST
def inspection_step(request, pk, step):
    inspection = selectors.inspection_get_for(request.user, pk)
    if step not in STEPS:
        raise Http404
    form_class, _label, message = STEPS[step]
    form = form_class(request.POST, prefix=step)
    if form.is_valid():
        data = form.cleaned_data
        extra = {"summary": data["summary"]} if step == InspectionStep.SUBMIT else {}
        try:
            SERVICES[step](actor=request.user, inspection=inspection,
                           expected_version=data["version"], comment=data["comment"], **extra)
        except ValidationFailed as error:  # shown on the form, with what was typed
            add_domain_error(form, error)
        except DomainError as error:  # taken already, by someone else, or not theirs
            messages.error(request, str(error.message))
            return redirect("assessment:staff-inspection", inspection.pk)
        else:
            messages.success(request, message)
            return redirect("assessment:staff-inspection", inspection.pk)
    inspection = selectors.inspection_get_for(request.user, pk)
    return _inspection_page(request, inspection, **{f"{step}_form": form})


@staff_required
def inspection_report(request, pk):
    inspection = selectors.inspection_get_for(request.user, pk)
    return attachment(documents.inspection_report_pdf(inspection),
                      filename=f"inspection-{inspection.pk}.pdf", content_type="application/pdf")


@staff_required
@require_POST
def finding_remove(request, pk, finding_pk):
    inspection = selectors.inspection_get_for(request.user, pk)
    finding = selectors.finding_get_for(request.user, inspection, finding_pk)
    try:
        services.finding_remove(actor=request.user, finding=finding)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Finding removed."))
    return redirect("assessment:staff-inspection", inspection.pk)


# ----- publication ------------------------------------------------------------------------------

def _publication_initial(inspection, publication) -> dict:
    if publication is None:
        return {"title_zh": inspection.title, "show_total": True, "version": None}
    return {field: getattr(publication, field) for field in (
        "title_zh", "title_en", "show_total", "show_sections", "strengths_zh",
        "strengths_en", "findings_zh", "findings_en", "version")}


@staff_required
def publication_edit(request, pk):
    inspection = selectors.inspection_get_for(request.user, pk)
    publication = selectors.publication_of(inspection)
    form = forms.PublicationForm(request.POST or None,
                                 initial=_publication_initial(inspection, publication))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            inspection_signoff.inspection_publication_save(
                actor=request.user, inspection=inspection, expected_version=version, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The public summary is saved."))
            return redirect("assessment:staff-inspection", inspection.pk)
    return render(request, "assessment/staff/publication_form.html", {
        "form": form, "inspection": inspection, "publication": publication,
        "breadcrumbs": [(_("Assessment"), reverse("assessment:staff-home")),
                        (_("Inspections"), reverse("assessment:staff-inspections")),
                        (inspection.title, reverse("assessment:staff-inspection",
                                                   args=[inspection.pk])),
                        (_("Public summary"), None)],
    }, status=400 if request.method == "POST" else 200)


@staff_required
@require_POST
def publication_publish(request, pk, action):
    inspection = selectors.inspection_get_for(request.user, pk)
    publication = selectors.publication_of(inspection)
    if publication is None or action not in ("publish", "unpublish"):
        raise Http404
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        try:
            if action == "publish":
                inspection_signoff.inspection_publish(
                    actor=request.user, publication=publication,
                    expected_version=form.cleaned_data["version"],
                    published_on=form.cleaned_data["published_on"])
                messages.success(request, _("The summary is published."))
            else:
                inspection_signoff.inspection_unpublish(
                    actor=request.user, publication=publication,
                    expected_version=form.cleaned_data["version"])
                messages.success(request, _("The summary is withdrawn from the public site."))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("assessment:staff-inspection", inspection.pk)
    return _inspection_page(request, inspection, publish_form=form)
