"""The public pages: index, agency list, article with FAQPage data, versions, the service
page's FAQ, and "was this helpful?" once per browser."""

import json
import re

import pytest

from minfu.knowledge import services
from minfu.knowledge.models import ArticleKind, Vote
from tests.catalog.factories import published as published_service
from tests.knowledge.factories import agency_unit, author, published, reviewer

pytestmark = pytest.mark.django_db


def _ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_article_page_has_faq_json_ld_and_csp_allows_no_inline_script(client):
    unit = agency_unit()
    article = published(unit)
    response = client.get(f"/kb/{article.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and "護照遺失如何補發？" in html
    data = _ld(html)
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "請攜帶身分證至櫃檯申請。"
    assert "<strong>身分證</strong>" in html
    english = client.get(f"/en/kb/{article.pk}/").content.decode()
    assert "How do I replace a lost passport?" in english


def test_internal_answers_drafts_and_archived_are_not_public(client):
    unit = agency_unit()
    internal = published(unit, kind=ArticleKind.CALL_CENTRE)
    assert client.get(f"/kb/{internal.pk}/").status_code == 404
    article = published(unit)
    services.article_archive(actor=reviewer(unit), article=article,
                             expected_version=article.version)
    assert client.get(f"/kb/{article.pk}/").status_code == 404
    assert client.get("/kb/abc/").status_code == 404


def test_every_published_version_has_its_address(client):
    unit = agency_unit()
    article = published(unit)
    writer = author(unit)
    article = services.article_revise(actor=writer, article=article,
                                      expected_version=article.version)
    article = services.article_update(actor=writer, article=article,
                                      expected_version=article.version, kind="faq",
                                      title_zh="第二版標題", body_zh="第二版")
    article = services.article_submit(actor=writer, article=article,
                                      expected_version=article.version)
    services.article_approve(actor=reviewer(unit), article=article,
                             expected_version=article.version)
    assert "護照遺失如何補發？" in client.get(f"/kb/{article.pk}/v/1/").content.decode()
    assert "第二版標題" in client.get(f"/kb/{article.pk}/").content.decode()
    assert client.get(f"/kb/{article.pk}/v/9/").status_code == 404


def test_vote_once_per_browser_and_reason_required_on_no(client):
    article = published(agency_unit())
    url = f"/kb/{article.pk}/vote/"
    refused = client.post(url, {"helpful": "no", "reason": ""})
    assert refused.status_code == 400 and Vote.objects.count() == 0
    assert client.post(url, {"helpful": "no", "reason": "沒寫到費用，電話0912345678"}
                       ).status_code == 302
    vote = Vote.objects.get()
    assert not vote.helpful and "0912345678" not in vote.reason
    client.post(url, {"helpful": "yes"})
    assert Vote.objects.count() == 1
    other_browser = client.__class__()
    other_browser.post(url, {"helpful": "yes"})
    assert Vote.objects.count() == 2


def test_index_agency_and_service_pages_list_the_faq(client):
    unit = agency_unit(code="NTBT")
    version = published_service(unit)
    article = published(unit, service_types=[version.service_type])
    assert article.current_version.title_zh in client.get("/kb/").content.decode()
    agency = client.get("/kb/agency/NTBT/").content.decode()
    assert _ld(agency)["mainEntity"][0]["name"] == "護照遺失如何補發？"
    service_page = client.get(f"/services/NTBT/{version.service_type.code}/")
    assert f"/kb/{article.pk}/" in service_page.content.decode()


def test_votes_per_connection_are_limited(client, settings):
    settings.MINFU_KB_VOTE_RATE = "2/3600"
    article = published(agency_unit())
    statuses = [client.__class__().post(f"/kb/{article.pk}/vote/", {"helpful": "yes"}).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429] and Vote.objects.count() == 2
