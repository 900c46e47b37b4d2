"""The knowledge base's daily jobs: scheduled articles whose time has come go public (also
every ten minutes from Celery beat), and on office working days the owners of published
articles whose review-by date is within `DUE_SOON_WORKING_DAYS` working days, or past,
are reminded through the outbox: the author and the supervisors and quality coordinators
of the article's unit (of the organisation for an agency-wide article). Once per article,
review-by date, recipient and kind of reminder (due soon, then overdue), like the other
apps' reminders (minfu.records.jobs, notify.services.staff_tell_once)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from minfu.core.errors import ValidationFailed
from minfu.core.site import site_url
from minfu.knowledge import services, workflow
from minfu.knowledge.models import Article
from minfu.org.selectors import supervisors_and_coordinators
from minfu.records.jobs import JobResult, is_office_day, national_calendar, staff_name, today

logger = logging.getLogger(__name__)

DUE_SOON_WORKING_DAYS = 5
REVIEW_DUE = "knowledge.review_due"
# Articles overdue for longer than this are not reminded again on a first run.
OVERDUE_LOOKBACK = dt.timedelta(days=180)


def publish_scheduled(*, now: dt.datetime | None = None) -> JobResult:
    return JobResult(ran=True, queued=services.articles_publish_due(now=now))


def reviews_to_remind(on: dt.date) -> list[Article]:
    horizon = national_calendar().add_working_days(on, DUE_SOON_WORKING_DAYS)
    return list(Article.objects.filter(
        current_version__isnull=False, review_by__isnull=False, review_by__lte=horizon,
        review_by__gte=on - OVERDUE_LOOKBACK).exclude(state=workflow.State.ARCHIVED)
        .select_related("organisation", "unit", "author").order_by("review_by", "pk"))


def _owners(article: Article) -> list:
    people = list(supervisors_and_coordinators(
        unit=article.unit, organisation=None if article.unit_id else article.organisation))
    if article.author is not None and article.author.is_active and \
            article.author.pk not in {person.pk for person in people}:
        people.append(article.author)
    return people


def review_reminders(*, on: dt.date) -> JobResult:
    if not is_office_day(on):
        logger.info("%s is a day off: no review reminders of articles.", on)
        return JobResult(ran=False)
    from minfu.notify.services import staff_tell_once  # notify imports the apps' events

    told = 0
    for article in reviews_to_remind(on):
        stage = "overdue" if article.review_by < on else "due"
        context = {"article_title": article.title_zh, "review_by": article.review_by,
                   "days_overdue": max((on - article.review_by).days, 0),
                   "article_url": site_url(reverse("knowledge:staff-detail",
                                                   args=[article.pk]))}
        try:
            with transaction.atomic():
                told += len(staff_tell_once(
                    event=REVIEW_DUE, organisation=article.organisation, related=article,
                    recipients=_owners(article),
                    key=lambda r, a=article, s=stage: f"kb-review:{a.pk}:{a.review_by}:{s}:{r.pk}",
                    context=lambda r, c=context, a=article: {
                        "recipient_name": staff_name(r),
                        "organisation_name": a.organisation.name_zh, "site_url": site_url(),
                        **c}))
        except ValidationFailed as error:  # no active template: logged, never stops the job
            logger.error("Message %s for article %s not queued: %s", REVIEW_DUE, article.pk,
                         error.code)
    return JobResult(ran=True, queued=told)


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    on = on or today()
    return {"knowledge_publish_scheduled": publish_scheduled(now=timezone.now()),
            "knowledge_review_reminders": review_reminders(on=on)}
