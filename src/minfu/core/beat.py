"""Celery beat that runs on one node only. Several nodes may start beat (the same
deployment everywhere); the first to take a lock in the shared cache (Redis) sends the
schedule, and keeps the lock while it lives by renewing it on every tick. Another beat
sends nothing, and takes over within `LOCK_SECONDS` once the holder has gone.

Even so every scheduled job is written to be safe when it runs twice (a lock can lapse
while a holder is paused): see docs/deployment.md."""

from __future__ import annotations

import logging
import uuid

from celery.beat import PersistentScheduler
from django.core.cache import cache

from minfu.core.outages import CacheUnavailable

logger = logging.getLogger(__name__)

LOCK_KEY = "minfu:beat:lock"
LOCK_SECONDS = 90  # a holder renews at least every `max_interval` (30 s) below
MAX_INTERVAL = 30.0  # longest sleep between ticks, so the renewal keeps up


def hold_lock(token: str) -> bool:
    """Take the lock for `token`, or renew it when `token` holds it already."""
    try:
        if cache.add(LOCK_KEY, token, LOCK_SECONDS):
            return True
        if cache.get(LOCK_KEY) == token:
            cache.touch(LOCK_KEY, LOCK_SECONDS)
            return True
    except CacheUnavailable:
        logger.warning("beat: the shared cache is down; sending nothing until it answers")
    return False


def release_lock(token: str) -> None:
    try:
        if cache.get(LOCK_KEY) == token:
            cache.delete(LOCK_KEY)
    except CacheUnavailable:
        pass


class LockedScheduler(PersistentScheduler):
    """CELERY_BEAT_SCHEDULER: the persistent scheduler, ticking only while it holds the
    lock."""

    def __init__(self, *args, **kwargs):
        self.lock_token = uuid.uuid4().hex
        self.holding = False
        kwargs.setdefault("max_interval", MAX_INTERVAL)
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        holding = hold_lock(self.lock_token)
        if holding != self.holding:
            logger.info("beat: %s", "sending the schedule" if holding
                        else "another beat holds the lock; standing by")
            self.holding = holding
        if not holding:
            return self.max_interval
        return super().tick(*args, **kwargs)

    def close(self):
        release_lock(self.lock_token)
        super().close()
