"""Celery task: the scheduled incremental refresh of the rollups (yesterday, today and
every day marked dirty). Beat runs it every few minutes in production; without Celery,
`manage.py refresh_metrics` does the same from cron or `run_daily_jobs`."""

from celery import shared_task

from minfu.metrics import services


@shared_task(name="minfu.metrics.tasks.refresh_metrics", ignore_result=True)
def refresh_metrics() -> int:
    return services.rollups_refresh_recent().rows
