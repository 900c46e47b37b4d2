"""The per-process cache of rarely changing rows: kept until a change commits anywhere,
never kept inside the changing transaction, and bounded in age."""

from types import SimpleNamespace

import pytest
from django.db import transaction

from minfu.core import process_cache
from minfu.core.outages import CacheUnavailable
from minfu.core.process_cache import ProcessCache

pytestmark = pytest.mark.django_db(transaction=True)


class Counter:
    """A build function that says how often it ran."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


@pytest.fixture
def fake_clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(process_cache, "time", SimpleNamespace(monotonic=lambda: now[0]))
    return now


@pytest.fixture
def kept():
    cache = ProcessCache("tests:kept")
    cache.forget()
    return cache


def test_a_value_is_built_once_until_a_change_commits(kept):
    build = Counter()
    assert kept.get("a", build) == kept.get("a", build) == 1
    with transaction.atomic():
        kept.note_change()
    assert kept.get("a", build) == 2


def test_every_process_sees_the_committed_change_within_a_second(kept, fake_clock):
    """Another process shares only the token in Django's cache, and reads it at most
    once a second."""
    other = ProcessCache("tests:kept")
    build = Counter()
    assert other.get("a", build) == 1
    with transaction.atomic():
        kept.note_change()
    fake_clock[0] += 0.5
    assert other.get("a", build) == 1
    fake_clock[0] += 0.6
    assert other.get("a", build) == 2


def test_inside_the_changing_transaction_nothing_is_kept(kept):
    build = Counter()
    with transaction.atomic():
        kept.note_change()
        assert kept.get("a", build) == 1
        assert kept.get("a", build) == 2


def test_a_rolled_back_change_leaves_nothing_behind(kept):
    build = Counter()
    token = kept.version()
    with pytest.raises(RuntimeError), transaction.atomic():
        kept.note_change()
        kept.get("a", build)
        raise RuntimeError
    assert kept.version() == token
    assert kept.get("a", build) == 2
    assert kept.get("a", build) == 2


def test_values_expire_after_max_age(fake_clock):
    aged = ProcessCache("tests:aged", max_age=60)
    aged.forget()
    build = Counter()
    assert aged.get("a", build) == 1
    fake_clock[0] += 59
    assert aged.get("a", build) == 1
    fake_clock[0] += 2
    assert aged.get("a", build) == 2


def test_a_build_may_read_other_keys(kept):
    days = Counter()
    assert kept.get("calendar", lambda: kept.get("days", days) + 10) == 11
    assert kept.get("days", days) == 1


# ----- the shared cache down ---------------------------------------------------------------

class SharedCache:
    """Django's cache as the process caches use it, switched off and on by the test."""

    def __init__(self):
        self.values, self.down = {}, False

    def _answer(self):
        if self.down:
            raise CacheUnavailable("refused")

    def get(self, key):
        self._answer()
        return self.values.get(key)

    def add(self, key, value, timeout):
        self._answer()
        self.values.setdefault(key, value)

    def set(self, key, value, timeout):
        self._answer()
        self.values[key] = value


@pytest.fixture
def shared(monkeypatch):
    shared = SharedCache()
    monkeypatch.setattr(process_cache, "cache", shared)
    return shared


def test_while_the_shared_cache_is_down_values_live_briefly(kept, shared, fake_clock):
    build = Counter()
    assert kept.get("a", build) == 1
    shared.down = True
    fake_clock[0] += 1.1
    assert kept.get("a", build) == 2  # what was kept may be stale elsewhere: built again
    fake_clock[0] += process_cache.OUTAGE_MAX_AGE - 1
    assert kept.get("a", build) == 2
    fake_clock[0] += 1.1
    assert kept.get("a", build) == 3


def test_when_the_shared_cache_is_back_every_process_rebuilds(kept, shared, fake_clock):
    other = ProcessCache("tests:kept")
    build = Counter()
    assert other.get("a", build) == 1
    shared.down = True
    with transaction.atomic():
        kept.note_change()  # committed, but no process can be told now
    assert kept.get("a", build) == 2
    shared.down = False
    fake_clock[0] += 1.1
    assert kept.get("a", build) == 3  # the change is announced as soon as it can be
    assert other.get("a", build) == 4  # and the other process, which never saw Redis down,
    assert other.get("a", build) == 4  # drops what it kept before the change
