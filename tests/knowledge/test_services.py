"""The life of an article: review by a second person, scheduled publication, versions,
archive, concurrent edits, and scoping across agencies."""

import datetime as dt

import pytest
from django.utils import timezone

from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.knowledge import selectors, services
from minfu.knowledge.models import ArticleKind, ArticleState
from minfu.org.models import Role
from tests.knowledge.factories import agency_unit, author, draft, published, reviewer, submitted
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db


def test_draft_review_publish_keeps_a_frozen_version():
    unit = agency_unit()
    article = published(unit)
    assert article.state == ArticleState.PUBLISHED
    assert article.current_version.number == 1
    assert article.current_version.title_zh == "護照遺失如何補發？"
    assert article.is_live and selectors.public_articles().filter(pk=article.pk).exists()


def test_the_author_never_reviews_their_own_article():
    unit = agency_unit()
    supervisor = reviewer(unit)
    article = submitted(unit, by=supervisor)
    with pytest.raises(PermissionDenied) as refused:
        services.article_approve(actor=supervisor, article=article,
                                 expected_version=article.version)
    assert refused.value.code == "own_article"
    with pytest.raises(PermissionDenied):
        services.article_return(actor=supervisor, article=article, note="改",
                                expected_version=article.version)


def test_an_officer_may_not_approve():
    unit = agency_unit()
    article = submitted(unit)
    with pytest.raises(PermissionDenied):
        services.article_approve(actor=author(unit), article=article,
                                 expected_version=article.version)


def test_returned_with_notes_then_edited_and_published():
    unit = agency_unit()
    article = submitted(unit)
    supervisor = reviewer(unit)
    article = services.article_return(actor=supervisor, article=article, note="請補英文",
                                      expected_version=article.version)
    assert article.state == ArticleState.DRAFT and article.review_note == "請補英文"
    with pytest.raises(ValidationFailed):
        services.article_return(actor=supervisor, article=article, note=" ",
                                expected_version=article.version)


def test_a_revision_keeps_the_published_version_public_until_approved():
    unit = agency_unit()
    article = published(unit)
    writer = author(unit)
    article = services.article_revise(actor=writer, article=article,
                                      expected_version=article.version)
    article = services.article_update(actor=writer, article=article,
                                      expected_version=article.version, kind=ArticleKind.FAQ,
                                      title_zh="護照遺失補發（新）", body_zh="新內容")
    assert selectors.public_article(article.pk).current_version.title_zh == "護照遺失如何補發？"
    article = services.article_submit(actor=writer, article=article,
                                      expected_version=article.version)
    article = services.article_approve(actor=reviewer(unit), article=article,
                                       expected_version=article.version)
    assert article.current_version.number == 2
    assert [v.title_zh for v in article.versions.order_by("number")] == [
        "護照遺失如何補發？", "護照遺失補發（新）"]


def test_only_a_draft_is_edited():
    unit = agency_unit()
    article = published(unit)
    with pytest.raises(Conflict):
        services.article_update(actor=author(unit), article=article,
                                expected_version=article.version, kind=ArticleKind.FAQ,
                                title_zh="x", body_zh="y")


def test_a_stale_version_is_refused():
    unit = agency_unit()
    article = draft(unit)
    writer = article.author
    services.article_update(actor=writer, article=article, expected_version=article.version,
                            kind=ArticleKind.FAQ, title_zh="一", body_zh="一")
    with pytest.raises(Conflict):
        services.article_update(actor=writer, article=article,
                                expected_version=article.version, kind=ArticleKind.FAQ,
                                title_zh="二", body_zh="二")
    with pytest.raises(Conflict):
        services.article_submit(actor=writer, article=article, expected_version=None)


def test_scheduled_publication_goes_live_when_due():
    unit = agency_unit()
    later = timezone.now() + dt.timedelta(days=2)
    article = submitted(unit, publish_at=later)
    article = services.article_approve(actor=reviewer(unit), article=article,
                                       expected_version=article.version)
    assert article.state == ArticleState.SCHEDULED and not article.is_live
    assert services.articles_publish_due(now=timezone.now()) == 0
    assert services.articles_publish_due(now=later + dt.timedelta(minutes=1)) == 1
    article.refresh_from_db()
    assert article.state == ArticleState.PUBLISHED and article.current_version.number == 1
    assert services.articles_publish_due(now=later + dt.timedelta(minutes=2)) == 0


def test_archive_withdraws_and_restore_makes_a_draft():
    unit = agency_unit()
    article = published(unit)
    article = services.article_archive(actor=reviewer(unit), article=article,
                                       expected_version=article.version)
    assert not selectors.public_articles().filter(pk=article.pk).exists()
    assert article.versions.count() == 1
    article = services.article_restore(actor=author(unit), article=article,
                                       expected_version=article.version)
    assert article.state == ArticleState.DRAFT and not article.is_live


def test_another_agency_neither_sees_nor_changes_it():
    unit, other = agency_unit(), agency_unit()
    article = draft(unit)
    outsider = staff_user(other, Role.AGENCY_ADMIN)
    assert not selectors.articles_for(outsider).filter(pk=article.pk).exists()
    with pytest.raises(PermissionDenied):
        services.article_submit(actor=outsider, article=article,
                                expected_version=article.version)


def test_links_must_be_of_the_same_agency():
    unit, other = agency_unit(), agency_unit()
    foreign = draft(other)
    with pytest.raises(ValidationFailed) as refused:
        draft(unit, related=[foreign])
    assert "related" in refused.value.details
    with pytest.raises(ValidationFailed):
        draft(unit, title_zh=" ")


def test_console_search_shows_internal_answers_first():
    unit = agency_unit()
    published(unit, title_zh="護照效期", body_zh="十年")
    internal = published(unit, kind=ArticleKind.CALL_CENTRE, title_zh="話務：護照", body_zh="口徑")
    found = selectors.articles_matching(author(unit), "護照")
    assert found[0] == internal and len(found) == 2
    assert not selectors.public_articles().filter(pk=internal.pk).exists()
