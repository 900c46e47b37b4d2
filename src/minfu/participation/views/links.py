"""The staff page that links an adopted item (a comment, a proposal, a session decision)
to the improvement item or plan action that carries it out (services.result_link): one
page for every kind of item."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minfu.core.errors import DomainError
from minfu.core.forms import add_domain_error
from minfu.participation import selectors, services
from minfu.participation.forms import LinkForm


def link_page(request, source, *, number: str, text: str, done_url: str, breadcrumbs):
    """The form for `source` (of an organisation), and on success back to `done_url`."""
    items, actions = selectors.link_targets(source.organisation_id)
    units = selectors.units_for_new_item(request.user, source.organisation)
    form = LinkForm(request.POST or None, items=items, plan_actions=actions, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["new_item_title"]:
                services.result_link_new_item(
                    source=source, actor=request.user, title=data["new_item_title"],
                    owner_unit=units.get(pk=data["owner_unit"]), note=data["note"])
            else:
                services.result_link(
                    source=source, actor=request.user, note=data["note"],
                    improvement_item=items.filter(pk=data["improvement_item"]).first(),
                    plan_action=actions.filter(pk=data["plan_action"]).first())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Linked. The public page shows its progress."))
            return redirect(done_url)
    return render(request, "participation/staff/link.html", {
        "number": number, "text": text, "form": form,
        "breadcrumbs": [*breadcrumbs, (_("Link to the plan"), None)]},
        status=400 if form.errors else 200)
