"""Staff pages of the Open311 server: the services an agency opens to Open311 clients,
the client keys (issued with the key shown once, revoked) and each key's use. Reads go
through the scoped selectors; writes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minfu.core.errors import DomainError, PermissionDenied
from minfu.core.forms import add_domain_error
from minfu.open311 import selectors, services
from minfu.open311.forms import KeyForm, RevokeForm, ServiceForm
from minfu.open311.models import Open311Service
from minfu.org.auth import staff_required


def _crumbs(*trail):
    return [(_("Open311"), reverse("open311-staff:home") if trail else None), *trail]


def _require_view(user) -> None:
    if not selectors.may_view(user):
        raise PermissionDenied(details={"action": selectors.VIEW})


def _service_form(user, data=None, instance=None) -> ServiceForm:
    return ServiceForm(data, instance=instance,
                       organisations=selectors.configurable_organisations(user),
                       categories=selectors.category_choices(user),
                       service_types=selectors.service_type_choices(user), prefix="service")


def _key_form(user, data=None) -> KeyForm:
    return KeyForm(data, organisations=selectors.key_organisations(user), prefix="key")


def _home(request, *, service_form=None, key_form=None, status=200):
    _require_view(request.user)
    user = request.user
    return render(request, "open311/staff/home.html", {
        "services": selectors.services_for(user),
        "keys": selectors.keys_for(user),
        "recent": selectors.requests_for(user)[:20],
        "may_configure": selectors.configurable_organisations(user).exists(),
        "may_manage_keys": selectors.key_organisations(user).exists(),
        "service_form": service_form or _service_form(user),
        "key_form": key_form or _key_form(user),
        "endpoint": request.build_absolute_uri("/open311/v2/"),
        "breadcrumbs": _crumbs(),
    }, status=status)


@staff_required
def home(request):
    return _home(request)


@staff_required
@require_POST
def service_add(request):
    form = _service_form(request.user, request.POST, instance=Open311Service())
    if form.is_valid():
        try:
            services.open311_service_save(actor=request.user, service=form.save(commit=False))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("open311-staff:home")
    return _home(request, service_form=form, status=400)


@staff_required
def service_edit(request, pk):
    service = selectors.service_get_for(request.user, pk)
    form = _service_form(request.user, request.POST if request.method == "POST" else None,
                         instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            services.open311_service_save(actor=request.user, service=form.save(commit=False),
                                          expected_version=form.cleaned_data["version"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("open311-staff:home")
    return render(request, "open311/staff/service_edit.html", {
        "form": form, "service": service,
        "breadcrumbs": _crumbs((_("Open311 service"), None))}, status=400 if form.errors else 200)


@staff_required
@require_POST
@never_cache
def key_issue(request):
    form = _key_form(request.user, request.POST)
    if form.is_valid():
        try:
            key, plaintext = services.api_key_issue(
                actor=request.user, organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"], contact=form.cleaned_data["contact"],
                rate_per_hour=form.cleaned_data["rate_per_hour"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # Shown on this answer only: nothing keeps the key but its hash.
            return render(request, "open311/staff/key_issued.html", {
                "key": key, "plaintext": plaintext,
                "breadcrumbs": _crumbs((key.name, None))})
    return _home(request, key_form=form, status=400)


@staff_required
def key_detail(request, pk):
    key = selectors.key_get_for(request.user, pk)
    return render(request, "open311/staff/key_detail.html", {
        "key": key, "uses": selectors.key_uses(key),
        "revoke_form": RevokeForm(initial={"version": key.version}),
        "may_revoke": key.active and selectors.key_organisations(request.user).filter(
            pk=key.organisation_id).exists(),
        "breadcrumbs": _crumbs((key.name, None))})


@staff_required
@require_POST
def key_revoke(request, pk):
    key = selectors.key_get_for(request.user, pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("open311-staff:key-detail", pk=key.pk)
    try:
        services.api_key_revoke(actor=request.user, key=key,
                                expected_version=form.cleaned_data["version"])
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The key is revoked: calls with it are refused."))
    return redirect("open311-staff:key-detail", pk=key.pk)
