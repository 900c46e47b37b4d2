"""The daily jobs about petition deadlines, as for applications (cases.jobs): each
officer's digest of assigned open petitions due within two working days or overdue, and
the escalation of overdue petitions to the supervisors of their unit. They run only on
working days of the national office calendar and write through the outbox with dedupe
keys per day, so a second run on one day sends nothing twice. Hooked in by
`daily_jobs_run` (for `manage.py run_daily_jobs`) and voice/tasks.py (for beat)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from minfu.core.site import site_url
from minfu.notify.services import Escalation, officer_digest_tell, overdue_escalate
from minfu.records import jobs as record_jobs
from minfu.voice import actions, workflow
from minfu.voice.models import Petition, PetitionChannel


def _open():
    return Petition.objects.filter(state__in=list(workflow.OPEN_STATES)).select_related(
        "organisation", "unit", "assigned_officer")


def due_soon_by_officer(on: dt.date) -> dict[int, list[Petition]]:
    horizon = record_jobs.national_calendar().add_working_days(on, record_jobs.DIGEST_WORKING_DAYS)
    petitions = _open().filter(assigned_officer__isnull=False,
                               assigned_officer__is_active=True,
                               due_date__lte=horizon).order_by("due_date", "number")
    return record_jobs.by_assigned_officer(petitions)


def _url(petition: Petition | None = None) -> str:
    if petition is None:
        return site_url(reverse("voice:staff-queue"))
    return site_url(reverse("voice:staff-detail", args=[petition.pk]))


def _subject(petition: Petition) -> str:
    """A head-of-agency mailbox petition's subject is for its readers: the digest, which
    the organisation's administrators see in the outbox, names it by number only."""
    return "" if petition.channel == PetitionChannel.MAILBOX else petition.subject


def officer_digests_send(*, on: dt.date) -> record_jobs.JobResult:
    return record_jobs.officer_digests(on=on, due_soon_by_officer=due_soon_by_officer,
                                       send=_digest_send)


def _digest_send(officer, petitions: list[Petition], *, on: dt.date, horizon: dt.date) -> int:
    return officer_digest_tell(
        officer, petitions, on=on, horizon=horizon, event="petition.officer_digest",
        action=actions.PETITION_DIGEST_QUEUED, key="petition-digest", listed_as="petitions",
        lines=[{"number": p.number, "subject": _subject(p), "due_on": p.due_date,
                "overdue": p.due_date < on} for p in petitions],
        workbench_url=_url())


def overdue_petitions_escalate(*, on: dt.date) -> record_jobs.JobResult:
    return overdue_escalate(
        on=on, what="petitions", escalation=_escalation,
        overdue=lambda: _open().filter(due_date__lt=on, unit__isnull=False).order_by("due_date"))


def _escalation(petition: Petition) -> Escalation:
    return Escalation(event="petition.overdue_escalation", action=actions.PETITION_ESCALATED,
                      recipients=record_jobs.unit_supervisors(petition.unit),
                      key=f"petition:{petition.pk}:escalated",
                      context=lambda supervisor: _escalation_context(petition, supervisor))


def _escalation_context(petition: Petition, supervisor) -> dict:
    officer = petition.assigned_officer
    return {"recipient_name": record_jobs.staff_name(supervisor), "site_url": site_url(),
            "organisation_name": petition.organisation.name_zh,
            "petition_number": petition.number, "subject": petition.subject,
            "unit_name": petition.unit.name_zh, "due_on": petition.due_date,
            "officer_name": record_jobs.staff_name(officer) if officer else "",
            "petition_url": _url(petition)}


def daily_jobs_run(*, on: dt.date | None = None) -> dict[str, record_jobs.JobResult]:
    on = on or record_jobs.today()
    return {"petition_digest": officer_digests_send(on=on),
            "petition_escalation": overdue_petitions_escalate(on=on)}
