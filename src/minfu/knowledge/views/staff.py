"""Staff pages of the knowledge base: the list (what needs someone first), an article with
its next steps as buttons, the editor, versions, attachments, the call-centre console, the
gap page (questions no article answers), answering a petition with an article, and a
published reply turned into a draft. Thin: reads through `knowledge.selectors` (scoped:
another agency's article is 404), writes through `knowledge.services`."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.core.errors import DomainError
from minfu.core.exports import file_download
from minfu.core.forms import add_domain_error
from minfu.knowledge import markup, selectors, services, workflow
from minfu.knowledge.forms import (
    AnswerForm,
    ArticleForm,
    AttachmentForm,
    CallForm,
    ConsoleSearchForm,
    PeriodForm,
    ReturnForm,
)
from minfu.knowledge.models import ArticleKind, ArticleState, CallOutcome
from minfu.org.auth import staff_required
from minfu.org.selectors import units_of
from minfu.voice.selectors import active_categories_of

GAP_DAYS = 90


def _crumbs(*trail):
    return [(_("Knowledge base"), reverse("knowledge:staff-list")), *trail]


def _article_crumb(article):
    return (article.title, reverse("knowledge:staff-detail", args=[article.pk]))


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@staff_required
def article_list(request):
    query = selectors.ArticleFilter(
        state=request.GET.get("state", "") if request.GET.get("state") in ArticleState.values
        else "",
        kind=request.GET.get("kind", "") if request.GET.get("kind") in ArticleKind.values
        else "",
        text=request.GET.get("q", "")[:200])
    return render(request, "knowledge/staff/list.html", {
        "articles": selectors.staff_list(request.user, query)[:200],
        "query": query, "states": ArticleState.choices, "kinds": ArticleKind.choices,
        "today": timezone.localdate(),
        "may_create": selectors.editable_organisations(request.user).exists(),
        "may_console": selectors.console_organisations(request.user).exists(),
        "breadcrumbs": _crumbs()})


def _article_form(request, *, organisation=None, article=None, data=None, initial=None):
    organisations = selectors.editable_organisations(request.user)
    organisation = organisation or (article.organisation if article else None)
    if organisation is None:
        chosen = (data or {}).get("organisation", "")
        organisation = organisations.filter(pk=int(chosen)).first() if str(chosen).isdigit() \
            else organisations.first()
    return ArticleForm(
        data, initial=initial, organisations=organisations,
        units=units_of(organisation, active_only=True) if organisation else units_of(None),
        topics=selectors.topic_tags(),
        service_types=selectors.service_types_of(organisation),
        categories=active_categories_of([organisation] if organisation else []),
        related=selectors.related_choices(organisation, exclude=article)), organisation


@staff_required
def article_create(request):
    initial = {"kind": ArticleKind.FAQ, "title_zh": request.GET.get("title", "")[:200]}
    form, organisation = _article_form(request, data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(actor=request.user,
                                              organisation=form.cleaned_data["organisation"],
                                              **form.content())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draft was saved. Submit it for review when it "
                                        "is ready."))
            return redirect("knowledge:staff-detail", article.pk)
    return render(request, "knowledge/staff/form.html", {
        "form": form, "article": None,
        "breadcrumbs": _crumbs((_("New article"), None))})


@staff_required
def article_edit(request, pk):
    article = selectors.article_get_for(request.user, pk)
    initial = {"version": article.version, "organisation": article.organisation,
               "unit": article.unit, "kind": article.kind, "title_zh": article.title_zh,
               "title_en": article.title_en, "body_zh": article.body_zh,
               "body_en": article.body_en, "topic_tag": article.topic_tag,
               "service_types": list(article.service_types.all()),
               "categories": list(article.categories.all()),
               "related": list(article.related.all()), "review_by": article.review_by,
               "publish_at": timezone.localtime(article.publish_at) if article.publish_at
               else None}
    form, _organisation = _article_form(request, article=article, data=request.POST or None,
                                        initial=initial)
    form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(actor=request.user, article=article,
                                    expected_version=form.cleaned_data["version"],
                                    **form.content())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("knowledge:staff-detail", article.pk)
    return render(request, "knowledge/staff/form.html", {
        "form": form, "article": article,
        "breadcrumbs": _crumbs(_article_crumb(article), (_("Edit"), None))})


def _steps(user, article) -> list[tuple[str, str]]:
    """The buttons the article's page offers this user: (step, label)."""
    offered = []
    allowed = workflow.MACHINE.allowed_steps(article.state)
    may_edit = selectors.may_on(user, services.EDIT, article)
    may_review = selectors.may_on(user, services.REVIEW, article)
    own = user.pk in {article.author_id, article.submitted_by_id}
    labels = {
        workflow.Step.SUBMIT: (may_edit, _("Submit for review")),
        workflow.Step.APPROVE: (may_review and not own,
                                _("Approve and schedule") if article.publish_at
                                and article.publish_at > timezone.now()
                                else _("Approve and publish")),
        workflow.Step.REVISE: (may_edit, _("Start a revision")),
        workflow.Step.ARCHIVE: (may_review, _("Archive")),
        workflow.Step.RESTORE: (may_edit, _("Restore as a draft")),
    }
    for step, (may, label) in labels.items():
        if may and step in allowed:
            offered.append((step.value, label))
    return offered


@staff_required
def article_detail(request, pk):
    article = selectors.article_get_for(request.user, pk)
    yes, votes = selectors.helpfulness(article)
    may_edit = selectors.may_on(request.user, services.EDIT, article)
    may_review = selectors.may_on(request.user, services.REVIEW, article)
    return render(request, "knowledge/staff/detail.html", {
        "article": article, "body_zh": markup.render(article.body_zh),
        "body_en": markup.render(article.body_en),
        "steps": _steps(request.user, article),
        "may_edit": may_edit and article.state in workflow.EDITABLE,
        "may_attach": may_edit,
        "may_return": may_review and article.state == workflow.State.IN_REVIEW
        and request.user.pk not in {article.author_id, article.submitted_by_id},
        "own_review": article.state == workflow.State.IN_REVIEW
        and request.user.pk in {article.author_id, article.submitted_by_id},
        "return_form": ReturnForm(initial={"version": article.version}),
        "attachment_form": AttachmentForm(),
        "versions": article.versions.order_by("-number"),
        "attachments": article.attachments.all(),
        "service_types": article.service_types.all(), "categories": article.categories.all(),
        "related": article.related.all(),
        "yes": yes, "votes": votes, "no_votes": selectors.recent_no_votes(article),
        "uses": selectors.uses_of(article),
        "today": timezone.localdate(),
        "breadcrumbs": _crumbs((article.title, None))})


_STEP_SERVICES = {
    workflow.Step.SUBMIT: (services.article_submit, _("The article was submitted for review.")),
    workflow.Step.APPROVE: (services.article_approve, _("The article was approved.")),
    workflow.Step.REVISE: (services.article_revise,
                           _("A new draft was started; the published version stays public "
                             "until the new one is approved.")),
    workflow.Step.ARCHIVE: (services.article_archive,
                            _("The article was archived: the public no longer sees it.")),
    workflow.Step.RESTORE: (services.article_restore, _("The article is a draft again.")),
}


@staff_required
@require_POST
def article_step(request, pk, step):
    article = selectors.article_get_for(request.user, pk)
    if step == workflow.Step.RETURN:
        form = ReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say what should change."))
            return redirect("knowledge:staff-detail", article.pk)
        run, done = (lambda **kw: services.article_return(note=form.cleaned_data["note"], **kw),
                     _("The article was returned to its author."))
    elif step in _STEP_SERVICES:
        run, done = _STEP_SERVICES[workflow.Step(step)]
    else:
        messages.error(request, _("This step does not exist."))
        return redirect("knowledge:staff-detail", article.pk)
    try:
        run(actor=request.user, article=article, expected_version=_version(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("knowledge:staff-detail", article.pk)


@staff_required
def version_detail(request, pk, number):
    article = selectors.article_get_for(request.user, pk)
    version = selectors.version_get(article, number)
    return render(request, "knowledge/staff/version.html", {
        "article": article, "version": version,
        "body_zh": markup.render(version.body_zh), "body_en": markup.render(version.body_en),
        "breadcrumbs": _crumbs(_article_crumb(article),
                               (_("Version %(number)s") % {"number": version.number}, None))})


@staff_required
@require_POST
def attachment_add(request, pk):
    article = selectors.article_get_for(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid() and form.cleaned_data["file"] is not None:
        try:
            services.attachment_add(actor=request.user, article=article,
                                    incoming=form.cleaned_data["file"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The file was attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        if not form.errors:
            messages.error(request, _("Choose a file."))
    return redirect("knowledge:staff-detail", article.pk)


@staff_required
@require_POST
def attachment_remove(request, pk):
    attachment = selectors.attachment_get_for(request.user, pk)
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The file was removed."))
    return redirect("knowledge:staff-detail", attachment.article_id)


@staff_required
def attachment_download(request, pk):
    return file_download(selectors.attachment_get_for(request.user, pk))


# ----- call-centre console -------------------------------------------------------------

@staff_required
def console(request):
    organisations = selectors.console_organisations(request.user)
    if not organisations.exists():
        from minfu.org.permissions import refusal

        raise refusal(services.CONSOLE)
    search = ConsoleSearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    results = selectors.articles_matching(request.user, text) if text else []
    chosen = request.POST.get("organisation") or request.GET.get("organisation")
    organisation = organisations.filter(pk=int(chosen)).first() \
        if str(chosen or "").isdigit() else organisations.first()
    form = CallForm(request.POST or None,
                    initial={"token": secrets.token_urlsafe(18), "question": text,
                             "organisation": organisation,
                             "outcome": CallOutcome.ANSWERED if results else None},
                    organisations=organisations,
                    categories=active_categories_of([organisation]),
                    articles=selectors.live_articles_of(organisation))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_log(
                actor=request.user, organisation=data["organisation"],
                question=data["question"], outcome=data["outcome"], article=data["article"],
                category=data["category"], details=data["details"],
                idempotency_key=f"console:{request.user.pk}:{data['token']}")
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if call.petition_id:
                messages.success(request, _("The call was logged and registered as petition "
                                            "%(number)s.") % {"number": call.petition.number})
            else:
                messages.success(request, _("The call was logged."))
            return redirect("knowledge:staff-console")
    return render(request, "knowledge/staff/console.html", {
        "search": search, "text": text, "results": results, "form": form,
        "calls": selectors.calls_for(request.user),
        "breadcrumbs": _crumbs((_("Call-centre console"), None))})


# ----- gaps, answers, replies turned into articles --------------------------------------

@staff_required
def gaps(request):
    today = timezone.localdate()
    period = PeriodForm(request.GET or None)
    start, end = today - dt.timedelta(days=GAP_DAYS), today
    if period.is_valid():
        start = period.cleaned_data["start"] or start
        end = period.cleaned_data["end"] or end
    if start > end:
        start, end = end, start
    return render(request, "knowledge/staff/gaps.html", {
        "period": period, "start": start, "end": end,
        "questions": selectors.question_gaps(request.user, start=start, end=end),
        "searches": selectors.unanswered_searches(request.user, start=start, end=end),
        "replies": selectors.replies_to_convert(request.user),
        "may_create": selectors.editable_organisations(request.user).exists(),
        "breadcrumbs": _crumbs((_("Questions without an article"), None))})


@staff_required
def answer_petition(request, petition_pk):
    petition = selectors.petition_to_answer(request.user, petition_pk)
    text = request.GET.get("q", petition.subject)[:200]
    found = selectors.articles_matching(request.user, text, organisation=petition.organisation)
    choices = selectors.live_articles_of(petition.organisation)
    form = AnswerForm(request.POST or None, initial={"version": petition.version},
                      articles=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_answer_petition(
                actor=request.user, article=form.cleaned_data["article"], petition=petition,
                intro=form.cleaned_data["intro"], expected_version=form.cleaned_data["version"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The reply quoting the article was drafted and waits "
                                        "for approval."))
            return redirect("voice:staff-detail", petition.pk)
    form.fields["article"].queryset = choices.filter(pk__in=[a.pk for a in found]) \
        if found and request.method != "POST" else choices
    return render(request, "knowledge/staff/answer.html", {
        "petition": petition, "form": form, "text": text, "found": found,
        "breadcrumbs": _crumbs((_("Answer petition %(number)s") % {"number": petition.number},
                                None))})


@staff_required
@require_POST
def from_reply(request, reply_pk):
    reply = selectors.reply_get_for(request.user, reply_pk)
    try:
        article = services.article_from_reply(actor=request.user, reply=reply)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("knowledge:staff-gaps")
    messages.success(request, _("A draft article was made from the reply, personal data "
                                "removed. Check it and submit it for review."))
    return redirect("knowledge:staff-detail", article.pk)
