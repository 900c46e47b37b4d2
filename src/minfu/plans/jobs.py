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

from minfu.plans import notices
from minfu.plans.models import Plan, ReportingPeriod
from minfu.records.jobs import JobResult, is_office_day, national_calendar, today

logger = logging.getLogger(__name__)
DUE_SOON_WORKING_DAYS = 3
# Periods overdue for longer than this are not reminded again on a first run.
OVERDUE_LOOKBACK = dt.timedelta(days=90)


def periods_to_remind(on: dt.date) -> list[ReportingPeriod]:
    """Periods of published plans due within the next few working days, or overdue
    (for at most OVERDUE_LOOKBACK), oldest due first."""
    horizon = national_calendar().add_working_days(on, DUE_SOON_WORKING_DAYS)
    return list(ReportingPeriod.objects.filter(
        plan__status=Plan.Status.PUBLISHED, due__lte=horizon, due__gte=on - OVERDUE_LOOKBACK)
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


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    return {"plans_report_reminders": progress_reports_remind(on=on or today())}
