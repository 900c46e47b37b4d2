"""Citizens' pages: the list of what is open, a consultation (draft, sections, comments,
the comment form once verified, the report once published), a poll (vote once verified,
results when visible). Plain forms with POST-redirect-GET; they work with JavaScript
off. Writes need the browser's proof for the activity (verification)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from minfu.core import exports
from minfu.core.errors import DomainError, NotFound
from minfu.core.forms import add_domain_error
from minfu.participation import report, selectors, services, verification
from minfu.participation.forms import CommentForm, ReportForm, VoteForm
from minfu.participation.models import Comment, CommentState, Consultation
from minfu.participation.views.verify import verify_url
from minfu.records.citizen_browser import form_token, submission_key


def crumbs(*trail):
    """The trail of a public participation page: home, take part, then `trail`."""
    return [(_("Home"), reverse("web:public-home")),
            (_("Take part"), reverse("participation:public-index")), *trail]


def index(request):
    return render(request, "participation/public/index.html", {
        "consultations": selectors.public_consultations(),
        "polls": selectors.public_polls(),
        "breadcrumbs": [(_("Home"), reverse("web:public-home")), (_("Take part"), None)]})


def _consultation_url(consultation: Consultation) -> str:
    return reverse("participation:public-consultation", kwargs={"pk": consultation.pk})


@never_cache
def consultation(request, pk: int, form: CommentForm | None = None, status: int = 200):
    item = selectors.public_consultation(pk)
    participant = verification.verified_participant(request, item.activity_key)
    sections = list(item.sections.all())
    if form is None and participant is not None and item.is_open():
        reply_to = request.GET.get("reply", "")
        form = CommentForm(sections=sections, initial={
            "token": form_token(request), "parent": int(reply_to) if reply_to.isdigit() else None})
    thread = selectors.public_thread(item)
    for comment in thread:
        comment.result_links = (selectors.links_of(comment) if services.is_adopted(comment)
                                else [])
    return render(request, "participation/public/consultation.html", {
        "consultation": item, "sections": sections, "thread": thread, "form": form,
        "participant": participant, "attachments": item.attachments.all(),
        "verify_url": verify_url(item.activity_key, _consultation_url(item)),
        "breadcrumbs": crumbs((item.title, None))}, status=status)


@require_POST
def comment(request, pk: int):
    item = selectors.public_consultation(pk)
    participant = verification.verified_participant(request, item.activity_key)
    if participant is None:
        return redirect(verify_url(item.activity_key, _consultation_url(item)))
    form = CommentForm(request.POST, sections=list(item.sections.all()))
    if form.is_valid():
        key = submission_key(request, form.cleaned_data["token"])
        try:
            if key is None:
                raise DomainError(_("The form has expired; please send it again."),
                                  code="stale_form")
            made, code = services.comment_submit(
                consultation=item, participant=participant, body=form.cleaned_data["body"],
                section_id=form.cleaned_data["section"], parent_id=form.cleaned_data["parent"],
                idempotency_key=key)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if code:
                messages.success(request, (
                    _("Thank you. Your comment is number %(number)s; it is shown once a "
                      "moderator has read it.") if made.state == CommentState.PENDING
                    else _("Thank you. Your comment is number %(number)s."))
                    % {"number": made.number})
            return redirect(f"{_consultation_url(item)}#comment-{made.pk}")
    form.data = form.data.copy()
    form.data["token"] = form_token(request)
    return consultation(request, pk, form=form, status=400)


def _own_comment(request, pk: int) -> tuple[Comment, object]:
    found = selectors.public_comment(pk)
    return found, verification.verified_participant(request, found.consultation.activity_key)


@require_POST
def withdraw(request, pk: int):
    found, participant = _own_comment(request, pk)
    if participant is None:
        raise NotFound()
    try:
        services.comment_withdraw(comment=found, participant=participant)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your comment was withdrawn."))
    return redirect(_consultation_url(found.consultation))


@never_cache
def report_abuse(request, pk: int):
    found, _participant = _own_comment(request, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(comment=found, reason=form.cleaned_data["reason"],
                                    note=form.cleaned_data["note"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at the comment."))
            return redirect(_consultation_url(found.consultation))
    return render(request, "participation/public/report_abuse.html", {
        "comment": found, "form": form,
        "breadcrumbs": crumbs((found.consultation.title,
                                _consultation_url(found.consultation)),
                               (_("Report a comment"), None))},
        status=400 if form.errors else 200)


def report_download(request, pk: int, extension: str):
    item = selectors.public_consultation(pk)
    if item.report_published_at is None or extension not in ("pdf", "odt"):
        raise NotFound()
    if extension == "pdf":
        return exports.attachment(report.report_pdf(item), content_type="application/pdf",
                                  filename=report.filename(item, "pdf"))
    return exports.attachment(report.report_odt(item), content_type=report.odt.CONTENT_TYPE,
                              filename=report.filename(item, "odt"))


# ----- polls ----------------------------------------------------------------------------

def _poll_url(poll) -> str:
    return reverse("participation:public-poll", kwargs={"pk": poll.pk})


@never_cache
def poll(request, pk: int):
    item = selectors.public_poll(pk)
    participant = verification.verified_participant(request, item.activity_key)
    ballot = item.ballots.filter(participant=participant).first() if participant else None
    form = None
    if participant is not None and ballot is None and item.is_open():
        form = VoteForm(request.POST or None, poll=item)
        if request.method == "POST" and form.is_valid():
            try:
                services.ballot_cast(poll=item, participant=participant,
                                     option_ids=form.cleaned_data["options"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Thank you. Your vote was counted."))
                return redirect(_poll_url(item))
    elif request.method == "POST" and ballot is not None:
        return redirect(_poll_url(item))  # a replayed vote: the first one stands
    return render(request, "participation/public/poll.html", {
        "poll": item, "form": form, "participant": participant, "ballot": ballot,
        "results": selectors.poll_results(item) if item.results_visible() else None,
        "verify_url": verify_url(item.activity_key, _poll_url(item)),
        "breadcrumbs": crumbs((item.title, None))},
        status=400 if form is not None and form.errors else 200)


def poll_export(request, pk: int):
    item = selectors.public_poll(pk)
    if not item.results_visible():
        raise NotFound()
    return results_table(item)


def results_table(item):
    results = selectors.poll_results(item)
    return exports.table_download(
        "csv", filename=f"poll-{item.pk}-results", sheet="results",
        header=[_("Option"), _("Votes"), _("Share"), _("Lower bound (95 percent)"),
                _("Upper bound (95 percent)")],
        rows=[[row.option, row.count, round(row.share, 4), round(row.low, 4),
               round(row.high, 4)] for row in results.rows])
