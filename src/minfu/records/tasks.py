"""Celery tasks of the kernel, for beat: the daily sweep of upload files no row names, the
retention job (records.anonymisation) and the history partitions made ahead
(core.partitions)."""

from celery import shared_task

from minfu.core import partitions
from minfu.records import anonymisation, jobs


@shared_task(name="minfu.records.tasks.sweep_orphan_files", ignore_result=True)
def sweep_orphan_files() -> int:
    return jobs.orphan_files_sweep().removed


@shared_task(name="minfu.records.tasks.run_retention", ignore_result=True)
def run_retention() -> int:
    return anonymisation.retention_daily().pk


@shared_task(name="minfu.records.tasks.ensure_history_partitions", ignore_result=True)
def ensure_history_partitions() -> int:
    return partitions.partitions_ensure()
