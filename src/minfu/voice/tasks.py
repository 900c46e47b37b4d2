"""Celery tasks: thin wrappers around voice/jobs.py, for beat (the lead adds them to
CELERY_BEAT_SCHEDULE next to the cases tasks)."""

from celery import shared_task

from minfu.records.jobs import today
from minfu.voice import jobs


@shared_task(name="minfu.voice.tasks.send_petition_digests", ignore_result=True)
def send_petition_digests() -> int:
    return jobs.officer_digests_send(on=today()).queued


@shared_task(name="minfu.voice.tasks.escalate_overdue_petitions", ignore_result=True)
def escalate_overdue_petitions() -> int:
    return jobs.overdue_petitions_escalate(on=today()).queued
