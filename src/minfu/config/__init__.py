# The Celery app is created with Django, so the apps' `shared_task`s bind to it.
from minfu.config.celery import app as celery_app

__all__ = ("celery_app",)
