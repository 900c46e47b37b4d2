"""The Celery app. In production a worker and beat run against Redis; under `make run`
tasks run eagerly in the web process (CELERY_TASK_ALWAYS_EAGER), so no broker is needed."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minfu.config.settings")
app = Celery("minfu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
