"""The surveys' daily job: invite the applicants of the previous day's closed applications.
Run by beat (`minfu.surveys.tasks.send_survey_invitations`), `manage.py run_daily_jobs`
or `manage.py send_survey_invitations`; safe to repeat (one invitation per wave and case)."""

import datetime as dt

from django.utils import timezone

from minfu.records.jobs import JobResult
from minfu.surveys.services import survey_invitations_for_closed_cases


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def invitations_run(*, on: dt.date | None = None) -> int:
    return survey_invitations_for_closed_cases(on=on or yesterday())


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    """Run on `on` (default today): invites for the cases closed the day before. Invitations
    go out on days off too: they are not a deadline and citizens read mail at weekends."""
    closed_on = (on or timezone.localdate()) - dt.timedelta(days=1)
    return {"survey_invitations": JobResult(ran=True, queued=invitations_run(on=closed_on))}
