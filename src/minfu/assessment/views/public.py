"""Public pages of assessment: the honour roll of selected staff (public officials: name
and unit are shown), the published award results and the published summaries of
inspection results (only the parts the coordinator chose; never scorers or comments)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from minfu.assessment import forms, selectors


def honour_roll(request):
    page = Paginator(selectors.honour_roll(), 50).get_page(request.GET.get("page"))
    return render(request, "assessment/public/honour_roll.html", {
        "page_obj": page, "breadcrumbs": [(_("Honour roll"), None)]})


def award_list(request):
    return render(request, "assessment/public/award_list.html", {
        "rounds": selectors.published_rounds(), "breadcrumbs": [(_("Service awards"), None)]})


def award_results(request, pk):
    award_round = selectors.published_round_get(pk)
    return render(request, "assessment/public/award_results.html", {
        "award_round": award_round,
        "categories": selectors.published_by_category(award_round),
        "breadcrumbs": [(_("Service awards"), reverse("assessment:public-awards")),
                        (award_round.title, None)]})


def inspection_results(request):
    """Published inspection results, by agency and year (the year of the inspection)."""
    filters = forms.PublicResultFilterForm(
        request.GET or None, agencies=selectors.published_result_agencies(),
        years=selectors.published_result_years())
    data = filters.cleaned_data if filters.is_valid() else {}
    results = selectors.published_inspection_results(
        organisation=data["agency"].pk if data.get("agency") else None,
        year=data.get("year"))
    if filters.is_bound and not filters.is_valid():  # no result of an agency or year
        results = results.none()                     # that has none (the form says so)
    page = Paginator(results, 25).get_page(request.GET.get("page"))
    return render(request, "assessment/public/inspection_results.html", {
        "page_obj": page, "filters": filters,
        "breadcrumbs": [(_("Inspection results"), None)]})


def inspection_result(request, pk):
    publication = selectors.published_inspection_result_get(pk)
    inspection = publication.inspection
    return render(request, "assessment/public/inspection_result.html", {
        "publication": publication, "inspection": inspection,
        "sections": selectors.section_scores(inspection) if publication.show_sections else [],
        "breadcrumbs": [(_("Inspection results"),
                         reverse("assessment:public-inspection-results")),
                        (publication.title, None)]})
