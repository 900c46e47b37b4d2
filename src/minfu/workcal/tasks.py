"""Celery tasks of the office calendar: the deadline recount queued after a closure
commits, and the beat job that runs any recount left pending (a worker that died)."""

from celery import shared_task

from minfu.workcal import services


@shared_task(name="minfu.workcal.tasks.recount_deadlines", ignore_result=True)
def recount_deadlines(locality: str) -> int:
    return services.deadlines_recount(locality=locality)


@shared_task(name="minfu.workcal.tasks.recount_pending_deadlines", ignore_result=True)
def recount_pending_deadlines() -> int:
    return services.pending_recounts_run()
