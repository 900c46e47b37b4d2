"""The daily jobs about deadlines: each officer's morning digest of their applications
due within two working days, and the escalation of overdue applications to the
supervisors of their unit. Both run only on working days of the national office
calendar; on a day off they do nothing (and log it). Both write through the outbox with
dedupe keys per day, so running a job twice on one day sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse

from minfu.cases import actions, workflow
from minfu.cases.models import Case, CasePause
from minfu.core.site import site_url
from minfu.notify.services import Escalation, officer_digest_tell, overdue_escalate
from minfu.records import jobs as record_jobs


def _waiting_on_officer(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Open applications whose clock runs: a paused one waits on someone else."""
    paused = CasePause.objects.filter(ended_at__isnull=True).values("case_id")
    return (cases.filter(state__in=list(workflow.OPEN_STATES)).exclude(pk__in=paused)
            .select_related("organisation", "unit", "service_type_version", "assigned_officer"))


def due_soon_by_officer(on: dt.date) -> dict[int, list[Case]]:
    """Assigned open applications due within two working days after `on`, or overdue,
    earliest first, per officer id."""
    horizon = record_jobs.national_calendar().add_working_days(on, record_jobs.DIGEST_WORKING_DAYS)
    cases = _waiting_on_officer(Case.objects.filter(
        assigned_officer__isnull=False, assigned_officer__is_active=True,
        legal_due_date__lte=horizon)).order_by("legal_due_date", "number")
    return record_jobs.by_assigned_officer(cases)


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
    return officer_digest_tell(
        officer, cases, on=on, horizon=horizon, event="case.officer_digest",
        action=actions.CASE_DIGEST_QUEUED, key="digest", listed_as="cases",
        lines=[_digest_line(case, on) for case in cases], workbench_url=_staff_url())


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


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, record_jobs.JobResult]:
    on = on or record_jobs.today()
    return {"digest": officer_digests_send(on=on), "escalation": overdue_cases_escalate(on=on)}
