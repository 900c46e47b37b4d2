"""Staff pages that set up a consultation (its sections as rows of one form) and a poll
(its options one a line), new or changed; the services decide what may still change."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minfu.core.forms import form_submitted
from minfu.org.auth import staff_required
from minfu.participation import selectors, services
from minfu.participation.forms import ConsultationForm, PollForm, SectionFormSet
from minfu.participation.views.staff import _crumbs

_SHARED = ("title", "opens_at", "closes_at", "published")


def _organisations(user):
    organisations = selectors.organisations_managed(user)
    if not organisations.exists():
        raise Http404
    return organisations


def _initial(item, names) -> dict:
    if item is None:
        return {}
    return {name: getattr(item, name) for name in (*names, "organisation", "version")}


@staff_required
def consultation_edit(request, pk: int | None = None):
    organisations = _organisations(request.user)
    consultation = selectors.consultation_for(request.user, pk) if pk else None
    data = request.POST if request.method == "POST" else None
    form = ConsultationForm(data, organisations=organisations, initial=_initial(
        consultation, (*_SHARED, "summary", "moderation", "code_of_conduct")))
    sections = SectionFormSet(data, prefix="sections", initial=[
        {"heading": section.heading, "text": section.text, "question": section.question}
        for section in consultation.sections.order_by("position")] if consultation else None)
    saved = sections.is_valid() and form_submitted(request, form, lambda: (
        services.consultation_save(
            actor=request.user, consultation=consultation,
            expected_version=form.cleaned_data["version"],
            sections=[row for row in sections.cleaned_data if row],
            **{name: value for name, value in form.cleaned_data.items() if name != "version"})),
        success=_("The consultation is saved."))
    if saved:
        return redirect("participation:staff-consultation", saved.pk)
    title = consultation.title if consultation else _("New consultation")
    return render(request, "participation/staff/consultation_edit.html", {
        "form": form, "sections": sections, "consultation": consultation,
        "breadcrumbs": _crumbs((title, None))}, status=400 if data else 200)


@staff_required
def poll_edit(request, pk: int | None = None):
    organisations = _organisations(request.user)
    poll = selectors.poll_for(request.user, pk) if pk else None
    data = request.POST if request.method == "POST" else None
    initial = _initial(poll, (*_SHARED, "question", "multiple", "max_choices",
                              "results_hidden_until_close"))
    if poll is not None:
        initial["options"] = "\n".join(option.text for option in poll.options.order_by(
            "position"))
    form = PollForm(data, organisations=organisations, initial=initial)
    saved = form_submitted(request, form, lambda: services.poll_save(
        actor=request.user, poll=poll, expected_version=form.cleaned_data["version"],
        options=form.cleaned_data["options"].splitlines(),
        **{name: value for name, value in form.cleaned_data.items()
           if name not in ("version", "options")}),
        success=_("The poll is saved."))
    if saved:
        return redirect("participation:staff-poll", saved.pk)
    title = poll.title if poll else _("New poll")
    return render(request, "participation/staff/poll_edit.html", {
        "form": form, "poll": poll, "breadcrumbs": _crumbs((title, None))},
        status=400 if data else 200)
