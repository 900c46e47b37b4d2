"""Citizens' pages of petitions: the web form (and the head-of-agency mailbox), the receipt,
the progress lookup (rate-limited like applications, records.throttle), the rating page and
the published replies. Each blank form carries a one-time token (records.citizen_browser),
the idempotency key of its submission; the citizen cookie carries the petitions this
browser proved access to."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from minfu.citizens.selectors import contact_details
from minfu.citizens.session import citizen_of
from minfu.core.client_ip import client_ip
from minfu.core.errors import Conflict, NotFound, RateLimited, ValidationFailed
from minfu.core.forms import add_domain_error
from minfu.core.replica import reads_from_replica
from minfu.documents.letters import download
from minfu.records import access
from minfu.records.citizen_browser import (
    form_token,
    proven_pk,
    receipt_code_take,
    submission_key,
    submitted,
)
from minfu.records.timeline import timeline
from minfu.records.views import LookupPage, limited_status, submission_limited
from minfu.voice import limits, notices, selectors, services, workflow
from minfu.voice.documents import reply_letter
from minfu.voice.forms_public import PURPOSE_OF_COLLECTION, PetitionForm, RatingForm
from minfu.voice.kind import PETITION
from minfu.voice.models import Petition, PetitionChannel, PetitionState

IDEMPOTENCY_PREFIX = "voice-web-"


def _proven(request, *, pk=None, number: str | None = None) -> Petition | None:
    pk = proven_pk(request, PETITION.code, pk=pk, number=number)
    return selectors.petition_for_citizen(pk) if pk is not None else None


# ----- the web form ----------------------------------------------------------------------

def index(request):
    """Where to write: the agencies that take messages (those with petition categories)."""
    return render(request, "voice/public/index.html", {
        "organisations": selectors.organisations_taking_petitions(), "breadcrumbs": [(_("Write to an agency"), None)]})


def _title(mailbox: bool):
    return _("Head-of-agency mailbox") if mailbox else _("Write to us")


def _form_page(request, organisation, form, *, mailbox: bool, status: int = 200):
    return render(request, "voice/public/submit.html", {
        "organisation": organisation, "form": form, "mailbox": mailbox,
        "purpose": PURPOSE_OF_COLLECTION, "breadcrumbs": [(_title(mailbox), None)],
    }, status=status)


def _signed_in_contact(request) -> dict:
    """A signed-in citizen's form starts with their contact preferences."""
    citizen = citizen_of(request)
    if citizen is None:
        return {}
    details = contact_details(citizen)
    return {"name": details.name, "email": details.email, "phone": details.phone,
            "language": details.language}


@never_cache
def submit(request, organisation_code: str, mailbox: bool = False):
    organisation = selectors.organisation_by_code(organisation_code)
    categories = selectors.categories_for_organisation(organisation)
    if request.method != "POST":
        form = PetitionForm(categories=categories, initial={
            "token": form_token(request),
            "language": "en" if request.LANGUAGE_CODE == "en" else "zh-hant",
            **_signed_in_contact(request)})
        return _form_page(request, organisation, form, mailbox=mailbox)
    try:  # before the form is read: its files are decoded when it is
        limits.petition_client_check(client_ip(request), with_files=bool(request.FILES))
    except RateLimited as error:
        return submission_limited(request, error, title=_title(mailbox))
    key = submission_key(request, request.POST.get("token", ""))
    form = PetitionForm(request.POST, request.FILES, categories=categories)
    if key is None:
        form.is_valid()
        form.add_error(None, _("This form has expired. Check your message and send it again."))
        form.data = form.data.copy()
        form.data["token"] = form_token(request)
        return _form_page(request, organisation, form, mailbox=mailbox, status=400)
    if not form.is_valid():
        return _form_page(request, organisation, form, mailbox=mailbox, status=400)
    try:
        limits.petition_contacts_check(form.petitioner())
    except RateLimited as error:
        form.add_error(None, error.message)
        return limited_status(_form_page(request, organisation, form, mailbox=mailbox), error)
    try:
        petition, code = services.petition_submit(
            organisation=organisation, kind=form.cleaned_data["kind"],
            channel=PetitionChannel.MAILBOX if mailbox else PetitionChannel.WEB,
            petitioner=form.petitioner(), subject=form.cleaned_data["subject"],
            text=form.cleaned_data["text"], category=form.cleaned_data["category"],
            consent_given=form.cleaned_data["consent"], attachments=form.attachments(),
            idempotency_key=IDEMPOTENCY_PREFIX + key, owner=citizen_of(request))
    except ValidationFailed as error:
        add_domain_error(form, error)
        return _form_page(request, organisation, form, mailbox=mailbox, status=400)
    submitted(request, PETITION.code, petition, code)
    return redirect("voice:public-receipt", number=petition.number)


@never_cache
def receipt(request, number: str):
    petition = _proven(request, number=number)
    if petition is None:
        raise Http404(_("No receipt to show."))
    code = receipt_code_take(request, PETITION.code, petition)  # shown once
    contact = notices.contact_of(petition)
    return render(request, "voice/public/receipt.html", {
        "petition": petition, "access_code": access.display_code(code) if code else "",
        "unconfirmed_contact": contact[1] if contact and petition.contact_confirmed_at is None
        else "", "breadcrumbs": [(_("Receipt"), None)]})


# ----- progress lookup -------------------------------------------------------------------

LOOKUP_PAGE = LookupPage(title=_("Follow your message"),
                         intro=_("Enter the case number and the access code from your receipt."),
                         number_label=_("Case number"))


@never_cache
@reads_from_replica
def progress(request, pk: int):
    petition = _proven(request, pk=pk)
    if petition is None:
        messages.info(request, _("Enter the case number and access code to see your message."))
        return redirect("voice:public-lookup")
    reply = selectors.published_reply_for(petition)
    return render(request, "voice/public/progress.html", {
        "petition": petition, "state_label": PetitionState(petition.state).label,
        "timeline": timeline(petition, public=True), "reply": reply,
        "is_open": workflow.is_open(petition.state),
        "breadcrumbs": [(_("Follow your message"), reverse("voice:public-lookup")),
                        (petition.number, None)]})


# ----- confirming the contact address ---------------------------------------------------

@never_cache
def confirm_contact(request, token: str):
    """The link of the receipt sent to the petition's contact address. Opening it changes
    nothing (mail scanners open links); the petitioner confirms with the button."""
    try:
        if request.method == "POST":
            petition = services.petition_contact_confirm(token=token)
        else:
            petition = notices.petition_from_confirm_token(token)
    except NotFound as error:
        raise Http404(str(error.message)) from None
    return render(request, "voice/public/confirm.html", {
        "petition": petition, "confirmed": petition.contact_confirmed_at is not None,
        "breadcrumbs": [(_("Confirm your contact address"), None)]})


# ----- rating ------------------------------------------------------------------------------

@never_cache
def rate(request, token: str):
    try:
        rating = services.rating_from_token(token)
    except NotFound:
        raise Http404(_("This rating link is not valid.")) from None
    except Conflict as error:
        return render(request, "voice/public/rate_done.html", {
            "message": error.message, "breadcrumbs": [(_("Rate our reply"), None)]},
            status=410 if error.code == "rating_expired" else 200)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit(token=token, score=form.cleaned_data["score"],
                                   comment=form.cleaned_data["comment"],
                                   reopen=form.cleaned_data["reopen"])
        except Conflict as error:
            return render(request, "voice/public/rate_done.html", {
                "message": error.message, "breadcrumbs": [(_("Rate our reply"), None)]})
        return render(request, "voice/public/rate_done.html", {
            "message": _("Thank you for rating our reply."), "thanked": True,
            "breadcrumbs": [(_("Rate our reply"), None)]})
    return render(request, "voice/public/rate.html", {
        "form": form, "petition": rating.petition, "reply": rating.reply,
        "breadcrumbs": [(_("Rate our reply"), None)]},
        status=400 if form.errors else 200)


def published(request):
    page = Paginator(selectors.published_replies(), 20).get_page(request.GET.get("page"))
    return render(request, "voice/public/published.html", {
        "page_obj": page, "breadcrumbs": [(_("Published replies"), None)]})


@never_cache
def reply_document(request, pk: int, fmt: str):
    """The approved reply as a letter, for the browser that proved access."""
    petition = _proven(request, pk=pk)
    if petition is None:
        return redirect("voice:public-lookup")
    reply = selectors.published_reply_for(petition)
    if reply is None:
        raise Http404(_("There is no reply yet."))
    return download(reply_letter(petition, reply), fmt)


def published_reply(request, pk: int):
    reply = selectors.published_reply_get(pk)
    return render(request, "voice/public/published_reply.html", {
        "reply": reply, "breadcrumbs": [
            (_("Published replies"), reverse("voice:public-replies")),
            (reply.petition.category.name if reply.petition.category
             else reply.petition.get_kind_display(), None)]})
