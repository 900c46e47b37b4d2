"""Celery task: a thin wrapper around appointments/jobs.py, for beat."""

from celery import shared_task

from minfu.appointments.jobs import reminders
from minfu.records.jobs import today


@shared_task(name="minfu.appointments.tasks.send_reminders", ignore_result=True)
def send_reminders() -> int:
    return reminders(on=today()).queued
