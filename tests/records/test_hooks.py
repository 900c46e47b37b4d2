import datetime as dt

import pytest
from django.db import transaction

from minfu.metrics.services import record_changed_listener
from minfu.records import hooks

DAY = dt.date(2025, 8, 5)


@pytest.fixture
def heard(monkeypatch):
    monkeypatch.setattr(hooks, "_listeners", [])
    changes = []
    hooks.on_record_changed(changes.append)
    return changes


@pytest.mark.django_db
def test_a_listener_registered_twice_hears_once(heard, django_capture_on_commit_callbacks):
    hooks.on_record_changed(heard.append)
    with django_capture_on_commit_callbacks(execute=True):
        hooks.record_changed(kind="case", organisation_id=7, day=DAY)
    assert heard == [hooks.RecordChange(kind="case", organisation_id=7, day=DAY)]


@pytest.mark.django_db(transaction=True)
def test_listeners_hear_after_the_commit_and_never_of_a_rollback(heard):
    with transaction.atomic():
        hooks.record_changed(kind="petition", organisation_id=1, day=DAY)
        assert heard == []
    with pytest.raises(RuntimeError), transaction.atomic():
        hooks.record_changed(kind="petition", organisation_id=2, day=DAY)
        raise RuntimeError
    assert [change.organisation_id for change in heard] == [1]


def test_metrics_listens_from_its_app_config():
    assert record_changed_listener in hooks._listeners
