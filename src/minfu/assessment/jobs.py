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
from minfu.notify.services import staff_tell_once
from minfu.org.selectors import supervisors_and_coordinators
from minfu.records.jobs import JobResult, is_office_day, staff_name, today

logger = logging.getLogger(__name__)
EVENT = "assessment.item_overdue"


def _recipients(item: ImprovementItem) -> list:
    """Supervisors of the owner unit and coordinators who see the organisation whole."""
    return supervisors_and_coordinators(unit=item.owner_unit, organisation=item.organisation)


def _context(item: ImprovementItem, recipient, on: dt.date) -> dict:
    return {"recipient_name": staff_name(recipient),
            "organisation_name": item.organisation.name_zh, "site_url": site_url(),
            "item_title": item.title, "unit_name": item.owner_unit.name_zh,
            "due_on": item.due_on, "days_overdue": (on - item.due_on).days,
            "status": item.get_status_display(),
            "item_url": site_url(reverse("assessment:staff-item", args=[item.pk]))}


def overdue_items_escalate(*, on: dt.date) -> JobResult:
    if not is_office_day(on):
        logger.info("%s is a day off: no escalation of improvement items.", on)
        return JobResult(ran=False)
    return JobResult(ran=True, queued=sum(
        _escalate(item, on=on) for item in selectors.overdue_items(on)))


@transaction.atomic
def _escalate(item: ImprovementItem, *, on: dt.date) -> int:
    recipients = _recipients(item)
    if not recipients:
        logger.warning("Improvement item %s is overdue but nobody can be told.", item.pk)
        return 0
    told = staff_tell_once(
        event=EVENT, organisation=item.organisation, recipients=recipients, related=item,
        key=lambda recipient: f"assessment-item:{item.pk}:overdue:{on.isoformat()}:{recipient.pk}",
        context=lambda recipient: _context(item, recipient, on))
    if told:
        audit.record(actor=None, action=actions.ITEM_ESCALATED, obj=item,
                     after={"on": on.isoformat(), "recipients": [r.pk for r in told]})
    return len(told)


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    return {"assessment_escalation": overdue_items_escalate(on=on or today())}
