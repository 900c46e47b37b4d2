"""Public pages of plans: the published execution plans, each as a page and as ODT/PDF."""

from django.shortcuts import render

from minfu.plans import selectors
from minfu.plans.views.staff import _document_response


def plan_list(request):
    return render(request, "plans/public/list.html", {"plans": selectors.published_plans()})


def plan_detail(request, organisation_code, year):
    plan = selectors.published_plan(organisation_code, year)
    return render(request, "plans/public/detail.html", {
        "plan": plan, "directives": plan.directives.all(),
        "lines": selectors.action_table(plan),
        "indicators": selectors.plan_indicators(plan)})


def plan_document(request, organisation_code, year, extension):
    return _document_response(selectors.published_plan(organisation_code, year), extension)
