"""Celery tasks: thin wrappers around the services. Beat runs `deliver_outbox` every
minute in production (CELERY_BEAT_SCHEDULE); under `make run` it runs in-process when a
notification is queued (CELERY_TASK_ALWAYS_EAGER)."""

from celery import shared_task

from minfu.notify.services import outbox_deliver_due, outbox_secrets_forget


@shared_task(name="minfu.notify.tasks.deliver_outbox", ignore_result=True)
def deliver_outbox() -> dict[str, int]:
    return outbox_deliver_due()


@shared_task(name="minfu.notify.tasks.forget_old_secrets", ignore_result=True)
def forget_old_secrets() -> int:
    return outbox_secrets_forget()
