"""The participation app's daily jobs (listed in MINFU_DAILY_JOB_MODULES, run by
`manage.py run_daily_jobs` and beat):

- participants' plain addresses are erased once no activity needs them
  (verification.RETENTION_DAYS per kind of activity);
- the co-signing of proposals whose period ended below their threshold is closed (every
  day: a period counts calendar days);
- registrants of the sessions up to the next working day are reminded (on working days
  only: the reminder goes out the working day before).

Messages carry dedupe keys and registrations remember their reminder, so a second run
sends nothing twice."""

from __future__ import annotations

import datetime as dt

from minfu.participation.proposals_services import proposals_expire
from minfu.participation.sessions_services import session_reminders_send
from minfu.participation.verification import participants_forget
from minfu.records.jobs import JobResult, is_office_day, national_calendar, today


def proposals_close(*, on: dt.date) -> JobResult:
    return JobResult(ran=True, queued=proposals_expire(on=on))


def session_reminders(*, on: dt.date) -> JobResult:
    if not is_office_day(on):
        return JobResult(ran=False)
    next_working_day = national_calendar().add_working_days(on, 1)
    return JobResult(ran=True, queued=session_reminders_send(on=on,
                                                              next_working_day=next_working_day))


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    on = on or today()
    return {"participation_forget_addresses": JobResult(ran=True,
                                                        queued=participants_forget()),
            "participation_proposals_close": proposals_close(on=on),
            "participation_session_reminders": session_reminders(on=on)}
