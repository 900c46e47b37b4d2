"""The daily jobs about deadlines: each officer's morning digest of their applications
due within two working days (and of those whose supply-by date passed), the escalation
of overdue applications to the supervisors of their unit, and the applicants' reminders
before and on a supply-by date (cases.supply). Both run only on working days of the national office
calendar; on a day off they do nothing (and log it). Both write through the outbox with
dedupe keys per day, so running a job twice on one day sends nothing twice."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from minfu.cases import actions, notices, supply, workflow
from minfu.cases.models import Case, CasePause, DeficiencyNotice
from minfu.core.site import site_url
from minfu.notify.services import Escalation, officer_digest_tell, overdue_escalate
from minfu.records import jobs as record_jobs
from minfu.records.events import event_record
from minfu.records.models import ActorKind
from minfu.workcal.deadlines import CalendarGapError, WorkCalendar
from minfu.workcal.selectors import calendar_for

logger = logging.getLogger(__name__)


def _waiting_on_officer(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Open applications whose clock runs: a paused one waits on someone else."""
    paused = CasePause.objects.filter(ended_at__isnull=True).values("case_id")
    return (cases.filter(state__in=list(workflow.OPEN_STATES)).exclude(pk__in=paused)
            .select_related("organisation", "unit", "service_type_version", "assigned_officer"))


def due_soon_by_officer(on: dt.date) -> dict[int, list[Case]]:
    """Assigned open applications due within two working days after `on`, or overdue,
    earliest first, then those waiting for documents whose supply-by date passed (marked
    `supply_by`), per officer id."""
    calendar = record_jobs.national_calendar()
    horizon = calendar.add_working_days(on, record_jobs.DIGEST_WORKING_DAYS)
    cases = list(_waiting_on_officer(Case.objects.filter(
        assigned_officer__isnull=False, assigned_officer__is_active=True,
        legal_due_date__lte=horizon)).order_by("legal_due_date", "number"))
    return record_jobs.by_assigned_officer(cases + supply_lapsed_cases(on, calendar))


def supply_lapsed_cases(on: dt.date, calendar: WorkCalendar) -> list[Case]:
    """Assigned applications still waiting for documents whose supply-by date passed
    before `on`, each with `supply_by`: the officer must choose what to do."""
    cutoff = supply.last_lapsed_supply_by(on, calendar)
    lapsed = []
    for notice in _open_notices().filter(supplement_due_date__lte=cutoff,
                                         case__assigned_officer__isnull=False,
                                         case__assigned_officer__is_active=True):
        notice.case.supply_by = notice.supplement_due_date
        lapsed.append(notice.case)
    return lapsed


def _open_notices() -> QuerySet[DeficiencyNotice]:
    """Deficiency notices the applicant has still to answer, earliest supply-by first."""
    return (DeficiencyNotice.objects
            .filter(pause__isnull=False, pause__ended_at__isnull=True,
                    case__state=workflow.State.AWAITING_SUPPLEMENT)
            .select_related("case__organisation", "case__service_type_version__service_type",
                            "case__unit", "case__assigned_officer")
            .order_by("supplement_due_date", "case__number"))


def overdue_cases(on: dt.date) -> QuerySet[Case]:
    """Open applications whose legal due day ended before `on` (for a period in hours,
    the day of the due moment), so a job run twice on one day sees the same cases."""
    return _waiting_on_officer(Case.objects.filter(legal_due_date__lt=on)).order_by(
        "legal_due_date", "number")


def _staff_url(case: Case | None = None) -> str:
    if case is None:
        return site_url(reverse("cases:staff-queue"))
    return site_url(reverse("cases:staff-detail", args=[case.pk]))


def _digest_line(case: Case, on: dt.date) -> dict:
    return {"number": case.number, "service_name": case.service_type_version.name_zh,
            "due_on": case.legal_due_date, "overdue": case.legal_due_date < on}


def officer_digests_send(*, on: dt.date) -> record_jobs.JobResult:
    """One e-mail per officer with applications due soon (dedupe per officer per day)."""
    return record_jobs.officer_digests(on=on, due_soon_by_officer=due_soon_by_officer,
                                       send=_digest_send)


def _digest_send(officer, cases: list[Case], *, on: dt.date, horizon: dt.date) -> int:
    due = [case for case in cases if not hasattr(case, "supply_by")]
    lapsed = [case for case in cases if hasattr(case, "supply_by")]
    return officer_digest_tell(
        officer, cases, on=on, horizon=horizon, event="case.officer_digest",
        action=actions.CASE_DIGEST_QUEUED, key="digest", listed_as="cases",
        lines=[_digest_line(case, on) for case in due], workbench_url=_staff_url(),
        extra={"supply_lapsed": [
            {"number": case.number, "service_name": case.service_type_version.name_zh,
             "supply_by": case.supply_by} for case in lapsed]})


def _escalation_context(case: Case, supervisor) -> dict:
    officer = case.assigned_officer
    return {"recipient_name": record_jobs.staff_name(supervisor), "site_url": site_url(),
            "organisation_name": case.organisation.name_zh, "case_number": case.number,
            "service_name": case.service_type_version.name_zh, "unit_name": case.unit.name_zh,
            "due_on": case.legal_due_date,
            "officer_name": record_jobs.staff_name(officer) if officer else "",
            "case_url": _staff_url(case)}


def overdue_cases_escalate(*, on: dt.date) -> record_jobs.JobResult:
    """Tell the supervisors of the unit about each overdue application, once per
    application per day (each supervisor gets one message)."""
    return overdue_escalate(on=on, what="applications", overdue=lambda: overdue_cases(on),
                            escalation=_escalation)


def _escalation(case: Case) -> Escalation:
    return Escalation(event="case.overdue_escalation", action=actions.CASE_ESCALATED,
                      recipients=record_jobs.unit_supervisors(case.unit),
                      key=f"case:{case.pk}:escalated",
                      context=lambda supervisor: _escalation_context(case, supervisor),
                      service_type=case.service_type_version.service_type)


# ----- reminders of a supply-by date ---------------------------------------------------

def supply_reminder_days() -> int:
    """How many working days before a supply-by date the applicant is reminded."""
    return int(getattr(settings, "MINFU_SUPPLY_REMINDER_WORKING_DAYS", 3))


def supply_reminders_send(*, on: dt.date) -> record_jobs.JobResult:
    """Remind applicants `supply_reminder_days()` working days before the supply-by date
    and on the day, each once (dedupe keys), on working days only."""
    if not record_jobs.is_office_day(on):
        logger.info("%s is a day off: no supply-by reminders.", on)
        return record_jobs.JobResult(ran=False)
    days_before = supply_reminder_days()
    calendars: dict[str, WorkCalendar] = {}
    queued = 0
    # A supply-by date on a day off moves to the next working day: look a fortnight back.
    for notice in _open_notices().filter(supplement_due_date__gte=on - dt.timedelta(days=14)):
        case = notice.case
        if not (case.contact_email.strip() or case.contact_phone.strip()):
            continue  # nobody to remind; the notice itself recorded that
        locality = case.organisation.locality
        try:
            calendar = calendars.setdefault(locality, calendar_for(case.organisation))
            reminder = supply.reminder_due(on, notice.supplement_due_date, calendar,
                                           days_before=days_before)
        except CalendarGapError:
            logger.error("No office calendar for the supply-by date of %s.", case.number)
            continue
        if reminder is not None:
            queued += _remind(notice, reminder, on=on, calendar=calendar)
    return record_jobs.JobResult(ran=True, queued=queued)


@transaction.atomic
def _remind(notice: DeficiencyNotice, reminder: supply.Reminder, *, on: dt.date,
            calendar: WorkCalendar) -> int:
    case = notice.case
    if case.events.filter(action=actions.CASE_SUPPLY_REMINDED, data__reminder=reminder.value,
                          data__notice=notice.sequence).exists():
        return 0  # sent on an earlier run
    message = notices.notify_supply_reminder(
        notice, reminder=reminder, working_days_left=supply.working_days_left(
            on, notice.supplement_due_date, calendar))
    if message is None:
        return 0
    event_record(record=notice.case, actor_kind=ActorKind.SYSTEM,
                 action=actions.CASE_SUPPLY_REMINDED, from_state=notice.case.state,
                 to_state=notice.case.state,
                 data={"notice": notice.sequence, "reminder": reminder.value,
                       "supply_by": notice.supplement_due_date.isoformat()})
    return 1


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, record_jobs.JobResult]:
    on = on or record_jobs.today()
    return {"digest": officer_digests_send(on=on), "escalation": overdue_cases_escalate(on=on),
            "supply_reminders": supply_reminders_send(on=on)}
