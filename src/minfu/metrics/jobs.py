"""The metrics' daily job for `manage.py run_daily_jobs`: refresh yesterday, today and every
day marked dirty. Beat runs the same refresh every ten minutes in production
(`minfu.metrics.tasks.refresh_metrics`); figures change on days off too, so it always runs."""

import datetime as dt

from minfu.metrics.services import rollups_refresh_recent
from minfu.records.jobs import JobResult


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    result = rollups_refresh_recent(today=on)
    return {"metrics_refresh": JobResult(ran=True, queued=result.days)}
