"""The daily job of notifications: erase the sealed secrets (access codes) of messages
that were never sent within MINFU_NOTIFY_SECRET_HOURS; a sent message's is erased when
it is sent. Beat runs the same every hour (`minfu.notify.tasks.forget_old_secrets`);
`manage.py run_daily_jobs` runs it for installations without beat."""

from __future__ import annotations

import datetime as dt

from minfu.notify.services import outbox_secrets_forget
from minfu.records.jobs import JobResult


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    # Not tied to a day: it erases whatever is older than the lifetime now.
    return {"notify_forget_old_secrets": JobResult(ran=True, queued=outbox_secrets_forget())}
