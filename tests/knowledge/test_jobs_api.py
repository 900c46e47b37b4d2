"""Review-by reminders on working days only, scheduled publication by the job, the
metrics, the search source, and the API (public read, staff steps, scoping)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from minfu.knowledge import jobs, search, services
from minfu.knowledge.models import ArticleKind, CallOutcome
from minfu.metrics.registry import aggregate, metric
from minfu.notify.models import OutboxMessage
from minfu.org.models import Role
from tests.knowledge.factories import agency_unit, author, published, reviewer
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2025, 3, 7)
SATURDAY = dt.date(2025, 3, 8)


def test_review_reminders_only_on_working_days_and_once():
    unit = agency_unit()
    supervisor = reviewer(unit)  # the unit's supervisor is an owner too
    published(unit, unit=unit, reviewed_by=supervisor, review_by=dt.date(2025, 3, 10))
    assert jobs.review_reminders(on=SATURDAY).ran is False
    assert OutboxMessage.objects.count() == 0
    first = jobs.review_reminders(on=FRIDAY)
    assert first.ran and first.queued == 2  # the author and the supervisor
    assert jobs.review_reminders(on=FRIDAY).queued == 0
    assert jobs.review_reminders(on=dt.date(2025, 3, 11)).queued == 2  # now overdue


def test_the_daily_job_publishes_scheduled_articles():
    unit = agency_unit()
    when = timezone.now() + dt.timedelta(hours=1)
    article = published(unit, publish_at=when)
    assert article.state == "scheduled"
    with time_machine.travel(when + dt.timedelta(minutes=5), tick=False):
        assert jobs.publish_scheduled().queued == 1
    article.refresh_from_db()
    assert article.state == "published"


def test_metrics_first_contact_helpfulness_and_gaps():
    unit = agency_unit()
    article = published(unit)
    officer = author(unit)
    today = timezone.localdate()
    services.call_log(actor=officer, organisation=unit.organisation, question="a",
                      outcome=CallOutcome.ANSWERED, article=article, idempotency_key="1")
    services.call_log(actor=officer, organisation=unit.organisation, question="b",
                      outcome=CallOutcome.ANSWERED_WITHOUT_ARTICLE, idempotency_key="2")
    services.call_log(actor=officer, organisation=unit.organisation, question="c",
                      outcome=CallOutcome.ESCALATED, idempotency_key="3")
    services.vote_cast(article=article, token="t1", helpful=True)
    services.vote_cast(article=article, token="t2", helpful=False, reason="太短")
    rate = metric("knowledge.first_contact_answer_rate")
    assert round(aggregate(rate.kind, rate.source(today, today)), 1) == 66.7
    helpful = metric("knowledge.article_helpfulness")
    assert aggregate(helpful.kind, helpful.source(today, today)) == 50
    gaps = metric("knowledge.gaps")
    assert aggregate(gaps.kind, gaps.source(today, today)) == 2


def test_search_source_offers_live_articles_internal_ones_to_staff_only():
    unit = agency_unit()
    faq = published(unit)
    internal = published(unit, kind=ArticleKind.CALL_CENTRE, title_zh="話務口徑")
    services.vote_cast(article=faq, token="t", helpful=True)
    documents = {d.key: d for d in search.documents()}
    assert documents[str(faq.pk)].public and documents[str(faq.pk)].helpful == 1.0
    assert not documents[str(internal.pk)].public
    assert documents[str(faq.pk)].body_zh == "請攜帶身分證至櫃檯申請。"
    services.article_archive(actor=reviewer(unit), article=faq, expected_version=faq.version)
    assert search.document(str(faq.pk)) is None


def test_api_public_read_and_staff_steps(client):
    unit = agency_unit(code="TPC")
    article = published(unit)
    published(unit, kind=ArticleKind.CALL_CENTRE)
    listed = client.get("/api/v1/knowledge/articles/").json()
    assert [row["id"] for row in listed["results"]] == [article.pk]
    assert "<strong>" in client.get(f"/api/v1/knowledge/articles/{article.pk}/").json()["html_zh"]
    writer = author(unit)
    client.force_login(writer)
    created = client.post("/api/v1/knowledge/staff-articles/", {
        "organisation": "TPC", "kind": "faq", "title_zh": "新問題", "body_zh": "答案"},
        content_type="application/json")
    assert created.status_code == 201
    pk, version = created.json()["id"], created.json()["version"]
    submitted = client.post(f"/api/v1/knowledge/staff-articles/{pk}/submit/",
                            {"expected_version": version}, content_type="application/json")
    assert submitted.json()["state"] == "in_review"
    own = client.post(f"/api/v1/knowledge/staff-articles/{pk}/approve/",
                      {"expected_version": submitted.json()["version"]},
                      content_type="application/json")
    assert own.status_code == 403
    stale = client.post(f"/api/v1/knowledge/staff-articles/{pk}/return/",
                        {"expected_version": 1, "note": "x"}, content_type="application/json")
    assert stale.status_code in (403, 409)
    client.force_login(staff_user(agency_unit(), Role.AGENCY_ADMIN))
    assert client.get(f"/api/v1/knowledge/staff-articles/{pk}/").status_code == 404


def test_api_call_log_is_idempotent(client):
    unit = agency_unit(code="NTBT")
    client.force_login(author(unit))
    body = {"organisation": "NTBT", "question": "退稅何時入帳", "outcome": "escalated"}
    first = client.post("/api/v1/knowledge/calls/", body, content_type="application/json",
                        headers={"Idempotency-Key": "same"})
    again = client.post("/api/v1/knowledge/calls/", body, content_type="application/json",
                        headers={"Idempotency-Key": "same"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["petition"]
    bad = client.post("/api/v1/knowledge/calls/", {**body, "outcome": "answered"},
                      content_type="application/json")
    assert bad.status_code == 400
