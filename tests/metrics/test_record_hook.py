"""Metrics hear about applications through the record hook, not by being imported."""

import datetime as dt

import pytest

from minfu.metrics.models import DirtyDay
from tests.cases.factories import at, service, submit

pytestmark = pytest.mark.django_db


def test_a_case_submission_marks_its_day_dirty(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # with a worker: beat refreshes marked days
    day = dt.date(2025, 8, 5)
    version = service()
    with django_capture_on_commit_callbacks(execute=True):
        submit(version, received_at=at(day))
    assert day in DirtyDay.objects.values_list("day", flat=True)
