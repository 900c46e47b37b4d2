"""Celery task: the scheduled publication of every listed dataset whose data changed
(beat, once a night). Without Celery, `manage.py publish_datasets` or `run_daily_jobs`
does the same."""

from celery import shared_task

from minfu.opendata import services


@shared_task(name="minfu.opendata.tasks.publish_datasets", ignore_result=True)
def publish_datasets() -> int:
    return services.datasets_publish_all().published
