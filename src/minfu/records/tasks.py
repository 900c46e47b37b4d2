"""Celery tasks of the kernel, for beat: the daily sweep of upload files no row names and
the retention job (records.anonymisation)."""

from celery import shared_task

from minfu.records import anonymisation, jobs


@shared_task(name="minfu.records.tasks.sweep_orphan_files", ignore_result=True)
def sweep_orphan_files() -> int:
    return jobs.orphan_files_sweep().removed


@shared_task(name="minfu.records.tasks.run_retention", ignore_result=True)
def run_retention() -> int:
    return anonymisation.retention_daily().pk
