"""Staff pages: consultations of the user's scope (comments waiting or reported first),
moderation (publish, hide with a reason), public answers with the agency's response,
closing and publishing the report, polls with their results and export, and linking an
adopted comment to an improvement item or plan action. Reads through selectors (another
agency's is 404), writes through services; each edit carries the version it read."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.core.errors import DomainError
from minfu.org.auth import staff_required
from minfu.participation import selectors, services
from minfu.participation.forms import AnswerForm, HideForm, VersionForm
from minfu.participation.models import HiddenReason, Verdict
from minfu.participation.views.links import link_page
from minfu.participation.views.public import results_table


def _crumbs(*trail):
    return [(_("Public participation"), reverse("participation:staff-list")), *trail]


def _detail_url(consultation) -> str:
    return reverse("participation:staff-consultation", args=[consultation.pk])


@staff_required
def consultation_list(request):
    return render(request, "participation/staff/list.html", {
        "consultations": selectors.consultations_for(request.user)[:200],
        "polls": selectors.polls_for(request.user)[:200],
        "may_manage": selectors.organisations_managed(request.user).exists(),
        "breadcrumbs": _crumbs()})


@staff_required
def consultation_detail(request, pk: int):
    consultation = selectors.consultation_for(request.user, pk)
    comments = list(selectors.comments_to_moderate(consultation))
    for comment in comments:
        comment.result_links = (selectors.links_of(comment) if services.is_adopted(comment)
                                else [])
    return render(request, "participation/staff/consultation.html", {
        "consultation": consultation, "comments": comments,
        "reasons": HiddenReason.choices, "verdicts": Verdict.choices,
        "breadcrumbs": _crumbs((consultation.title, None))})


def _comment_step(request, pk: int, form_class, act):
    """Run one moderation step from its form; back to the consultation either way."""
    comment = selectors.comment_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(comment, form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("The form was not complete; nothing was changed."))
    return redirect(f"{_detail_url(comment.consultation)}#comment-{comment.pk}")


@staff_required
@require_POST
def comment_publish(request, pk: int):
    return _comment_step(request, pk, VersionForm, lambda comment, data: (
        services.comment_publish(comment=comment, actor=request.user,
                                 expected_version=data["version"])))


@staff_required
@require_POST
def comment_hide(request, pk: int):
    return _comment_step(request, pk, HideForm, lambda comment, data: services.comment_hide(
        comment=comment, actor=request.user, reason=data["reason"], note=data["note"],
        expected_version=data["version"]))


@staff_required
@require_POST
def comment_answer(request, pk: int):
    return _comment_step(request, pk, AnswerForm, lambda comment, data: (
        services.comment_answer(comment=comment, actor=request.user, answer=data["answer"],
                                verdict=data["verdict"], expected_version=data["version"])))


@staff_required
def comment_link(request, pk: int):
    comment = selectors.comment_for(request.user, pk)
    return link_page(request, comment, number=comment.number, text=comment.body,
                     done_url=f"{_detail_url(comment.consultation)}#comment-{comment.pk}",
                     breadcrumbs=_crumbs((comment.consultation.title,
                                          _detail_url(comment.consultation))))


def _consultation_step(request, pk: int, act, done: str):
    consultation = selectors.consultation_for(request.user, pk)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("The form was not complete; nothing was changed."))
        act(consultation, form.cleaned_data["version"])
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return redirect(_detail_url(consultation))


@staff_required
@require_POST
def consultation_close(request, pk: int):
    return _consultation_step(request, pk, lambda consultation, version: (
        services.consultation_close(consultation=consultation, actor=request.user,
                                    expected_version=version)),
        _("The consultation is closed."))


@staff_required
@require_POST
def consultation_report_publish(request, pk: int):
    return _consultation_step(request, pk, lambda consultation, version: (
        services.consultation_report_publish(consultation=consultation, actor=request.user,
                                             expected_version=version)),
        _("The report is published."))


@staff_required
def poll_detail(request, pk: int):
    poll = selectors.poll_for(request.user, pk)
    return render(request, "participation/staff/poll.html", {
        "poll": poll, "results": selectors.poll_results(poll),
        "breadcrumbs": _crumbs((poll.title, None))})


@staff_required
def poll_export(request, pk: int):
    return results_table(selectors.poll_for(request.user, pk))
