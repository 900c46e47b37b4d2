"""What every app's daily jobs share: the day they run for, whether it is an office
working day of the national calendar, the language staff messages are written in, and
the result a job reports. The jobs themselves live in each app's `jobs.py`
(`daily_jobs_run(*, on)`); `manage.py run_daily_jobs` runs them all."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils import timezone

from minfu.org.models import Membership, Role
from minfu.workcal.deadlines import CalendarGapError, WorkCalendar
from minfu.workcal.selectors import calendar_for_locality

logger = logging.getLogger(__name__)

STAFF_LANGUAGE = "zh-hant"
# Officers' digests list what falls due within this many working days.
DIGEST_WORKING_DAYS = 2
# Organisation closures (typhoon days) are per locality; the national calendar has none.
NATIONAL = ""


@dataclass(frozen=True)
class JobResult:
    ran: bool
    queued: int = 0


def today() -> dt.date:
    return timezone.localdate()


def national_calendar() -> WorkCalendar:
    return calendar_for_locality(NATIONAL)


def is_office_day(on: dt.date) -> bool:
    """Whether `on` is a working day of the national office calendar; a day the calendar
    does not cover counts as not (the jobs would rather skip than guess)."""
    try:
        return national_calendar().is_working_day(on)
    except CalendarGapError:
        logger.error("The office calendar does not cover %s; the daily jobs are skipped.", on)
        return False


def staff_name(user) -> str:
    """How a staff message names a user."""
    return user.get_full_name() or user.get_username()


def by_assigned_officer(records) -> dict[int, list]:
    """`records` (in the order the digest lists them) per assigned officer id."""
    grouped: dict[int, list] = {}
    for record in records:
        grouped.setdefault(record.assigned_officer_id, []).append(record)
    return grouped


def unit_supervisors(unit) -> list:
    """The active supervisors of `unit` who have an e-mail address, by id: whom an
    overdue record of the unit is escalated to."""
    memberships = (Membership.objects.filter(unit=unit, role=Role.SUPERVISOR,
                                             user__is_active=True)
                   .exclude(user__email="").select_related("user").order_by("user_id"))
    return list({membership.user_id: membership.user for membership in memberships}.values())
