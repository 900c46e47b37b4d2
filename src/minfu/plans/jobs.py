"""The daily reminder of progress reports: the units that still owe reports for a period
of a published plan are reminded once when the period's due day is at most
`DUE_SOON_WORKING_DAYS` working days away, and once more (their coordinators too) the day
after it passed. Runs only on working days of the national office calendar (like
cases/jobs.py). Hook: `minfu.plans.tasks.remind_progress_reports` in Celery beat, or
`plans.jobs.daily_jobs_run` from `manage.py run_daily_jobs`."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from minfu.org.models import Unit
from minfu.plans import deadlines, notices
from minfu.plans.models import Plan, ProgressReport, ReportingPeriod
from minfu.plans.services import reporting_units
from minfu.records.jobs import JobResult, is_office_day, national_calendar, today

logger = logging.getLogger(__name__)
DUE_SOON_WORKING_DAYS = 3
# Periods overdue for longer than this are not reminded again on a first run.
OVERDUE_LOOKBACK = dt.timedelta(days=90)


def periods_to_remind(on: dt.date) -> list[ReportingPeriod]:
    """Periods of plans in force (published, a revision in progress or not) due within the next few working days, or overdue
    (for at most OVERDUE_LOOKBACK), oldest due first."""
    horizon = national_calendar().add_working_days(on, DUE_SOON_WORKING_DAYS)
    return list(ReportingPeriod.objects.filter(
        plan__published_on__isnull=False, due__lte=horizon, due__gte=on - OVERDUE_LOOKBACK)
        .select_related("plan__organisation").order_by("due", "pk"))


def progress_reports_remind(*, on: dt.date) -> JobResult:
    if not is_office_day(on):
        logger.info("%s is a day off: no reminders of progress reports.", on)
        return JobResult(ran=False)
    queued = 0
    for period in periods_to_remind(on):
        with transaction.atomic():
            queued += notices.reports_due(period, on=on)
    return JobResult(ran=True, queued=queued)


def action_deadlines_remind(*, on: dt.date) -> JobResult:
    """Remind the responsible units of the actions of published plans that fall due within
    the next few working days (each day the deadline implies: 114年6月30日, each quarter's
    end for 每季, 31 March for 每年3月底前), unless done. Unread wording and standing
    deadlines imply no day, so they remind nobody."""
    if not is_office_day(on):
        return JobResult(ran=False)
    horizon = national_calendar().add_working_days(on, DUE_SOON_WORKING_DAYS)
    queued = 0
    plans = Plan.objects.filter(published_on__isnull=False,
                                year__in={on.year, horizon.year}).select_related("organisation")
    for plan in plans:
        with transaction.atomic():
            queued += _remind_plan_actions(plan, on, horizon)
    return JobResult(ran=True, queued=queued)


def _remind_plan_actions(plan: Plan, on: dt.date, horizon: dt.date) -> int:
    units = list(Unit.objects.filter(organisation=plan.organisation, is_active=True))
    done = set(ProgressReport.objects.filter(action__plan=plan,
                                             status=ProgressReport.Status.DONE)
               .values_list("action_id", "occurrence"))
    done_actions = {action_id for action_id, _day in done}
    queued = 0
    for action in (plan.actions.filter(done_on__isnull=True).select_related("node", "plan")
                   .prefetch_related("responsible_units", "responsible_groups__units")):
        deadline = action.deadline
        for day in deadlines.occurrences_between(deadline, on, horizon):
            finished = ((action.pk, day) in done if deadline.kind is deadlines.DeadlineKind.RECURRING
                        else action.pk in done_actions)
            if not finished:
                queued += notices.action_due(action, day, reporting_units(action, units))
    return queued


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    on = on or today()
    return {"plans_report_reminders": progress_reports_remind(on=on),
            "plans_action_reminders": action_deadlines_remind(on=on)}
