"""The staff page's half of the step registry: the forms of the steps a record offers,
and the POST that performs one. The detail view of a record kind renders the forms
(`web/staff/_steps.html`) and hands a POST to `step_post`."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from minfu.core.errors import Conflict, DomainError, PermissionDenied
from minfu.core.forms import add_domain_error
from minfu.org.auth import staff_required
from minfu.records.steps import RecordSteps, arguments_of


def step_forms(record_steps: RecordSteps, record, user, bound: dict | None = None) -> dict:
    """The form of every step offered, by step name; `bound` forms (a failed POST)
    replace the empty ones so their errors show."""
    initial = {"version": record.version}
    forms = {step.name: record_steps.form(step, record, user, initial=initial)
             for step in record_steps.offered(record, user)}
    forms.update(bound or {})
    return forms


def offered_steps(record_steps: RecordSteps, record, forms: dict) -> dict:
    """The steps offered, for `records/staff/_steps.html`: `usual` (the next steps the
    workflow expects, shown open) and `other` (one click away, open only when its form
    came back with errors), each a list of (step, form, help) in declared order."""
    offered = {"usual": [], "other": []}
    for step in record_steps.steps:
        if step.name in forms:
            form = forms[step.name]
            help_text = step.help(record) if callable(step.help) else step.help
            offered["usual" if step.usual else "other"].append((step, form, help_text))
    return offered


def step_post(request, record_steps: RecordSteps, record, name: str, *,
              render_detail: Callable, done_url: str):
    """Perform the step `name` posted from the record's page: on success a message and a
    redirect to `done_url`; a refusal or invalid input shows the page again with the
    errors on the step's form (409 for a conflict, 400 otherwise). A missing permission
    is the ordinary 403 page."""
    step = record_steps.get(name)
    if step is None:
        raise Http404
    form = record_steps.form(step, record, request.user, request.POST, request.FILES)
    if not form.is_valid():
        return render_detail(request, record, bound={name: form}, status=400)
    try:
        result = record_steps.perform(step, record, request.user,
                             expected_version=form.cleaned_data["version"],
                             arguments=arguments_of(form))
    except PermissionDenied:
        raise
    except DomainError as error:
        add_domain_error(form, error)
        if isinstance(error, Conflict):
            messages.error(request, str(error.message))
        return render_detail(request, record, bound={name: form},
                             status=409 if isinstance(error, Conflict) else 400)
    messages.success(request, step.done(result) if callable(step.done) else step.done)
    return redirect(done_url)


def record_page_views(record_steps: RecordSteps, *, get_for: Callable,
                      render_detail: Callable, detail_url: str) -> tuple[Callable, Callable]:
    """A record kind's staff detail page and the POST of its steps (`detail(request, pk)`,
    `action(request, pk, action)`): `get_for(user, pk)` finds the record the user may see,
    `render_detail(request, record, bound=..., status=...)` draws the page, and a step
    done goes back to `detail_url` (a URL name taking the record's pk)."""

    @staff_required
    def detail(request, pk):
        return render_detail(request, get_for(request.user, pk))

    @staff_required
    @require_POST
    def action(request, pk, action):
        record = get_for(request.user, pk)
        return step_post(request, record_steps, record, action, render_detail=render_detail,
                         done_url=reverse(detail_url, args=[record.pk]))

    return detail, action
