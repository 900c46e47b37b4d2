"""Citizen pages: sign-in (OpenID Connect, one-time e-mail link), "my records",
claiming a record, contact preferences, the personal data export, closing the account.
Thin: parse, call a service or selector, render."""

from __future__ import annotations

import functools
import io
import json
import zipfile
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minfu.citizens import oidc, selectors, services
from minfu.citizens.forms import ClaimForm, CloseForm, EmailLinkForm, PreferencesForm
from minfu.citizens.session import citizen_of, session_sign_in, session_sign_out
from minfu.core.client_ip import client_ip
from minfu.core.errors import DomainError, RateLimited, ValidationFailed
from minfu.core.forms import add_domain_error, form_submitted
from minfu.records.citizen_browser import prove
from minfu.records.views import limited_status, submission_limited

SESSION_NEXT = "minfu_citizen_next"
SIGN_IN_TITLE = _("Sign in")
MY_RECORDS_TITLE = _("My records")


def _crumbs(*trail):
    return [(MY_RECORDS_TITLE, reverse("citizens:my-records")), *trail]


def citizen_required(view):
    """The signed-in citizen as the view's second argument; else to the sign-in page."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        citizen = citizen_of(request)
        if citizen is None:
            return redirect(f"{reverse('citizens:sign-in')}?next={request.path}")
        return view(request, citizen, *args, **kwargs)
    return never_cache(wrapped)


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()},
                                                      require_https=request.is_secure()):
        return candidate
    return reverse("citizens:my-records")


# ----- sign-in ---------------------------------------------------------------------------

def _sign_in_page(request, *, email_form=None, error: str = "", status: int = 200):
    return render(request, "citizens/public/sign_in.html", {
        "provider": oidc.provider(), "email_form": email_form or EmailLinkForm(),
        "next": request.GET.get("next", ""), "error": error,
        "minutes": services.link_minutes(), "breadcrumbs": [(SIGN_IN_TITLE, None)]},
        status=status)


@never_cache
def sign_in(request):
    if citizen_of(request) is not None:
        return redirect("citizens:my-records")
    return _sign_in_page(request)


@never_cache
def oidc_start(request):
    """A link, not a form: the site's Content Security Policy (form-action 'self') stops
    a form's redirect to another site."""
    config = oidc.provider()
    if config is None:
        return _sign_in_page(request, status=404, error=_(
            "Sign-in with an identity provider is not offered here."))
    callback_host = urlsplit(oidc.redirect_uri())
    if request.get_host() != callback_host.netloc:
        # The session that keeps the login's state must be the one the provider sends the
        # citizen back to: start again on the callback's host (localhost vs 127.0.0.1).
        return redirect(f"{callback_host.scheme}://{callback_host.netloc}"
                        f"{request.get_full_path()}")
    request.session[SESSION_NEXT] = _safe_next(request, request.GET.get("next"))
    return oidc.authorize_redirect(request, config)


@never_cache
def oidc_callback(request):
    """The provider's answer (outside the language prefix: one registered address). The
    page language comes back from where the citizen started."""
    config = oidc.provider()
    next_url = request.session.pop(SESSION_NEXT, None) or reverse("citizens:my-records")
    translation.activate(translation.get_language_from_path(next_url) or "zh-hant")
    request.LANGUAGE_CODE = translation.get_language()
    if config is None:
        return _sign_in_page(request, status=404)
    try:
        claims = oidc.claims_from_callback(request, config)
        citizen = services.citizen_for_identity(
            issuer=claims.get("iss", ""), subject=claims["sub"],
            email=claims.get("email", ""), email_verified=bool(claims.get("email_verified")),
            name=claims.get("name", ""), language=request.LANGUAGE_CODE,
            current=citizen_of(request))
    except oidc.OAuthError:
        return _sign_in_page(request, status=400, error=_(
            "The identity provider did not sign you in. Try again or use an e-mail link."))
    except DomainError as error:
        return _sign_in_page(request, status=error.status, error=error.message)
    session_sign_in(request, citizen)
    return redirect(next_url)


@require_POST
@never_cache
def email_link_request(request):
    form = EmailLinkForm(request.POST)
    if not form.is_valid():
        return _sign_in_page(request, email_form=form, status=400)
    try:
        services.sign_in_link_send(email=form.cleaned_data["email"],
                                   language=request.LANGUAGE_CODE, client=client_ip(request))
    except RateLimited as error:
        return submission_limited(request, error, title=SIGN_IN_TITLE)
    except ValidationFailed as error:
        add_domain_error(form, error)
        return _sign_in_page(request, email_form=form, status=400)
    return render(request, "citizens/public/link_sent.html", {
        "email": form.cleaned_data["email"], "minutes": services.link_minutes(),
        "breadcrumbs": [(SIGN_IN_TITLE, reverse("citizens:sign-in")), (_("Check your e-mail"), None)]})


@never_cache
def link(request, token: str):
    """GET shows a button, POST signs in: mail scanners that open links do not use
    them up."""
    context = {"breadcrumbs": [(SIGN_IN_TITLE, None)]}
    if request.method != "POST":
        return render(request, "citizens/public/link.html", context)
    try:
        citizen = services.sign_in_link_use(token=token)
    except ValidationFailed as error:
        return render(request, "citizens/public/link.html",
                      {**context, "error": error.message}, status=400)
    session_sign_in(request, citizen)
    return redirect("citizens:my-records")


@require_POST
def sign_out(request):
    session_sign_out(request)
    messages.success(request, _("You are signed out."))
    return redirect("citizens:sign-in")


# ----- my records ------------------------------------------------------------------------

@citizen_required
def my_records(request, citizen):
    return render(request, "citizens/public/my_records.html", {
        "citizen": citizen, "groups": selectors.my_records(citizen),
        "breadcrumbs": [(MY_RECORDS_TITLE, None)]})


@citizen_required
def record_open(request, citizen, kind: str, record_id: int):
    """A linked record's own page: the browser is given the proof its access code would
    give (records.citizen_browser), so the kind's pages need no change."""
    record_kind, found = selectors.linked_record(citizen, kind, record_id)
    prove(request, record_kind.code, found)
    return redirect(record_kind.progress_url(found))


@citizen_required
def claim(request, citizen):
    form = ClaimForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.record_claim(citizen=citizen, number=form.cleaned_data["number"],
                                  access_code=form.cleaned_data["access_code"],
                                  client=client_ip(request))
        except RateLimited as error:
            form.add_error(None, error.message)
            return limited_status(_claim_page(request, form), error)
        except DomainError as error:  # the code is not shown back
            return _claim_page(request, ClaimForm(initial={"number": form.cleaned_data["number"]}),
                               status=error.status, error=error.message)
        messages.success(request, _("The record is now in your account."))
        return redirect("citizens:my-records")
    if request.method == "POST":
        status = 400
    return _claim_page(request, form, status=status)


def _claim_page(request, form, *, status: int = 200, error: str = ""):
    return render(request, "citizens/public/claim.html", {
        "form": form, "error": error, "breadcrumbs": _crumbs((_("Add a record"), None))},
        status=status)


@citizen_required
def preferences(request, citizen):
    form = PreferencesForm.of(citizen, request.POST or None)
    if form_submitted(request, form, lambda: services.citizen_preferences_save(
            citizen=citizen, expected_version=form.cleaned_data["version"],
            **{name: form.cleaned_data[name] for name in services.PREFERENCE_FIELDS}),
            _("Your preferences are saved.")):
        return redirect("citizens:preferences")
    return render(request, "citizens/public/preferences.html", {
        "form": form, "breadcrumbs": _crumbs((_("Contact preferences"), None))},
        status=400 if request.method == "POST" else 200)


@citizen_required
def export(request, citizen):
    if request.method == "GET":
        return render(request, "citizens/public/export.html", {
            "breadcrumbs": _crumbs((_("Download my data"), None))})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    data = services.citizen_data_export(citizen=citizen)
    return export_response(data, request.POST.get("format", "json"))


def export_response(data: dict, fmt: str) -> HttpResponse:
    """The export as one JSON file, or a ZIP with the account and one file per source."""
    text = functools.partial(json.dumps, ensure_ascii=False, indent=2, default=str)
    if fmt == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("account.json", text(data["account"]))
            for code, rows in data["records"].items():
                archive.writestr(f"records/{code}.json", text(rows))
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        name = "my-data.zip"
    else:
        response = HttpResponse(text(data), content_type="application/json; charset=utf-8")
        name = "my-data.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@citizen_required
def close(request, citizen):
    form = CloseForm(request.POST or None, initial={"version": citizen.version})
    if form_submitted(request, form, lambda: services.citizen_close(
            citizen=citizen, expected_version=form.cleaned_data["version"])):
        session_sign_out(request)
        messages.success(request, _("Your account is closed."))
        return redirect("citizens:sign-in")
    return render(request, "citizens/public/close.html", {
        "form": form, "breadcrumbs": _crumbs((_("Close my account"), None))},
        status=400 if request.method == "POST" else 200)
