"""Celery task: a thin wrapper around open311/jobs.py, for beat."""

from celery import shared_task

from minfu.open311.services import api_key_uses_prune
from minfu.records.jobs import today


@shared_task(name="minfu.open311.tasks.prune_key_uses", ignore_result=True)
def prune_key_uses() -> int:
    return api_key_uses_prune(on=today())
