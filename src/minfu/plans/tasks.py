"""Celery task: a thin wrapper around the daily reminders in jobs.py (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from minfu.plans import jobs


@shared_task(name="minfu.plans.tasks.remind_progress_reports", ignore_result=True)
def remind_progress_reports() -> int:
    """Reports due or overdue, and actions falling due; returns how many were queued."""
    return sum(result.queued for result in jobs.daily_jobs_run(on=jobs.today()).values())
