"""One beat sends the schedule: the lock in the shared cache (minfu.core.beat)."""

from unittest import mock

from minfu.core import beat


def test_the_first_beat_holds_the_lock_and_a_second_does_nothing():
    assert beat.hold_lock("first")
    assert not beat.hold_lock("second")
    assert beat.hold_lock("first")  # renewed by its holder


def test_a_second_beat_takes_over_when_the_first_lets_go():
    assert beat.hold_lock("first")
    beat.release_lock("second")  # not the holder: nothing happens
    assert not beat.hold_lock("second")
    beat.release_lock("first")
    assert beat.hold_lock("second")


def test_a_standing_by_scheduler_sends_nothing():
    scheduler = beat.LockedScheduler.__new__(beat.LockedScheduler)
    scheduler.lock_token, scheduler.holding, scheduler.max_interval = "mine", False, 30.0
    assert beat.hold_lock("another")
    with mock.patch("celery.beat.PersistentScheduler.tick") as tick:
        assert scheduler.tick() == 30.0
    tick.assert_not_called()
    beat.release_lock("another")
    with mock.patch("celery.beat.PersistentScheduler.tick", return_value=5.0) as tick:
        assert scheduler.tick() == 5.0
    tick.assert_called_once()
    assert scheduler.holding
