"""The e-mails of progress reporting, written to the outbox in the caller's transaction:
reports asked for (when a period is opened), a report returned by the coordinator, and
reports due soon or overdue (the daily job in plans/jobs.py). They go to the supervisors
of the reporting unit (who write its reports) and, when overdue, to the organisation's
quality coordinators; staff read them in Chinese. Each is sent once (dedupe keys per
period, unit and recipient, or per returned version of a report). A message that cannot
be queued (no active template) is logged and never stops the change."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from django.urls import reverse

from minfu.core.errors import ValidationFailed
from minfu.core.site import site_url
from minfu.notify.models import OutboxMessage
from minfu.org.models import Unit
from minfu.org.selectors import supervisors_and_coordinators
from minfu.plans import workflow
from minfu.plans.models import ProgressReport, ReportingPeriod
from minfu.records.jobs import STAFF_LANGUAGE

logger = logging.getLogger(__name__)

REQUESTED = "plans.reports_requested"
DUE_SOON = "plans.reports_due_soon"
OVERDUE = "plans.reports_overdue"
RETURNED = "plans.report_returned"
ACTION_DUE = "plans.action_due_soon"
PLAN_MISSING = "plans.plan_missing"
OUTSTANDING = [workflow.ReviewState.DRAFT, workflow.ReviewState.RETURNED]


def outstanding_by_unit(period: ReportingPeriod) -> dict[Unit, int]:
    """The units that still owe reports for `period`, with how many."""
    reports = (ProgressReport.objects.filter(period=period, review_state__in=OUTSTANDING)
               .select_related("unit"))
    return dict(Counter(report.unit for report in reports))


def reports_requested(period: ReportingPeriod) -> int:
    """Ask each unit that owes reports for `period` to write them."""
    return _tell_units(REQUESTED, period, outstanding_by_unit(period), coordinators=False)


def reports_due(period: ReportingPeriod, *, on: dt.date) -> int:
    """Remind the units that still owe reports: due soon, or overdue (then the
    coordinators are told too)."""
    event = OVERDUE if on > period.due else DUE_SOON
    return _tell_units(event, period, outstanding_by_unit(period),
                       coordinators=event == OVERDUE, on=on)


def _tell_units(event: str, period: ReportingPeriod, owed: dict[Unit, int], *,
                coordinators: bool, on: dt.date | None = None) -> int:
    plan = period.plan
    short = event.removeprefix("plans.")
    queued, unreachable = 0, []
    for unit, count in sorted(owed.items(), key=lambda pair: pair[0].pk):
        recipients = supervisors_and_coordinators(
            unit=unit, organisation=plan.organisation if coordinators else None)
        if not recipients:
            unreachable.append(unit.code)
        context = {"plan_title": plan.title, "period_label": period.label, "due_on": period.due,
                   "unit_name": unit.name_zh, "report_count": count,
                   "days_overdue": (on - period.due).days if on and on > period.due else 0,
                   "period_url": site_url(reverse("plans:staff-period",
                                                  args=[plan.pk, period.pk]))}
        for recipient in recipients:
            queued += _queue(event, period, recipient, context,
                             key=f"plans-period:{period.pk}:{short}:{unit.pk}:{recipient.pk}")
    if unreachable:
        logger.warning("%s for period %s: no supervisor with an e-mail address in %s.",
                       event, period.pk, ", ".join(unreachable))
    return queued


def report_returned(report: ProgressReport) -> int:
    """Tell who submitted the report (else the unit's supervisors) why it came back."""
    submitter = report.submitted_by
    recipients = ([submitter] if submitter is not None and submitter.is_active
                  and submitter.email else supervisors_and_coordinators(unit=report.unit))
    period = report.period
    context = {"plan_title": period.plan.title, "period_label": period.label,
               "due_on": period.due, "unit_name": report.unit.name_zh,
               "action_text": report.action.node.text, "comment": report.review_comment,
               "report_url": site_url(reverse("plans:staff-report", args=[report.pk]))}
    return sum(_queue(RETURNED, period, recipient, context,
                      key=f"plans-report:{report.pk}:returned:{report.version}:{recipient.pk}")
               for recipient in recipients)


def action_due(action, day: dt.date, units) -> int:
    """Remind the supervisors of the units responsible for `action` that it falls due on
    `day` (one of the days its deadline implies), once per action, day and person."""
    from minfu.notify.services import staff_tell_once  # notify imports the apps' events

    plan = action.plan
    told = 0
    for unit in units:
        context = {"plan_title": plan.title, "action_text": action.node.text,
                   "deadline": action.deadline_label, "due_on": day, "unit_name": unit.name_zh,
                   "plan_url": site_url(reverse("plans:staff-detail", args=[plan.pk]))}
        try:
            told += len(staff_tell_once(
                event=ACTION_DUE, organisation=plan.organisation,
                recipients=supervisors_and_coordinators(unit=unit), related=action,
                key=lambda r, unit=unit: f"plans-action:{action.pk}:{day}:{unit.pk}:{r.pk}",
                context=lambda r, context=context: {
                    "recipient_name": r.get_full_name() or r.get_username(),
                    "organisation_name": plan.organisation.name_zh, "site_url": site_url(),
                    **context}))
        except ValidationFailed as error:  # no active template: never stops the job
            logger.error("Message %s for action %s not queued: %s", ACTION_DUE, action.pk,
                         error.code)
    return told


def plan_missing(*, agency, programme, year: int, due_on: dt.date, on: dt.date) -> int:
    """Tell the agency's quality coordinators that the ministry has no published plan of
    theirs for `year`: once a day at most per agency, year and person."""
    from minfu.notify.services import staff_tell_once  # notify imports the apps' events

    context = {"programme_title": programme.title, "ministry_name": programme.organisation.name_zh,
               "year": year - 1911, "due_on": due_on,
               "plans_url": site_url(reverse("plans:staff-list"))}
    try:
        return len(staff_tell_once(
            event=PLAN_MISSING, organisation=agency, related=programme,
            recipients=supervisors_and_coordinators(organisation=agency),
            key=lambda r: f"plans-missing:{programme.pk}:{year}:{agency.pk}:{on}:{r.pk}",
            context=lambda r: {"recipient_name": r.get_full_name() or r.get_username(),
                               "organisation_name": agency.name_zh, "site_url": site_url(),
                               **context}))
    except ValidationFailed as error:  # no active template: logged, never stops the rest
        logger.error("Message %s for %s not queued: %s", PLAN_MISSING, agency.code, error.code)
        return 0


def _queue(event: str, period: ReportingPeriod, recipient, context: dict, *, key: str) -> int:
    from minfu.notify.services import notification_queue  # notify imports the apps' events

    if OutboxMessage.objects.filter(dedupe_key=key).exists():  # told already
        return 0
    organisation = period.plan.organisation
    try:
        notification_queue(
            event=event, organisation=organisation, recipient=recipient.email,
            channel="email", language=STAFF_LANGUAGE, dedupe_key=key, related=period,
            context={"recipient_name": recipient.get_full_name() or recipient.get_username(),
                     "organisation_name": organisation.name_zh, "site_url": site_url(),
                     **context})
    except ValidationFailed as error:  # no active template, or one that fails to render
        logger.error("Message %s for period %s not queued: %s", event, period.pk, error.code)
        return 0
    return 1
