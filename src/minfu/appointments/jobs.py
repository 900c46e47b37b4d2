"""The appointments' daily job: remind the citizens of their appointment on the working
day before it. Run on office working days only (`manage.py run_daily_jobs`, beat's
`appointments-reminders`); it covers every day up to the next working day, so an
appointment on a Saturday of extended service or on the Monday after a long weekend is
reminded on the last working day before it. Safe to repeat (one message per appointment
and time)."""

import datetime as dt

from minfu.appointments.services import appointment_reminders_queue
from minfu.records.jobs import JobResult, is_office_day, national_calendar, today


def next_working_day(on: dt.date) -> dt.date:
    calendar, day = national_calendar(), on + dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def reminders(*, on: dt.date) -> JobResult:
    if not is_office_day(on):
        return JobResult(ran=False)
    return JobResult(ran=True, queued=appointment_reminders_queue(on=on,
                                                                  until=next_working_day(on)))


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, JobResult]:
    return {"appointment_reminders": reminders(on=on or today())}
