"""The daily escalation of overdue improvement items: the quality coordinators of the
organisation and the supervisors of the owner unit are told once per item per day. Runs
only on working days of the national office calendar (like cases/jobs.py): on a day off
it does nothing. Hook: `minfu.assessment.tasks.escalate_overdue_items` in Celery beat, or
`assessment.jobs.daily_jobs_run` from `manage.py run_daily_jobs`."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from minfu.assessment import actions, selectors
from minfu.assessment.models import ImprovementItem
from minfu.core.site import site_url
from minfu.notify.services import Escalation, overdue_escalate
from minfu.org.selectors import supervisors_and_coordinators
from minfu.records.jobs import JobResult, staff_name, today

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
    return overdue_escalate(on=on, what="improvement items",
                            overdue=lambda: selectors.overdue_items(on),
                            escalation=lambda item: _escalation(item, on))


def _escalation(item: ImprovementItem, on: dt.date) -> Escalation:
    return Escalation(event=EVENT, action=actions.ITEM_ESCALATED, recipients=_recipients(item),
                      key=f"assessment-item:{item.pk}:overdue",
                      context=lambda recipient: _context(item, recipient, on),
                      told_as="recipients")


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    return {"assessment_escalation": overdue_items_escalate(on=on or today())}
