"""Celery tasks: thin wrappers around the daily jobs in jobs.py. Beat runs them every
morning (CELERY_BEAT_SCHEDULE in settings); without Celery, `manage.py run_daily_jobs`
does the same from cron. On a day off of the office calendar they do nothing."""

from celery import shared_task

from minfu.cases import jobs
from minfu.records.jobs import today


@shared_task(name="minfu.cases.tasks.send_officer_digests", ignore_result=True)
def send_officer_digests() -> int:
    return jobs.officer_digests_send(on=today()).queued


@shared_task(name="minfu.cases.tasks.escalate_overdue_cases", ignore_result=True)
def escalate_overdue_cases() -> int:
    return jobs.overdue_cases_escalate(on=today()).queued


@shared_task(name="minfu.cases.tasks.send_supply_reminders", ignore_result=True)
def send_supply_reminders() -> int:
    return jobs.supply_reminders_send(on=today()).queued
