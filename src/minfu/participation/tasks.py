"""Celery tasks: thin wrappers around the daily jobs (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from minfu.participation import jobs
from minfu.records.jobs import today


@shared_task(name="minfu.participation.tasks.close_proposals", ignore_result=True)
def close_proposals() -> int:
    """Proposals whose co-signing period ended below the threshold expire."""
    return jobs.proposals_close(on=today()).queued


@shared_task(name="minfu.participation.tasks.remind_sessions", ignore_result=True)
def remind_sessions() -> int:
    """Registrants are reminded of the sessions up to the next working day."""
    return jobs.session_reminders(on=today()).queued
