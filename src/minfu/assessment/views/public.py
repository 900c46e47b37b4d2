"""Public pages of assessment: the honour roll of selected staff (public officials: name
and unit are shown) and the published award results."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from minfu.assessment import selectors


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
