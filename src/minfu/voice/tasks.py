"""Celery tasks: thin wrappers around voice/jobs.py, for beat (the lead adds them to
CELERY_BEAT_SCHEDULE next to the cases tasks)."""

from minfu.cases.jobs import today
from minfu.config.celery import app
from minfu.voice import jobs


@app.task(name="minfu.voice.tasks.send_petition_digests", ignore_result=True)
def send_petition_digests() -> int:
    return jobs.officer_digests_send(on=today()).queued


@app.task(name="minfu.voice.tasks.escalate_overdue_petitions", ignore_result=True)
def escalate_overdue_petitions() -> int:
    return jobs.overdue_petitions_escalate(on=today()).queued
