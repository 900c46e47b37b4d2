"""Pages of co-signed proposals. Public: the list, a proposal's page (co-signing for a
browser that verified an address for it, withdrawing), the form for a new proposal (after
verifying an address for the agency) and its receipt; the proposer follows it with the
number and access code (the one lookup). Staff: the queue and the page with the steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minfu.core.errors import Conflict, NotFound, ValidationFailed
from minfu.core.forms import add_domain_error
from minfu.org.auth import staff_required
from minfu.participation import proposals_selectors as selectors
from minfu.participation import proposals_services as services
from minfu.participation.models.proposals import ProposalState
from minfu.participation.proposals_activities import new_proposal_key, signing_key
from minfu.participation.proposals_forms import ProposalForm
from minfu.participation.proposals_kind import PROPOSAL
from minfu.participation.proposals_steps import STEPS
from minfu.participation.selectors import links_of
from minfu.participation.verification import verified_participant
from minfu.participation.views.links import link_page
from minfu.participation.views.public import crumbs
from minfu.participation.views.verify import verify_url
from minfu.records import access
from minfu.records.citizen_browser import (
    form_token,
    proven_pk,
    receipt_code_take,
    submission_key,
    submitted,
)
from minfu.records.step_views import offered_steps, record_page_views, step_forms
from minfu.records.timeline import timeline

IDEMPOTENCY_PREFIX = "proposal-web-"
PER_PAGE = 20


def _crumbs(*more):
    return crumbs((_("Proposals"), reverse("participation:proposal-list")), *more)


# ----- public --------------------------------------------------------------------------

def proposal_list(request):
    state = request.GET.get("state", "")
    if state not in ProposalState.values:
        state = ""
    page = Paginator(selectors.public_proposals(state=state), PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "participation/public/proposal_list.html", {
        "page_obj": page, "proposals": page.object_list, "state": state,
        "states": [(value, label) for value, label in ProposalState.choices
                   if value in {"signing", "reached", "answered", "expired"}],
        "organisations": selectors.organisations_taking_proposals(),
        "breadcrumbs": crumbs((_("Proposals"), None))})


def _visible(request, pk):
    """The public page, or for the proposer who proved the access code any state."""
    if proven_pk(request, PROPOSAL.code, pk=pk) is not None:
        return selectors.proposal_for_proposer(pk)
    try:
        return selectors.public_proposal(pk)
    except NotFound:
        raise Http404 from None


@never_cache
def proposal_detail(request, pk):
    proposal = _visible(request, pk)
    key = signing_key(proposal)
    participant = verified_participant(request, key)
    signature = selectors.signature_of(proposal, participant)
    here = reverse("participation:proposal-detail", args=[proposal.pk])
    return render(request, "participation/public/proposal_detail.html", {
        "proposal": proposal, "participant": participant, "signature": signature,
        "signing": proposal.state == ProposalState.SIGNING,
        "verify_url": verify_url(key, here),
        "share": min(100, proposal.signature_count * 100 // max(1, proposal.threshold)),
        "timeline": timeline(proposal, public=True),
        "result_links": links_of(proposal) if proposal.is_adopted else [],
        "breadcrumbs": _crumbs((proposal.number, None))})


@require_POST
def proposal_sign(request, pk):
    proposal = _visible(request, pk)
    participant = verified_participant(request, signing_key(proposal))
    here = reverse("participation:proposal-detail", args=[proposal.pk])
    if participant is None:
        return redirect(verify_url(signing_key(proposal), here))
    try:
        services.proposal_sign(proposal=proposal, participant=participant)
    except Conflict as error:
        messages.error(request, error.message)
        return redirect(here)
    messages.success(request, _("Thank you: your co-signature is counted."))
    return redirect(here)


@require_POST
def proposal_withdraw(request, pk):
    proposal = _visible(request, pk)
    participant = verified_participant(request, signing_key(proposal))
    here = reverse("participation:proposal-detail", args=[proposal.pk])
    if participant is not None:
        try:
            services.signature_withdraw(proposal=proposal, participant=participant)
            messages.success(request, _("Your co-signature is withdrawn."))
        except Conflict as error:
            messages.error(request, error.message)
    return redirect(here)


def _form_page(request, organisation, form, status=200):
    return render(request, "participation/public/proposal_new.html", {
        "organisation": organisation, "form": form,
        "breadcrumbs": _crumbs((_("New proposal"), None))}, status=status)


@never_cache
def proposal_new(request, organisation_code: str):
    organisation = selectors.organisation_by_code(organisation_code)
    if organisation is None:
        raise Http404
    key = new_proposal_key(organisation)
    participant = verified_participant(request, key)
    if participant is None:
        return redirect(verify_url(key, request.path))
    if request.method != "POST":
        return _form_page(request, organisation,
                          ProposalForm(initial={"form_token": form_token(request)}))
    form = ProposalForm(request.POST)
    idempotency = submission_key(request, request.POST.get("form_token", ""))
    if idempotency is None:
        form.is_valid()
        form.add_error(None, _("This form has expired. Check your proposal and send it again."))
        form.data = form.data.copy()
        form.data["form_token"] = form_token(request)
        return _form_page(request, organisation, form, status=400)
    if not form.is_valid():
        return _form_page(request, organisation, form, status=400)
    try:
        proposal, code = services.proposal_submit(
            organisation=organisation, proposer=participant,
            title=form.cleaned_data["title"], text=form.cleaned_data["text"],
            service_name=form.cleaned_data["service_name"], language=get_language() or "",
            idempotency_key=IDEMPOTENCY_PREFIX + idempotency)
    except ValidationFailed as error:
        add_domain_error(form, error)
        return _form_page(request, organisation, form, status=400)
    submitted(request, PROPOSAL.code, proposal, code)
    return redirect("participation:proposal-receipt", number=proposal.number)


@never_cache
def proposal_receipt(request, number: str):
    pk = proven_pk(request, PROPOSAL.code, number=number)
    if pk is None:
        raise Http404(_("No receipt to show."))
    proposal = selectors.proposal_for_proposer(pk)
    code = receipt_code_take(request, PROPOSAL.code, proposal)
    return render(request, "participation/public/proposal_receipt.html", {
        "proposal": proposal, "access_code": access.display_code(code) if code else "",
        "breadcrumbs": _crumbs((_("Receipt"), None))})


# ----- staff ---------------------------------------------------------------------------

@staff_required
def staff_queue(request):
    state = request.GET.get("state", "")
    proposals = selectors.proposals_for(request.user)
    if state in ProposalState.values:
        proposals = proposals.filter(state=state)
    page = Paginator(proposals.order_by("response_due_on", "-submitted_at"), PER_PAGE
                     ).get_page(request.GET.get("page"))
    return render(request, "participation/staff/proposal_queue.html", {
        "page_obj": page, "proposals": page.object_list, "state": state,
        "states": ProposalState.choices})


def _render_detail(request, proposal, *, bound=None, status=200):
    forms = step_forms(STEPS, proposal, request.user, bound)
    return render(request, "participation/staff/proposal_detail.html", {
        "proposal": proposal, "record": proposal, "action_forms": forms,
        "offered_steps": offered_steps(STEPS, proposal, forms),
        "action_url": "participation:staff-proposal-action",
        "timeline": timeline(proposal),
        "merged": proposal.merged.all(),
        "result_links": links_of(proposal) if proposal.is_adopted else [],
    }, status=status)


staff_detail, staff_action = record_page_views(
    STEPS, get_for=selectors.proposal_get_for, render_detail=_render_detail,
    detail_url="participation:staff-proposal-detail")


@staff_required
def staff_link(request, pk):
    """Link an adopted proposal to the improvement item or plan action that carries it out."""
    proposal = selectors.proposal_get_for(request.user, pk)
    detail = reverse("participation:staff-proposal-detail", args=[proposal.pk])
    return link_page(request, proposal, number=proposal.number, text=proposal.title,
                     done_url=detail, breadcrumbs=[(_("Proposals"), reverse(
                         "participation:staff-proposal-queue")), (proposal.number, detail)])
