"""What the knowledge base offers the search (the contract: minfu.search.sources): every
live article as its current published version. Call-centre answers are found by staff
only (`public=False`). `helpful` is the share of "yes" votes."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from minfu.core.ids import as_id
from minfu.knowledge import markup, selectors
from minfu.knowledge.models import Article
from minfu.knowledge.services import public_path
from minfu.search.sources import SearchDocument, Source

CHUNK = 500


def _document(article: Article, helpful: float) -> SearchDocument:
    version = article.current_version
    return SearchDocument(
        source="article", key=str(article.pk), title_zh=version.title_zh,
        title_en=version.title_en, body_zh=markup.plain_text(version.body_zh),
        body_en=markup.plain_text(version.body_en), path=public_path(article),
        organisation_id=article.organisation_id, unit_id=article.unit_id,
        public=not article.is_internal, kind=article.kind,
        published_at=version.published_at, helpful=helpful)


def _live():
    return (Article.objects.filter(current_version__isnull=False).exclude(state="archived")
            .select_related("current_version").order_by("pk"))


def documents() -> Iterator[SearchDocument]:
    last = 0
    while True:
        chunk = list(_live().filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        shares = selectors.helpful_shares([article.pk for article in chunk])
        for article in chunk:
            yield _document(article, shares.get(article.pk, 0.0))
        last = chunk[-1].pk


def document(key: str) -> SearchDocument | None:
    article = _live().filter(pk=as_id(key)).first()
    if article is None:
        return None
    return _document(article, selectors.helpful_shares([article.pk]).get(article.pk, 0.0))


SOURCES = [Source(code="article", label=_("Article"), documents=documents, document=document)]
