"""Every read of the knowledge base. Staff reads start from the organisations the user
sees (`visible_scope`): an article of another agency is not found. Public reads show only
live articles (a published version, not archived) that are not internal answers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.catalog.models import ClassificationTag, ServiceType
from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.core.localtime import local_bounds
from minfu.knowledge import workflow
from minfu.knowledge.models import (
    INTERNAL_KINDS,
    Article,
    ArticleAttachment,
    ArticleKind,
    ArticleUse,
    ArticleVersion,
    HotlineCall,
    Vote,
)
from minfu.org.models import Organisation
from minfu.org.permissions import can
from minfu.org.selectors import agencies_where, units_where, visible_scope
from minfu.search.selectors import staff_search, unanswered_queries
from minfu.search.text import parse
from minfu.voice import selectors as voice_selectors
from minfu.voice.models import Kind, Petition, Reply

CONSOLE = "knowledge.console"
EDIT = "knowledge.edit"
MATCH_LIMIT = 20
GAP_ROWS = 30
# What the public list and the service page show of each kind, in this order.
PUBLIC_KIND_ORDER = (ArticleKind.FAQ, ArticleKind.COMMON_ERROR, ArticleKind.HOW_TO,
                     ArticleKind.ANNOUNCEMENT)
_LIVE = Q(current_version__isnull=False) & ~Q(state=workflow.State.ARCHIVED)


# ----- staff ---------------------------------------------------------------------------

def may_on(user, action: str, article: Article) -> bool:
    """Whether to offer `action` on the article (services.require_on decides): on its
    unit, or on any unit of its organisation for an agency-wide article."""
    if article.unit_id is not None:
        return can(user, action, unit=article.unit)
    return can(user, action, organisation=article.organisation) or \
        units_where(user, action).filter(organisation=article.organisation).exists()


def articles_for(user) -> QuerySet[Article]:
    """The articles of the organisations the user sees, internal answers included."""
    return Article.objects.filter(
        organisation_id__in=visible_scope(user).organisation_ids).select_related(
        "organisation", "unit", "current_version", "author", "topic_tag")


def article_get_for(user, pk) -> Article:
    article = articles_for(user).filter(pk=as_id(pk)).first()
    if article is None:
        raise NotFound(_("No such article."))
    return article


def attachment_get_for(user, pk) -> ArticleAttachment:
    attachment = ArticleAttachment.objects.filter(
        pk=as_id(pk), article__in=articles_for(user).values("pk")).first()
    if attachment is None:
        raise NotFound(_("No such file."))
    return attachment


def version_get(article: Article, number) -> ArticleVersion:
    """A version of an article the caller already found; drafts never have one."""
    version = article.versions.filter(number=as_id(number)).first()
    if version is None:
        raise NotFound(_("No such version."))
    return version


@dataclass(frozen=True)
class ArticleFilter:
    state: str = ""
    kind: str = ""
    text: str = ""
    organisation: int | None = None


def attention_order() -> Case:
    return Case(*(When(state=state, then=Value(position))
                  for position, state in enumerate(workflow.ATTENTION_ORDER)),
                default=Value(len(workflow.ATTENTION_ORDER)), output_field=IntegerField())


def staff_list(user, query: ArticleFilter, *, today: dt.date | None = None) -> QuerySet[Article]:
    """The articles the user sees, what needs someone first: awaiting review, drafts,
    scheduled, published ones past their review-by date before the others, archived
    last."""
    today = today or timezone.localdate()
    articles = articles_for(user)
    if query.state:
        articles = articles.filter(state=query.state)
    if query.kind:
        articles = articles.filter(kind=query.kind)
    if query.organisation:
        articles = articles.filter(organisation_id=query.organisation)
    if query.text.strip():
        articles = articles.filter(_text_matches(query.text.strip()))
    overdue = Case(When(review_by__lt=today, state=workflow.State.PUBLISHED, then=Value(0)),
                   default=Value(1), output_field=IntegerField())
    return (articles.annotate(attention=attention_order(), review_overdue=overdue)
            .order_by("attention", "review_overdue", "review_by", "-updated_at", "-pk"))


def _text_matches(text: str) -> Q:
    return (Q(title_zh__icontains=text) | Q(title_en__icontains=text)
            | Q(body_zh__icontains=text) | Q(body_en__icontains=text))


# How many of the index's best article matches the console looks at.
SEARCH_CANDIDATES = 200


def articles_matching(user, text: str, *, organisation: Organisation | None = None,
                      limit: int = MATCH_LIMIT) -> list[Article]:
    """Live articles of the user's organisations answering `text`, internal answers (the
    call centre's own) first: the console's and the reply editor's search box.

    The articles are those the search index finds (Chinese folding, bigrams, variants:
    `minfu.search`), in the user's scope, in the order below."""
    text = " ".join((text or "").split())
    articles = articles_for(user).filter(_LIVE)
    if organisation is not None:
        articles = articles.filter(organisation=organisation)
    if not text:
        return []
    found = staff_search(user, parse(text), source="article").values_list("key", flat=True)
    keys = [int(key) for key in found[:SEARCH_CANDIDATES] if str(key).isdigit()]
    internal_first = Case(When(kind__in=INTERNAL_KINDS, then=Value(0)), default=Value(1),
                          output_field=IntegerField())
    title_first = Case(When(Q(title_zh__icontains=text) | Q(title_en__icontains=text),
                            then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(articles.filter(Q(pk__in=keys) | _text_matches(text))
                .annotate(internal_first=internal_first, title_first=title_first)
                .order_by("internal_first", "title_first", "-first_published_at", "pk")[:limit])


def live_articles_of(organisation: Organisation) -> QuerySet[Article]:
    """Every live article of one organisation (a form's choices; internal ones too)."""
    return Article.objects.filter(_LIVE, organisation=organisation).order_by("kind", "title_zh")


def related_choices(organisation: Organisation, *, exclude: Article | None = None
                    ) -> QuerySet[Article]:
    articles = Article.objects.filter(organisation=organisation).exclude(
        state=workflow.State.ARCHIVED).order_by("title_zh")
    return articles.exclude(pk=exclude.pk) if exclude is not None else articles


def editable_organisations(user) -> QuerySet[Organisation]:
    return agencies_where(user, EDIT)


def console_organisations(user) -> QuerySet[Organisation]:
    return agencies_where(user, CONSOLE)


def topic_tags() -> QuerySet[ClassificationTag]:
    return ClassificationTag.objects.filter(scheme=ClassificationTag.Scheme.TOPIC,
                                            is_active=True)


def service_types_of(organisation: Organisation) -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(organisation=organisation).prefetch_related("versions")


def helpfulness(article: Article) -> tuple[int, int]:
    """(yes, all) votes on the article."""
    counts = article.votes.aggregate(yes=Count("pk", filter=Q(helpful=True)), all=Count("pk"))
    return counts["yes"], counts["all"]


def helpful_shares(article_ids) -> dict[int, float]:
    """Share of "yes" votes (0..1) per article id, for those with votes."""
    rows = (Vote.objects.filter(article_id__in=article_ids).values("article_id")
            .annotate(yes=Count("pk", filter=Q(helpful=True)), all=Count("pk")).order_by())
    return {row["article_id"]: row["yes"] / row["all"] for row in rows if row["all"]}


def recent_no_votes(article: Article, *, limit: int = 20) -> QuerySet[Vote]:
    return article.votes.filter(helpful=False).order_by("-voted_at")[:limit]


def uses_of(article: Article, *, limit: int = 20) -> QuerySet[ArticleUse]:
    return article.uses.select_related("petition", "call", "used_by")[:limit]


def calls_for(user, *, limit: int | None = 20) -> QuerySet[HotlineCall]:
    calls = (HotlineCall.objects.filter(organisation_id__in=visible_scope(user).organisation_ids)
             .select_related("article", "petition", "officer", "category"))
    return calls if limit is None else calls[:limit]


# ----- answering petitions -------------------------------------------------------------

def petition_to_answer(user, pk) -> Petition:
    return voice_selectors.petition_get_for(user, pk)


def reply_get_for(user, pk) -> Reply:
    reply = (Reply.objects.filter(pk=as_id(pk),
                                  petition__in=voice_selectors.petitions_for(user).values("pk"))
             .select_related("petition__organisation", "petition__unit", "petition__category")
             .first())
    if reply is None:
        raise NotFound(_("No such reply."))
    return reply


def replies_to_convert(user, *, limit: int = 20) -> list[Reply]:
    """Published replies of the petitions the user sees not yet turned into an article."""
    converted = Article.objects.filter(source_reply__isnull=False).values("source_reply_id")
    return list(voice_selectors.published_replies()
                .filter(petition__in=voice_selectors.petitions_for(user).values("pk"))
                .exclude(pk__in=converted)[:limit])


# ----- what citizens ask that no article answers ---------------------------------------

@dataclass(frozen=True)
class QuestionGap:
    question: str
    count: int
    category: str
    petitions: int
    calls: int


def _normal(text: str) -> str:
    return " ".join(text.split()).strip(" ?？。.!！").lower()


def question_gaps(user, *, start: dt.date, end: dt.date, limit: int = GAP_ROWS
                  ) -> list[QuestionGap]:
    """The most frequent questions of `start`..`end` that no article answered: petitions
    of kind "question" with no article linked, and hotline calls answered without one or
    registered as petitions. Questions that read the same after spaces, case and the
    final question mark are counted together, whatever their category."""
    low, high = local_bounds(start, end)
    petitions = (voice_selectors.petitions_for(user)
                 .filter(kind=Kind.QUESTION, received_at__gte=low, received_at__lt=high)
                 .exclude(pk__in=ArticleUse.objects.filter(petition__isnull=False)
                          .values("petition_id"))
                 .exclude(pk__in=HotlineCall.objects.filter(petition__isnull=False)
                          .values("petition_id"))
                 .values_list("subject", "category__name_zh"))
    calls = (HotlineCall.objects.filter(
        organisation_id__in=visible_scope(user).organisation_ids, article__isnull=True,
        taken_at__gte=low, taken_at__lt=high).values_list("question", "category__name_zh"))
    counted: Counter = Counter()
    shown: dict[str, str] = {}
    categories: dict[str, str] = {}
    sources: dict[str, list[int]] = {}
    for index, rows in enumerate((petitions, calls)):
        for text, category in rows:
            key = _normal(text)
            counted[key] += 1
            shown.setdefault(key, " ".join(text.split()))
            if category and not categories.get(key):
                categories[key] = category
            sources.setdefault(key, [0, 0])[index] += 1
    return [QuestionGap(question=shown[key], count=count, category=categories.get(key, ""),
                        petitions=sources[key][0], calls=sources[key][1])
            for key, count in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
            [:limit]]


def unanswered_searches(user, *, start: dt.date, end: dt.date) -> list:
    """Zero-result and low-click public searches of the period (no personal data), from
    the search app's query log, most searched first."""
    return unanswered_queries(user, start, end)


# ----- public --------------------------------------------------------------------------

def public_articles() -> QuerySet[Article]:
    return (Article.objects.filter(_LIVE).exclude(kind__in=INTERNAL_KINDS)
            .select_related("organisation", "current_version", "topic_tag"))


def public_article(pk) -> Article:
    article = public_articles().filter(pk=as_id(pk)).prefetch_related(
        "attachments", Prefetch("related", queryset=public_articles())).first()
    if article is None:
        raise NotFound(_("No such article."))
    return article


def public_version(article: Article, number) -> ArticleVersion:
    version = article.versions.filter(number=as_id(number), published_at__isnull=False).first()
    if version is None:
        raise NotFound(_("No such version."))
    return version


def public_versions(article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.filter(published_at__isnull=False).order_by("-number")


def public_attachment(pk) -> ArticleAttachment:
    attachment = ArticleAttachment.objects.filter(
        pk=as_id(pk), article__in=public_articles().values("pk")).first()
    if attachment is None:
        raise NotFound(_("No such file."))
    return attachment


def by_kind(articles) -> list[tuple[str, object, list[Article]]]:
    """(kind, label, articles) in the public order, kinds without articles left out."""
    grouped: dict[str, list[Article]] = {}
    for article in articles:
        grouped.setdefault(article.kind, []).append(article)
    return [(kind.value, kind.label, grouped[kind]) for kind in PUBLIC_KIND_ORDER
            if kind in grouped]


def public_organisations() -> list[Organisation]:
    """Organisations with public articles, each with `article_count`."""
    counts = dict(public_articles().values_list("organisation_id").annotate(n=Count("pk"))
                  .order_by())
    organisations = list(Organisation.objects.filter(pk__in=counts).order_by("path"))
    for organisation in organisations:
        organisation.article_count = counts[organisation.pk]
    return organisations


def public_organisation(code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise NotFound(_("No such organisation."))
    return organisation


def public_topics() -> QuerySet[ClassificationTag]:
    return topic_tags().filter(pk__in=public_articles().values("topic_tag_id")).order_by("code")


def public_topic(code: str) -> ClassificationTag:
    tag = topic_tags().filter(code=code).first()
    if tag is None:
        raise NotFound(_("No such topic."))
    return tag


def for_service(service_type) -> list[Article]:
    """The FAQ and common errors (and how-tos) the service page shows."""
    return list(public_articles().filter(service_types=service_type).filter(
        kind__in=[ArticleKind.FAQ, ArticleKind.COMMON_ERROR, ArticleKind.HOW_TO])
        .order_by("kind", "title_zh"))


def units_of_organisation(organisation: Organisation):
    from minfu.org.selectors import units_of

    return units_of(organisation, active_only=True)


def categories_of(organisation: Organisation):
    return voice_selectors.active_categories_of([organisation])


def call_with_key(key: str) -> HotlineCall | None:
    return HotlineCall.objects.filter(idempotency_key=key).first()
