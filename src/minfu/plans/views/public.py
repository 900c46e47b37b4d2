"""Public pages of plans: the plans in force, each as its last published revision (what
it said and its documents as published), while a later revision may be in the works."""

from django.shortcuts import render

from minfu.core.exports import attachment
from minfu.plans import documents, selectors


def plan_list(request):
    return render(request, "plans/public/list.html", {"plans": selectors.published_plans()})


def plan_detail(request, organisation_code, year):
    plan = selectors.published_plan(organisation_code, year)
    revision = selectors.latest_revision(plan)
    return render(request, "plans/public/detail.html", {
        "plan": plan, "revision": revision,
        "content": revision.snapshot if revision else selectors.plan_snapshot(plan),
        "published_on": revision.published_on if revision else plan.published_on})


def plan_document(request, organisation_code, year, extension):
    plan = selectors.published_plan(organisation_code, year)
    revision = selectors.latest_revision(plan)
    if revision is None:  # published before revisions were kept: it is frozen as it was
        content = documents.plan_pdf(plan) if extension == "pdf" else documents.plan_odt(plan)
    else:
        content = selectors.revision_document(plan, revision.number, extension)
    return attachment(content, content_type=documents.CONTENT_TYPES[extension],
                      filename=documents.filename(plan, extension))
