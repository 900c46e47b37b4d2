"""Open data's daily job for `manage.py run_daily_jobs`: publish every listed dataset whose
data changed (after the metrics refresh, so the performance figures are current). Data
change on days off too, so it always runs; an unchanged dataset is not published again,
so running it twice publishes nothing twice."""

import datetime as dt

from minfu.opendata.services import datasets_publish_all
from minfu.records.jobs import JobResult


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    result = datasets_publish_all()
    return {"opendata_publish": JobResult(ran=True, queued=result.published)}
