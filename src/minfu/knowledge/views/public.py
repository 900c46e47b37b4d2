"""Public pages of the knowledge base: the index (topics, agencies, A-Z), an agency's and a
topic's articles, an article with "was this helpful?" and its published versions. Only
live, non-internal articles are found. A browser votes once per article: it carries a
random token in a signed cookie, the server keeps only a keyed hash of it."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.core.client_ip import client_ip
from minfu.core.errors import DomainError
from minfu.core.exports import file_download
from minfu.core.forms import add_domain_error
from minfu.core.site import site_url
from minfu.knowledge import markup, selectors, services, structured_data
from minfu.knowledge.forms import VoteForm
from minfu.knowledge.models import ArticleKind

VOTER_COOKIE = "minfu_kb_voter"
VOTER_SALT = "minfu.knowledge.voter-cookie"
VOTER_MAX_AGE = 365 * 24 * 60 * 60
VOTED_SALT = "minfu.knowledge.voted"


def _crumbs(*trail):
    return [(_("Questions and answers"), reverse("knowledge:public-index")), *trail]


def voter_token(request) -> str:
    return request.get_signed_cookie(VOTER_COOKIE, default="", salt=VOTER_SALT)


def _faq_json(articles) -> str:
    language = get_language() or "zh-hant"
    questions = []
    for article in articles:
        if article.kind != ArticleKind.FAQ:
            continue
        version = article.current_version
        english = language.startswith("en") and version.title_en
        prefix = "/en" if language.startswith("en") else ""
        questions.append((
            version.title_en if english else version.title_zh,
            markup.plain_text(version.body_en if english and version.body_en
                              else version.body_zh),
            site_url(prefix + services.public_path(article))))
    if not questions:
        return ""
    return structured_data.ld_json(structured_data.faq_page(questions, language=language))


def _alphabetical(articles) -> list[tuple[str, list]]:
    """Articles by the first letter of their title on the page (Chinese titles under
    their first character's kind of script: one group, sorted by the title)."""
    groups: dict[str, list] = {}
    for article in sorted(articles, key=lambda a: a.current_version.title.lower()):
        first = article.current_version.title[:1].upper()
        key = first if first.isascii() and first.isalpha() else (
            "0-9" if first.isdigit() else "")
        groups.setdefault(key, []).append(article)
    return sorted(groups.items(), key=lambda pair: (pair[0] == "", pair[0]))


def index(request):
    articles = list(selectors.public_articles())
    return render(request, "knowledge/public/index.html", {
        "topics": selectors.public_topics(), "organisations": selectors.public_organisations(),
        "groups": _alphabetical(articles), "count": len(articles),
        "breadcrumbs": [(_("Questions and answers"), None)]})


def _listing(request, heading: str, articles):
    articles = list(articles.order_by("kind", "title_zh"))
    return render(request, "knowledge/public/list.html", {
        "heading": heading, "groups": selectors.by_kind(articles),
        "faq_json": _faq_json(articles), "breadcrumbs": _crumbs((heading, None))})


def organisation_articles(request, code):
    organisation = selectors.public_organisation(code)
    return _listing(request, organisation.name,
                    selectors.public_articles().filter(organisation=organisation))


def topic_articles(request, code):
    topic = selectors.public_topic(code)
    return _listing(request, topic.name, selectors.public_articles().filter(topic_tag=topic))


def _article_page(request, article, version, *, form=None, status=200):
    is_current = version.pk == article.current_version_id
    return render(request, "knowledge/public/article.html", {
        "article": article, "version": version, "is_current": is_current,
        "body": markup.render(version.body), "versions": selectors.public_versions(article),
        "services": article.service_types.filter(is_active=True),
        "related": article.related.all(), "attachments": article.attachments.all(),
        "faq_json": _faq_json([article]) if is_current else "",
        "form": form or VoteForm(), "voted": _voted(request, article),
        "breadcrumbs": _crumbs((article.organisation.name,
                                reverse("knowledge:public-organisation",
                                        args=[article.organisation.code])),
                               (version.title, None))}, status=status)


def _voted(request, article) -> bool:
    return request.get_signed_cookie(f"minfu_kb_voted_{article.pk}", default="",
                                     salt=VOTED_SALT) == "1"


def article(request, pk):
    found = selectors.public_article(pk)
    return _article_page(request, found, found.current_version)


def version(request, pk, number):
    found = selectors.public_article(pk)
    return _article_page(request, found, selectors.public_version(found, number))


@require_POST
def vote(request, pk):
    found = selectors.public_article(pk)
    form = VoteForm(request.POST)
    token = voter_token(request)
    new_token = "" if token else secrets.token_urlsafe(24)
    if form.is_valid():
        try:
            services.vote_cast(article=found, token=token or new_token,
                               helpful=form.cleaned_data["helpful"],
                               reason=form.cleaned_data["reason"], client=client_ip(request))
        except DomainError as error:
            if error.code == "rate_limited":
                raise
            if error.code != "already_voted":
                add_domain_error(form, error)
                return _article_page(request, found, found.current_version, form=form,
                                     status=400)
            messages.info(request, error.message)
        else:
            messages.success(request, _("Thank you: your answer helps us improve this page."))
        response = redirect(reverse("knowledge:public-article", args=[found.pk]) + "#helpful")
        if new_token:
            response.set_signed_cookie(VOTER_COOKIE, new_token, salt=VOTER_SALT,
                                       max_age=VOTER_MAX_AGE, httponly=True, samesite="Lax",
                                       secure=request.is_secure())
        response.set_signed_cookie(f"minfu_kb_voted_{found.pk}", "1", salt=VOTED_SALT,
                                   max_age=VOTER_MAX_AGE, httponly=True, samesite="Lax",
                                   secure=request.is_secure())
        return response
    return _article_page(request, found, found.current_version, form=form, status=400)


def attachment_download(request, pk):
    return file_download(selectors.public_attachment(pk))
