"""Celery task: a thin wrapper around the daily escalation in jobs.py (add it to
CELERY_BEAT_SCHEDULE next to the cases jobs)."""

from celery import shared_task

from minfu.assessment import jobs


@shared_task(name="minfu.assessment.tasks.escalate_overdue_items", ignore_result=True)
def escalate_overdue_items() -> int:
    return jobs.overdue_items_escalate(on=jobs.today()).queued
