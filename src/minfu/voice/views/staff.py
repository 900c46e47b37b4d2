"""Officers' pages of petitions. Thin: reads through `voice.selectors` (scoped; a petition
of another agency, or a head-of-agency mailbox case for a non-reader, is 404), writes
through `voice.services`."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from minfu.core.errors import Conflict, DomainError
from minfu.core.exports import file_download
from minfu.core.forms import add_domain_error
from minfu.documents.letters import download
from minfu.org.auth import staff_required
from minfu.org.selectors import units_to_track
from minfu.records.step_views import offered_steps, record_page_views, step_forms
from minfu.records.timeline import timeline
from minfu.voice import selectors, services, workflow
from minfu.voice.documents import reply_letter
from minfu.voice.forms_staff import (
    FollowUpCloseForm,
    QueueFilterForm,
    RecordForm,
)
from minfu.voice.models import Petition
from minfu.voice.steps import STEPS

PAGE_SIZE = 25
QUEUE_TITLES = {  # translated when shown
    selectors.QueueView.MINE: gettext_noop("Assigned to me"),
    selectors.QueueView.UNIT: gettext_noop("My unit's petitions"),
    selectors.QueueView.DUE_SOON: gettext_noop("Due soon"),
    selectors.QueueView.OVERDUE: gettext_noop("Overdue"),
}


def _crumbs(*trail):
    return [(_("Citizen voice"), reverse("voice:staff-queue")), *trail]


# ----- queue ---------------------------------------------------------------------------

@staff_required
def queue(request, view: str = selectors.QueueView.MINE):
    if view not in selectors.QueueView.ALL:
        raise Http404
    filters = QueueFilterForm(request.GET or None, categories=selectors.queue_categories_for(request.user))
    query = selectors.QueueFilter(view=view)
    if filters.is_valid():
        data = filters.cleaned_data
        query = selectors.QueueFilter(view=view, kind=data["kind"], channel=data["channel"],
                                      state=data["state"], due=data["due"],
                                      category_id=data["category"].pk if data["category"]
                                      else None)
    page = Paginator(selectors.queue(request.user, query), PAGE_SIZE).get_page(
        request.GET.get("page"))
    today = timezone.localdate()
    rows = [(petition, selectors.due_mark(
        petition, today, selectors.due_soon_limit(petition.organisation, today)))
        for petition in page.object_list]
    return render(request, "voice/staff/queue.html", {
        "view": view, "views": [(key, _(title)) for key, title in QUEUE_TITLES.items()],
        "title": _(QUEUE_TITLES[view]), "filters": filters, "page_obj": page, "rows": rows,
        "breadcrumbs": _crumbs(),
    })


@staff_required
def follow_up_list(request):
    show_all = request.GET.get("show") == "all"
    page = Paginator(selectors.follow_ups_for(request.user, open_only=not show_all),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "voice/staff/follow_ups.html", {
        "page_obj": page, "show_all": show_all,
        "breadcrumbs": _crumbs((_("Follow-ups"), None)),
    })


# ----- one petition --------------------------------------------------------------------

# The likeliest duplicates listed on a petition's page; a campaign of like petitions can
# find hundreds, and the page says how many.
DUPLICATES_SHOWN = 10


def _render_detail(request, petition: Petition, *, bound: dict | None = None,
                   status: int = 200):
    forms = step_forms(STEPS, petition, request.user, bound)
    duplicates = selectors.likely_duplicates(petition, user=request.user) \
        if workflow.is_open(petition.state) else []
    return render(request, "voice/staff/detail.html", {
        "petition": petition,
        "action_forms": forms, "offered_steps": offered_steps(STEPS, petition, forms),
        "action_url": "voice:staff-action",
        "timeline": timeline(petition),
        "reply": selectors.latest_reply(petition),
        "duplicates": duplicates[:DUPLICATES_SHOWN], "duplicates_found": len(duplicates),
        "merged_cases": petition.merged_cases.all(),
        "attachments": petition.attachments.all(),
        "follow_ups": petition.follow_ups.select_related("rating", "improvement_item"),
        "track_units": units_to_track(request.user, petition.organisation),
        "may_handle": selectors.may(request.user, services.HANDLE, petition),
        "breadcrumbs": _crumbs((petition.number, "")),
    }, status=status)


# The page and the POST of a registered step (minfu.voice.steps).
detail, action = record_page_views(
    STEPS, get_for=selectors.petition_get_for, render_detail=_render_detail,
    detail_url="voice:staff-detail")


@staff_required
@require_POST
def follow_up_close(request, pk, follow_up_pk):
    petition = selectors.petition_get_for(request.user, pk)
    follow_up = selectors.petition_follow_up_get(petition, follow_up_pk)
    form = FollowUpCloseForm(request.POST)
    form.is_valid()
    try:
        services.follow_up_close(actor=request.user, follow_up=follow_up,
                                 note=form.cleaned_data.get("note", ""))
    except Conflict as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Follow-up closed."))
    return redirect("voice:staff-detail", pk=petition.pk)


# ----- recording oral, telephone and e-mail petitions ------------------------------------

@staff_required
def record(request):
    organisations = selectors.intake_organisations(request.user)
    categories = selectors.active_categories_of(organisations)
    if request.method == "POST":
        form = RecordForm(request.POST, organisations=organisations, categories=categories)
        if form.is_valid():
            data = form.cleaned_data
            try:
                petition, _code = services.petition_submit(
                    organisation=data["organisation"], kind=data["kind"],
                    channel=data["channel"], category=data["category"],
                    petitioner=services.Petitioner(
                        name=data["name"], id_number=data["id_number"], email=data["email"],
                        phone=data["phone"], address=data["address"],
                        language=data["language"], anonymous=data["anonymous"],
                        assistance=form.assistance()),
                    subject=data["subject"], text=data["text"], consent_given=True,
                    actor=request.user, idempotency_key="staff:" + data["idempotency_key"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Petition %(number)s recorded.") % {
                    "number": petition.number})
                return redirect("voice:staff-detail", pk=petition.pk)
    else:
        form = RecordForm(initial={"idempotency_key": uuid.uuid4().hex},
                          organisations=organisations, categories=categories)
    return render(request, "voice/staff/record.html", {
        "form": form, "breadcrumbs": _crumbs((_("Record a petition"), ""))},
        status=400 if form.errors else 200)


@staff_required
def attachment_download(request, pk):
    return file_download(selectors.attachment_get_for(request.user, pk))


@staff_required
def reply_document(request, pk, fmt: str):
    petition = selectors.petition_get_for(request.user, pk)
    reply = selectors.published_reply_for(petition)
    if reply is None:
        raise Http404(_("There is no reply yet."))
    return download(reply_letter(petition, reply), fmt)
