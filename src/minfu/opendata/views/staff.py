"""Staff pages of open data: the datasets of the organisations the user sees, registering
one, editing its metadata (versioned) and publishing it now. Agency administrators
(opendata.manage) edit and publish; others read. Thin: selectors and services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.core.errors import DomainError
from minfu.core.forms import add_domain_error
from minfu.core.models import pick_language
from minfu.opendata import registry, selectors, services
from minfu.opendata.forms import MetadataForm, PublishForm, RegisterForm
from minfu.opendata.services import METADATA_FIELDS
from minfu.org.auth import staff_required
from minfu.org.permissions import can


def _kind_choices():
    """The kinds by their titles without an organisation's name."""
    return [(code, pick_language(kind.title_zh.format(organisation=""),
                                 kind.title_en.format(organisation="").lstrip(": ").capitalize()))
            for code, kind in registry.kinds().items()]


def _crumbs(*more):
    return [(_("Open data"), reverse("opendata:staff-list") if more else None), *more]


@staff_required
def dataset_list(request):
    organisations = selectors.manageable_organisations(request.user)
    form = None
    if organisations.exists():
        form = RegisterForm(request.POST or None, organisations=organisations,
                            kinds=_kind_choices())
        if request.method == "POST" and form.is_valid():
            try:
                dataset = services.dataset_register(
                    actor=request.user, organisation=form.cleaned_data["organisation"],
                    kind=form.cleaned_data["kind"],
                    contact_name=form.cleaned_data["contact_name"],
                    contact_phone=form.cleaned_data["contact_phone"],
                    contact_email=form.cleaned_data["contact_email"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The dataset is registered; check its metadata "
                                            "and publish it."))
                return redirect("opendata:staff-edit", dataset.pk)
    datasets = [(dataset, selectors.latest_publication(dataset))
                for dataset in selectors.datasets_for(request.user)]
    return render(request, "opendata/staff/list.html", {
        "datasets": datasets, "form": form, "breadcrumbs": _crumbs()})


@staff_required
def dataset_edit(request, pk):
    dataset = selectors.dataset_get_for(request.user, pk)
    may_manage = can(request.user, selectors.MANAGE, organisation=dataset.organisation)
    initial = {name: getattr(dataset, name) for name in METADATA_FIELDS}
    form = MetadataForm(request.POST if request.method == "POST" else None,
                        initial=initial | {"version": dataset.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.dataset_save(actor=request.user, dataset=dataset,
                                  expected_version=version, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The metadata were saved."))
            return redirect("opendata:staff-edit", dataset.pk)
    return render(request, "opendata/staff/edit.html", {
        "dataset": dataset, "form": form, "may_manage": may_manage,
        "spec": registry.kind(dataset.kind),
        "publications": list(dataset.publications.all()),
        "breadcrumbs": _crumbs((dataset.title, None))})


@staff_required
@require_POST
def dataset_publish(request, pk):
    dataset = selectors.dataset_get_for(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; please try again."))
        return redirect("opendata:staff-edit", dataset.pk)
    try:
        result = services.dataset_publish(actor=request.user, dataset=dataset,
                                          expected_version=form.cleaned_data["version"],
                                          force=True)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Published: version of %(day)s.")
                         % {"day": result.publication.published_on.isoformat()})
    return redirect("opendata:staff-edit", dataset.pk)
