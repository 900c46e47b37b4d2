"""Staff pages and the answers fed from what citizens ask: the console logs a call once,
answering a petition quotes the article and keeps the link, a published reply becomes a
draft without personal data, the gap page lists unanswered questions."""

import pytest

from minfu.knowledge import selectors, services
from minfu.knowledge.models import Article, ArticleUse, CallOutcome, HotlineCall
from minfu.org.models import Role
from minfu.voice import services as voice_services
from minfu.voice.models import Petition
from tests.knowledge.factories import agency_unit, author, draft, published, reviewer
from tests.org.factories import staff_user
from tests.voice.factories import submit

pytestmark = pytest.mark.django_db


def test_pages_render_and_another_agency_gets_404(client):
    unit = agency_unit()
    article = published(unit)
    client.force_login(author(unit))
    for url in ("/staff/knowledge/", f"/staff/knowledge/{article.pk}/",
                f"/staff/knowledge/{article.pk}/v/1/", "/staff/knowledge/new/",
                "/staff/knowledge/console/?q=護照", "/staff/knowledge/gaps/"):
        assert client.get(url).status_code == 200, url
    client.force_login(staff_user(agency_unit(), Role.AGENCY_ADMIN))
    assert client.get(f"/staff/knowledge/{article.pk}/").status_code == 404


def test_create_from_the_form_and_review_by_buttons(client):
    unit = agency_unit()
    writer = author(unit)
    client.force_login(writer)
    response = client.post("/staff/knowledge/new/", {
        "organisation": unit.organisation.pk, "kind": "faq", "title_zh": "稅單遺失怎麼辦？",
        "body_zh": "可線上補印。"})
    article = Article.objects.get(title_zh="稅單遺失怎麼辦？")
    assert response.status_code == 302 and article.author == writer
    blank = client.post("/staff/knowledge/new/", {"organisation": unit.organisation.pk,
                                                  "kind": "faq", "title_zh": "", "body_zh": ""})
    assert blank.status_code == 200 and Article.objects.count() == 1
    client.post(f"/staff/knowledge/{article.pk}/submit/", {"version": article.version})
    article.refresh_from_db()
    client.post(f"/staff/knowledge/{article.pk}/approve/", {"version": article.version})
    article.refresh_from_db()
    assert article.state == "in_review"  # the author may not approve
    client.force_login(reviewer(unit))
    client.post(f"/staff/knowledge/{article.pk}/approve/", {"version": article.version})
    article.refresh_from_db()
    assert article.state == "published"


def test_console_logs_a_call_once_and_escalates_through_voice(client):
    unit = agency_unit()
    article = published(unit)
    officer = author(unit)
    client.force_login(officer)
    data = {"token": "abc", "organisation": unit.organisation.pk, "question": "護照遺失？",
            "outcome": CallOutcome.ANSWERED, "article": article.pk}
    client.post("/staff/knowledge/console/", data)
    client.post("/staff/knowledge/console/", data)
    assert HotlineCall.objects.count() == 1 and ArticleUse.objects.get().call is not None
    missing = client.post("/staff/knowledge/console/", {**data, "token": "def", "article": ""})
    assert missing.status_code == 200 and HotlineCall.objects.count() == 1
    call = services.call_log(actor=officer, organisation=unit.organisation,
                             question="身分證A123456789的退稅？", outcome=CallOutcome.ESCALATED,
                             idempotency_key="k2")
    assert call.petition.channel == "hotline" and call.petition.kind == "question"
    assert "A123456789" not in call.question


def test_answer_a_petition_with_an_article_quotes_it_and_keeps_the_link(client):
    unit = agency_unit()
    article = published(unit)
    petition, _code = submit(unit, kind="question", subject="護照遺失")
    client.force_login(author(unit))
    response = client.post(f"/staff/knowledge/answer/{petition.pk}/",
                           {"version": petition.version, "article": article.pk})
    assert response.status_code == 302
    reply = Petition.objects.get(pk=petition.pk).replies.get()
    assert "請攜帶身分證至櫃檯申請。" in reply.text and f"/kb/{article.pk}/" in reply.text
    assert ArticleUse.objects.filter(article=article, petition=petition).exists()


def test_the_petition_page_shows_the_knowledge_base_only_with_something_in_it(client):
    unit = agency_unit()
    article = published(unit)
    petition, _code = submit(unit, kind="question", subject="護照遺失")
    client.force_login(author(unit))
    page = client.get(f"/staff/voice/{petition.pk}/").content.decode()
    assert f"/staff/knowledge/answer/{petition.pk}/" in page  # open: answer with an article
    client.post(f"/staff/knowledge/answer/{petition.pk}/",
                {"version": petition.version, "article": article.pk})
    page = client.get(f"/staff/voice/{petition.pk}/").content.decode()
    assert f"/staff/knowledge/{article.pk}/" in page  # answered: the article used

    other, _code = submit(unit, kind="question", subject="稅單")
    Petition.objects.filter(pk=other.pk).update(state="closed")
    page = client.get(f"/staff/voice/{other.pk}/").content.decode()
    assert "<h2>知識庫</h2>" not in page  # closed, nothing used: no empty section


def test_a_published_reply_becomes_a_draft_without_personal_data():
    unit = agency_unit()
    petition, _code = submit(unit, kind="question", subject="王小明的稅單",
                             text="我是王小明，電話0912345678，想問稅單。")
    voice_services.reply_draft(actor=author(unit), petition=petition,
                               text="王小明先生您好：可線上補印，或來電02-2311-3711。", publish=True)
    reply = voice_services.reply_approve(actor=reviewer(unit),
                                         petition=Petition.objects.get(pk=petition.pk))
    editor = author(unit)
    article = services.article_from_reply(actor=editor, reply=reply)
    text = article.title_zh + article.body_zh
    assert "王小明" not in text and "0912345678" not in text and "2311-3711" not in text
    assert article.state == "draft" and article.source_reply == reply
    assert services.article_from_reply(actor=editor, reply=reply) == article


def test_gap_page_counts_questions_no_article_answered():
    unit = agency_unit()
    officer = author(unit)
    for key in ("a", "b"):
        services.call_log(actor=officer, organisation=unit.organisation,
                          question="房屋稅可以刷卡嗎？", idempotency_key=key,
                          outcome=CallOutcome.ANSWERED_WITHOUT_ARTICLE)
    submit(unit, kind="question", subject="房屋稅可以刷卡嗎")
    answered = published(unit)
    services.call_log(actor=officer, organisation=unit.organisation, question="護照",
                      outcome=CallOutcome.ANSWERED, article=answered, idempotency_key="c")
    from django.utils import timezone

    today = timezone.localdate()
    gaps = selectors.question_gaps(officer, start=today, end=today)
    assert [(g.count, g.petitions, g.calls) for g in gaps] == [(3, 1, 2)]
    other = staff_user(agency_unit(), Role.SUPERVISOR)
    assert selectors.question_gaps(other, start=today, end=today) == []
    assert selectors.unanswered_searches(officer, start=today, end=today) == []
    draft(unit)  # drafts are not offered to answer with
    assert list(selectors.live_articles_of(unit.organisation)) == [answered]
