"""Officers' pages of petitions. Thin: reads through `voice.selectors` (scoped; a petition
of another agency, or a head-of-agency mailbox case for a non-reader, is 404), writes
through `voice.services`."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.assessment.selectors import units_to_track
from minfu.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from minfu.core.exports import file_download
from minfu.core.forms import add_domain_error
from minfu.org.auth import staff_required
from minfu.org.models import Organisation, Unit
from minfu.org.selectors import organisations_where, units_where
from minfu.records.timeline import timeline
from minfu.voice import selectors, services, workflow
from minfu.voice.forms_staff import (
    AssignForm,
    ExtendForm,
    FollowUpCloseForm,
    MergeForm,
    NotHandledForm,
    QueueFilterForm,
    RecordForm,
    ReplyDraftForm,
    ReturnDraftForm,
    TransferForm,
    VersionedActionForm,
)
from minfu.voice.models import Category, FollowUp, Petition

PAGE_SIZE = 25
QUEUE_TITLES = {
    selectors.QueueView.MINE: "Assigned to me",
    selectors.QueueView.UNIT: "My unit's petitions",
    selectors.QueueView.DUE_SOON: "Due soon",
    selectors.QueueView.OVERDUE: "Overdue",
}


def _crumbs(*trail):
    return [(_("Citizen voice"), reverse("voice:staff-queue")), *trail]


def _visible_categories(user):
    organisation_ids = selectors.petitions_for(user).values("organisation_id")
    return Category.objects.filter(organisation_id__in=organisation_ids)


# ----- queue ---------------------------------------------------------------------------

@staff_required
def queue(request, view: str = selectors.QueueView.MINE):
    if view not in selectors.QueueView.ALL:
        raise Http404
    filters = QueueFilterForm(request.GET or None, categories=_visible_categories(request.user))
    query = selectors.QueueFilter(view=view)
    if filters.is_valid():
        data = filters.cleaned_data
        query = selectors.QueueFilter(view=view, kind=data["kind"], channel=data["channel"],
                                      state=data["state"],
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

def _officers(petition: Petition):
    users = get_user_model().objects.filter(
        memberships__unit__organisation=petition.organisation, is_active=True).distinct()
    return users.order_by("username")


def _action_forms(user, petition: Petition, bound: dict | None = None) -> dict:
    initial = {"version": petition.version}
    allowed = {action.value for action in workflow.allowed_actions(petition.state)}
    handle = selectors.may(user, services.HANDLE, petition)
    forms = {}
    if handle:
        if "start" in allowed:
            forms["start"] = VersionedActionForm(initial=initial, prefix="start")
        if workflow.is_open(petition.state) and not petition.extension_value:
            forms["extend"] = ExtendForm(initial=initial, prefix="extend")
        if "draft_reply" in allowed:
            forms["draft_reply"] = ReplyDraftForm(initial=initial, prefix="draft_reply")
        if "mark_not_handled" in allowed:
            forms["not_handled"] = NotHandledForm(initial=initial, prefix="not_handled")
        if "merge" in allowed:
            forms["merge"] = MergeForm(initial=initial, prefix="merge")
        if "transfer" in allowed:
            forms["transfer"] = TransferForm(
                initial=initial, prefix="transfer",
                organisations=Organisation.objects.exclude(pk=petition.organisation_id))
        if "close" in allowed:
            forms["close"] = VersionedActionForm(initial=initial, prefix="close")
        if "reopen" in allowed:
            forms["reopen"] = ReturnDraftForm(initial=initial, prefix="reopen")
    if selectors.may(user, services.REASSIGN, petition) and workflow.is_open(petition.state):
        forms["assign"] = AssignForm(initial=initial, prefix="assign",
                                     units=Unit.objects.filter(
                                         organisation=petition.organisation),
                                     officers=_officers(petition))
    if "approve_reply" in allowed and selectors.may(user, services.APPROVE_REPLY, petition):
        forms["approve_reply"] = VersionedActionForm(initial=initial, prefix="approve_reply")
        forms["return_draft"] = ReturnDraftForm(initial=initial, prefix="return_draft")
    forms.update(bound or {})
    return forms


def _render_detail(request, petition: Petition, *, bound: dict | None = None,
                   status: int = 200):
    return render(request, "voice/staff/detail.html", {
        "petition": petition,
        "action_forms": _action_forms(request.user, petition, bound),
        "timeline": timeline(petition),
        "reply": selectors.latest_reply(petition),
        "duplicates": selectors.likely_duplicates(petition, user=request.user)
        if workflow.is_open(petition.state) else [],
        "merged_cases": petition.merged_cases.all(),
        "attachments": petition.attachments.all(),
        "follow_ups": petition.follow_ups.select_related("rating", "improvement_item"),
        "track_units": units_to_track(request.user, petition.organisation),
        "may_handle": selectors.may(request.user, services.HANDLE, petition),
        "breadcrumbs": _crumbs((petition.number, "")),
    }, status=status)


@staff_required
def detail(request, pk):
    return _render_detail(request, selectors.petition_get_for(request.user, pk))


FORMS = {"start": VersionedActionForm, "extend": ExtendForm, "draft_reply": ReplyDraftForm,
         "not_handled": NotHandledForm, "merge": MergeForm, "transfer": TransferForm,
         "close": VersionedActionForm, "reopen": ReturnDraftForm, "assign": AssignForm,
         "approve_reply": VersionedActionForm, "return_draft": ReturnDraftForm}


def _bound_form(action: str, data, petition: Petition):
    if action == "transfer":
        return TransferForm(data, prefix=action, organisations=Organisation.objects.exclude(
            pk=petition.organisation_id))
    if action == "assign":
        return AssignForm(data, prefix=action,
                          units=Unit.objects.filter(organisation=petition.organisation),
                          officers=_officers(petition))
    return FORMS[action](data, prefix=action)


def _run(action: str, data: dict, petition: Petition, user) -> str:
    common = {"petition": petition, "actor": user, "expected_version": data["version"]}
    match action:
        case "start":
            services.petition_start(**common)
            return _("Handling started.")
        case "assign":
            services.petition_assign(**common, unit=data["unit"], officer=data["officer"])
            return _("Assignment saved.")
        case "extend":
            services.petition_extend(**common, value=data["value"], reason=data["reason"])
            return _("The handling limit is extended; the petitioner is notified.")
        case "draft_reply":
            services.reply_draft(**common, text=data["text"], legal_basis=data["legal_basis"],
                                 remedies=data["remedies"], publish=data["publish"])
            return _("Reply drafted; it waits for a supervisor's approval.")
        case "approve_reply":
            services.reply_approve(**common)
            return _("Reply approved and sent.")
        case "return_draft":
            services.reply_return(**common, note=data["note"])
            return _("Draft returned to the officer.")
        case "not_handled":
            services.petition_mark_not_handled(**common, ground=data["ground"],
                                               note=data["note"])
            return _("Recorded as not handled.")
        case "merge":
            into = selectors.petitions_for(user).filter(
                organisation=petition.organisation,
                number=data["into_number"].strip().upper()).first()
            if into is None:
                raise ValidationFailed(details={"into_number": [
                    _("No case of this agency has this number.")]})
            services.petition_merge(**common, into=into)
            return _("Case merged.")
        case "transfer":
            services.petition_transfer(**common, reason=data["reason"],
                                       to_organisation=data["to_organisation"],
                                       to_name=data["to_name"])
            return _("Petition transferred; the petitioner is notified.")
        case "close":
            services.petition_close(**common)
            return _("Case closed.")
        case "reopen":
            services.petition_reopen(**common, reason=data["note"])
            return _("Case reopened.")
    raise ValidationFailed(_("Unknown step."), code="unknown_action")


@staff_required
@require_POST
def action(request, pk, action):
    petition = selectors.petition_get_for(request.user, pk)
    if action not in FORMS:
        raise Http404
    form = _bound_form(action, request.POST, petition)
    if form.is_valid():
        try:
            message = _run(action, form.cleaned_data, petition, request.user)
        except Conflict as error:
            add_domain_error(form, error)
            return _render_detail(request, petition, bound={action: form}, status=409)
        except PermissionDenied:
            raise
        except DomainError as error:
            add_domain_error(form, error)
            return _render_detail(request, petition, bound={action: form}, status=400)
        messages.success(request, message)
        return redirect("voice:staff-detail", pk=petition.pk)
    return _render_detail(request, petition, bound={action: form}, status=400)


@staff_required
@require_POST
def follow_up_close(request, pk, follow_up_pk):
    petition = selectors.petition_get_for(request.user, pk)
    follow_up = FollowUp.objects.filter(pk=follow_up_pk, petition=petition).first()
    if follow_up is None:
        raise NotFound(_("No such follow-up."))
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

def _intake_organisations(user):
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=units_where(user, services.HANDLE).values(
        "organisation_id")) | organisations_where(user, services.HANDLE)


@staff_required
def record(request):
    organisations = _intake_organisations(request.user).distinct()
    categories = Category.objects.filter(organisation__in=organisations, active=True)
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
                        language=data["language"], anonymous=data["anonymous"]),
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
