"""The participation app's daily job: participants' plain addresses are erased once no
activity needs them (verification.RETENTION_DAYS per kind of activity)."""

from __future__ import annotations

import datetime as dt

from minfu.participation.verification import participants_forget
from minfu.records.jobs import JobResult


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    return {"participation_forget_addresses": JobResult(ran=True,
                                                        queued=participants_forget())}
