"""Celery tasks: thin wrappers around the services. Beat runs `deliver_outbox` every
minute in production (CELERY_BEAT_SCHEDULE); under `make run` it runs in-process when a
notification is queued (CELERY_TASK_ALWAYS_EAGER)."""

from celery import shared_task

from minfu.notify.selectors import outbox_has_due
from minfu.notify.services import outbox_deliver_due, outbox_secrets_forget


@shared_task(bind=True, name="minfu.notify.tasks.deliver_outbox", ignore_result=True)
def deliver_outbox(self) -> dict[str, int]:
    """One run of delivery; while a backlog remains after it, the next run is queued at
    once, so that the backlog drains as fast as the mail server accepts rather than a run
    a minute (beat's run stays the safety net)."""
    outcomes = outbox_deliver_due()
    if outcomes and outbox_has_due():  # a run that sent nothing does not spin
        self.apply_async()
    return outcomes


@shared_task(name="minfu.notify.tasks.forget_old_secrets", ignore_result=True)
def forget_old_secrets() -> int:
    return outbox_secrets_forget()
