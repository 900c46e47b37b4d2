"""Celery task: a thin wrapper around the daily reminder in jobs.py (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from minfu.plans import jobs


@shared_task(name="minfu.plans.tasks.remind_progress_reports", ignore_result=True)
def remind_progress_reports() -> int:
    return jobs.progress_reports_remind(on=jobs.today()).queued
