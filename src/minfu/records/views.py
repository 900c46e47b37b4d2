"""The one public lookup: any record number with its access code opens that record's
page, whichever entry the citizen used (an application number typed into the petition
lookup just works). Each entry only words the page for the records it expects."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from minfu.core.client_ip import client_ip
from minfu.core.errors import RateLimited
from minfu.core.replica import reads_from_replica
from minfu.records import throttle
from minfu.records.citizen_browser import prove
from minfu.records.forms import LookupForm
from minfu.records.selectors import record_for_lookup


@dataclass(frozen=True)
class LookupPage:
    title: str | Promise
    intro: str | Promise
    number_label: str | Promise = _("Number")
    footnote: str | Promise = ""


ANY_RECORD = LookupPage(
    title=_("Follow an application or a message"),
    intro=_("Enter the number and the access code from your receipt to see the progress."),
    footnote=_("Lost the access code? Contact the agency that received it, with your "
               "identity document."))


def _page(request, page: LookupPage, form: LookupForm, *, status: int = 200,
          mismatch: throttle.Verdict | None = None):
    form.fields["number"].label = page.number_label
    return render(request, "records/public/lookup.html", {
        "page": page, "form": form, "mismatch": mismatch,
        "pause_minutes": _minutes(mismatch.retry_after) if mismatch else None,
        "breadcrumbs": [(page.title, None)]}, status=status)


@never_cache
@reads_from_replica
def lookup(request, page: LookupPage = ANY_RECORD):
    if request.method != "POST":
        return _page(request, page, LookupForm())
    verdict = throttle.lookup_attempt(client_ip(request))
    if not verdict.allowed:
        response = render(request, "records/public/lookup_limited.html", {
            "minutes": _minutes(verdict.retry_after), "back": request.path,
            "breadcrumbs": [(page.title, None)]}, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _page(request, page, form, status=400)
    found = record_for_lookup(form.cleaned_data["number"], form.cleaned_data["access_code"])
    if found is None:
        # One answer for an unknown number and a wrong code; the code is not shown back.
        return _page(request, page, LookupForm(initial={"number": form.cleaned_data["number"]}),
                     status=400, mismatch=verdict)
    kind, record = found
    prove(request, kind.code, record)
    return redirect(kind.progress_url(record))


def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


def submission_limited(request, error: RateLimited, *, title):
    """The page for a submission refused by records.intake_limits: 429 with Retry-After;
    the back link returns to the form."""
    retry_after = int(error.details.get("retry_after") or 60)
    response = render(request, "records/public/submission_limited.html", {
        "message": error.message, "minutes": _minutes(retry_after), "back": request.path,
        "breadcrumbs": [(title, None)]}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limited_status(response, error: RateLimited):
    """A form page shown again for a refusal after the form was read (its text kept)."""
    response.status_code = 429
    response["Retry-After"] = str(int(error.details.get("retry_after") or 60))
    return response
