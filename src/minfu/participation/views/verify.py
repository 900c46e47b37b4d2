"""The reusable "address → code" pages: any activity's page links to
`participation:verify` with `?activity=<key>&next=<its own URL>`; once the code is
confirmed the browser carries the proof and goes back to `next`."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from minfu.core.client_ip import client_ip
from minfu.core.errors import NotFound, RateLimited, ValidationFailed
from minfu.core.forms import add_domain_error
from minfu.participation import verification
from minfu.participation.forms import AddressForm, CodeForm
from minfu.records import citizen_browser
from minfu.surveys import protection

_PENDING = "minfu_participation_pending"  # activity key → the address a code went to


def verify_url(activity_key: str, next_url: str) -> str:
    return f"{reverse('participation:verify')}?{urlencode({'activity': activity_key, 'next': next_url})}"


def _next_url(request, activity) -> str:
    url = request.GET.get("next") or activity.url or "/"
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return url
    return activity.url or "/"


@never_cache
def verify(request):
    key = request.GET.get("activity", "")
    try:
        activity = verification.activity_for(key)
    except NotFound as error:
        return render(request, "web/domain_error.html", {"error": error},
                      status=404)
    next_url = _next_url(request, activity)
    if verification.verified_participant(request, key) is not None:
        return redirect(next_url)
    pending = citizen_browser.recall(request, _PENDING).get(key)
    if pending and request.GET.get("step") != "address":
        return _code_step(request, activity, next_url, pending)
    return _address_step(request, activity, next_url)


def _address_step(request, activity, next_url):
    form = AddressForm(request.POST if request.method == "POST" else None,
                       initial={"started": protection.form_started_stamp()})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            protection.check_human(honeypot=form.cleaned_data["website"],
                                   started=form.cleaned_data["started"])
            verification.verification_start(
                activity_key=activity.key, address=form.cleaned_data["address"],
                client=client_ip(request), language=get_language())
        except (ValidationFailed, RateLimited) as error:
            add_domain_error(form, error)
            status = error.status
        else:
            citizen_browser.remember(request, _PENDING, activity.key,
                                     form.cleaned_data["address"])
            return redirect(verify_url(activity.key, next_url))
        form.data = form.data.copy()
        form.data["started"] = protection.form_started_stamp()
    return render(request, "participation/public/verify_address.html",
                  {"activity": activity, "form": form, "next_url": next_url}, status=status)


def _code_step(request, activity, next_url, address: str):
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            participant = verification.verification_confirm(
                activity_key=activity.key, address=address, code=form.cleaned_data["code"])
        except ValidationFailed as error:
            add_domain_error(form, error)
            status = error.status
        else:
            citizen_browser.forget(request, _PENDING, activity.key)
            verification.participant_prove(request, activity.key, participant)
            return redirect(next_url)
    return render(request, "participation/public/verify_code.html", {
        "activity": activity, "form": form, "next_url": next_url,
        "masked": verification.address_parse(address).masked,
        "restart_url": verify_url(activity.key, next_url) + "&step=address"},
        status=status)
