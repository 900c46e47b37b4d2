"""Celery task: thin wrapper around the daily invitation job (beat runs it each morning)."""

from celery import shared_task

from minfu.surveys import jobs


@shared_task(name="minfu.surveys.tasks.send_survey_invitations", ignore_result=True)
def send_survey_invitations() -> int:
    return jobs.invitations_run()
