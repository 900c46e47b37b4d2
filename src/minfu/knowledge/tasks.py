"""Celery tasks: thin wrappers around the jobs in jobs.py (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from minfu.knowledge import jobs


@shared_task(name="minfu.knowledge.tasks.publish_scheduled", ignore_result=True)
def publish_scheduled() -> int:
    """Scheduled articles whose time has come go public; returns how many."""
    return jobs.publish_scheduled().queued


@shared_task(name="minfu.knowledge.tasks.remind_reviews", ignore_result=True)
def remind_reviews() -> int:
    """Owners of articles due for review are reminded; returns how many were told."""
    return jobs.review_reminders(on=jobs.today()).queued
