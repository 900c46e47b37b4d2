"""The daily escalation of overdue improvement items: the quality coordinators of the
organisation and the supervisors of the owner unit are told once per item per day. Runs
only on working days of the national office calendar (like cases/jobs.py): on a day off
it does nothing. Hook: `minfu.assessment.tasks.escalate_overdue_items` in Celery beat, or
`assessment.jobs.daily_jobs_run` from `manage.py run_daily_jobs`."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.urls import reverse

from minfu.assessment import actions, selectors
from minfu.assessment.models import ImprovementItem
from minfu.core import audit
from minfu.core.site import site_url
from minfu.notify.models import OutboxMessage
from minfu.org.selectors import supervisors_and_coordinators
from minfu.records.jobs import STAFF_LANGUAGE, JobResult, is_office_day, today

logger = logging.getLogger(__name__)
EVENT = "assessment.item_overdue"


def _recipients(item: ImprovementItem) -> list:
    """Supervisors of the owner unit and coordinators who see the organisation whole."""
    return supervisors_and_coordinators(unit=item.owner_unit, organisation=item.organisation)


def _context(item: ImprovementItem, recipient, on: dt.date) -> dict:
    return {"recipient_name": recipient.get_full_name() or recipient.get_username(),
            "organisation_name": item.organisation.name_zh, "site_url": site_url(),
            "item_title": item.title, "unit_name": item.owner_unit.name_zh,
            "due_on": item.due_on, "days_overdue": (on - item.due_on).days,
            "status": item.get_status_display(),
            "item_url": site_url(reverse("assessment:staff-item", args=[item.pk]))}


def overdue_items_escalate(*, on: dt.date) -> JobResult:
    from minfu.notify.services import notification_queue

    if not is_office_day(on):
        logger.info("%s is a day off: no escalation of improvement items.", on)
        return JobResult(ran=False)
    queued = 0
    for item in selectors.overdue_items(on):
        recipients = _recipients(item)
        if not recipients:
            logger.warning("Improvement item %s is overdue but nobody can be told.", item.pk)
            continue
        keys = {r.pk: f"assessment-item:{item.pk}:overdue:{on.isoformat()}:{r.pk}"
                for r in recipients}
        told = set(OutboxMessage.objects.filter(dedupe_key__in=keys.values())
                   .values_list("dedupe_key", flat=True))
        to_tell = [r for r in recipients if keys[r.pk] not in told]
        if not to_tell:
            continue
        with transaction.atomic():
            for recipient in to_tell:
                notification_queue(event=EVENT, organisation=item.organisation,
                                   recipient=recipient.email, channel="email",
                                   language=STAFF_LANGUAGE, dedupe_key=keys[recipient.pk],
                                   related=item, context=_context(item, recipient, on))
            audit.record(actor=None, action=actions.ITEM_ESCALATED, obj=item,
                         after={"on": on.isoformat(), "recipients": [r.pk for r in to_tell]})
        queued += len(to_tell)
    return JobResult(ran=True, queued=queued)


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    return {"assessment_escalation": overdue_items_escalate(on=on or today())}
