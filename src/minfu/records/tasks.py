"""Celery tasks of the kernel: the daily sweep of upload files no row names, for beat."""

from celery import shared_task

from minfu.records import jobs


@shared_task(name="minfu.records.tasks.sweep_orphan_files", ignore_result=True)
def sweep_orphan_files() -> int:
    return jobs.orphan_files_sweep().removed
