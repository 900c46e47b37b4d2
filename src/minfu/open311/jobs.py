"""The Open311 server's daily job: forget API key uses older than MINFU_OPEN311_LOG_DAYS
(365 by default). Run by `manage.py run_daily_jobs`; safe to repeat."""

import datetime as dt

from django.utils import timezone

from minfu.open311.services import api_key_uses_prune
from minfu.records.jobs import JobResult


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    return {"open311_key_uses_pruned": JobResult(
        ran=True, queued=api_key_uses_prune(on=on or timezone.localdate()))}
