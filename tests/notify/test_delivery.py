"""Delivery under trouble: a slow mail server, a database that fails while a result is
recorded, a backlog after an outage, two workers at once. Each message reaches its
recipient once."""

import datetime as dt
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.db.utils import OperationalError
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from minfu.notify import backends, services
from minfu.notify.models import Channel, DeliveryAttempt, OutboxMessage
from minfu.notify.tasks import deliver_outbox
from tests.notify.helpers import queue

START = dt.datetime(2025, 3, 5, 9, 0, tzinfo=dt.UTC)
Status = OutboxMessage.Status


class MailServer:
    """Stands in for backends.send_email: each message takes `seconds` on the travelling
    clock; `during(n, hook)` runs `hook` while the n-th message is being sent."""

    def __init__(self):
        self.clock, self.seconds = None, 0
        self.accepted: list[str] = []
        self.started = 0
        self.hooks = {}
        self.lock = threading.Lock()

    def during(self, n, hook):
        self.hooks[n] = hook

    def send_email(self, *, to, subject, body):
        with self.lock:
            self.started += 1
            hook = self.hooks.pop(self.started, None)
        if self.clock is not None:
            self.clock.shift(self.seconds)
        if hook is not None:
            hook()
        with self.lock:
            self.accepted.append(to)

    def sent_twice(self) -> list[str]:
        return [to for to, times in Counter(self.accepted).items() if times > 1]


@pytest.fixture
def server(monkeypatch):
    server = MailServer()
    monkeypatch.setattr(backends, "send_email", server.send_email)
    return server


@pytest.fixture
def no_backoff(monkeypatch):
    monkeypatch.setattr(services, "BOOKKEEPING_DELAYS", (0, 0, 0))
    monkeypatch.setattr(services, "FINAL_DELAYS", (0,) * len(services.FINAL_DELAYS))


def due_messages(organisation, count, *, at=START) -> list[OutboxMessage]:
    """`count` rendered e-mails due at `at`, written at once (as after an outage)."""
    return OutboxMessage.objects.bulk_create(
        OutboxMessage(event="case.received", channel=Channel.EMAIL, language="zh-hant",
                      recipient=f"citizen{n}@example.com", subject="收件通知", body="已收件",
                      organisation=organisation, dedupe_key=f"backlog-{n}",
                      next_attempt_at=at)
        for n in range(count))


def statuses() -> Counter:
    return Counter(OutboxMessage.objects.values_list("status", flat=True))


# A slow mail server --------------------------------------------------------------------

def test_a_batch_slower_than_the_lease_sends_no_message_twice(world, settings, server):
    """7 s a message: the run outlives one lease. A second run started meanwhile takes
    only what nobody holds, and the first never sends what another run took."""
    settings.MINFU_NOTIFY_LEASE_SECONDS = 30
    with time_machine.travel(START, tick=False) as clock:
        for n in range(6):
            queue(world.tpc, dedupe_key=f"k{n}", recipient=f"citizen{n}@example.com")
        server.clock, server.seconds = clock, 7
        server.during(5, services.outbox_deliver_due)  # 35 s in: past a lease from 0 s
        services.outbox_deliver_due()
    assert server.sent_twice() == []
    assert sorted(server.accepted) == [f"citizen{n}@example.com" for n in range(6)]
    assert statuses() == {Status.SENT: 6}
    assert DeliveryAttempt.objects.count() == 6


@hypothesis_settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(durations=st.lists(st.integers(min_value=0, max_value=29), min_size=1, max_size=6),
       second_run_after=st.integers(min_value=0, max_value=29), data=st.data())
def test_whenever_a_second_run_starts_each_message_is_sent_once(
        world, settings, monkeypatch, durations, second_run_after, data):
    """Each send shorter than the lease (30 s), however long the run: a second run that
    starts at any moment of any send sends each message at most once with the first."""
    settings.MINFU_NOTIFY_LEASE_SECONDS = 30
    during = data.draw(st.integers(min_value=1, max_value=len(durations)))
    second_run_after = min(second_run_after, durations[during - 1])
    accepted: list[str] = []
    with transaction.atomic(), time_machine.travel(START, tick=False) as clock:
        messages = due_messages(world.tpc, len(durations))
        slow = iter(durations)

        def second_run():
            monkeypatch.setattr(backends, "send_email", lambda *, to, **_: accepted.append(to))
            services.outbox_deliver_due()
            monkeypatch.setattr(backends, "send_email", send_slowly)

        def send_slowly(*, to, **_):
            duration = next(slow)
            if len(accepted) + 1 == during:
                clock.shift(second_run_after)
                second_run()
                duration -= second_run_after
            clock.shift(duration)
            accepted.append(to)

        monkeypatch.setattr(backends, "send_email", send_slowly)
        services.outbox_deliver_due()
        assert sorted(accepted) == sorted(message.recipient for message in messages)
        assert statuses() == {Status.SENT: len(messages)}
        transaction.set_rollback(True)


# The database fails while a result is recorded ----------------------------------------

def failing_finish(monkeypatch, message, times):
    """Make recording `message`'s result raise OperationalError `times` times."""
    real_finish = services._finish
    left = {"times": times}

    def finish(claimed, **kwargs):
        if claimed.pk == message.pk and left["times"]:
            left["times"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return real_finish(claimed, **kwargs)

    monkeypatch.setattr(services, "_finish", finish)


def test_a_database_error_on_one_result_neither_stops_the_batch_nor_resends(
        world, settings, server, monkeypatch, no_backoff):
    with time_machine.travel(START, tick=False) as clock:
        messages = [queue(world.tpc, dedupe_key=f"k{n}", recipient=f"citizen{n}@example.com")
                    for n in range(3)]
        failing_finish(monkeypatch, messages[1], times=1)
        assert services.outbox_deliver_due() == {Status.SENT: 3}  # nothing waits for a lease
        clock.shift(settings.MINFU_NOTIFY_LEASE_SECONDS)
        assert services.outbox_deliver_due() == {}
    assert sorted(server.accepted) == [f"citizen{n}@example.com" for n in range(3)]
    assert statuses() == {Status.SENT: 3}


def test_a_result_the_database_refuses_for_a_while_is_recorded_at_the_end_of_the_run(
        world, settings, server, monkeypatch, no_backoff):
    with time_machine.travel(START, tick=False) as clock:
        messages = [queue(world.tpc, dedupe_key=f"k{n}", recipient=f"citizen{n}@example.com")
                    for n in range(3)]
        # Every try right after the send fails; the try at the end of the run succeeds.
        failing_finish(monkeypatch, messages[0], times=len(services.BOOKKEEPING_DELAYS) + 1)
        assert services.outbox_deliver_due() == {Status.SENT: 3}
        clock.shift(settings.MINFU_NOTIFY_LEASE_SECONDS)
        assert services.outbox_deliver_due() == {}
    assert sorted(server.accepted) == [f"citizen{n}@example.com" for n in range(3)]
    assert DeliveryAttempt.objects.filter(message=messages[0]).count() == 1


def test_a_database_down_for_longer_than_the_retries_after_a_send_is_waited_for(
        world, settings, server, monkeypatch, no_backoff):
    """A database restart outlasting the quick retries: the result is recorded at the end
    of the run, within the lease, and the message is not sent again."""
    with time_machine.travel(START, tick=False) as clock:
        message = queue(world.tpc, dedupe_key="k", recipient="citizen@example.com")
        failing_finish(monkeypatch, message, times=2 * (len(services.BOOKKEEPING_DELAYS) + 1))
        assert services.outbox_deliver_due() == {Status.SENT: 1}
        clock.shift(settings.MINFU_NOTIFY_LEASE_SECONDS)
        assert services.outbox_deliver_due() == {}
    assert server.accepted == ["citizen@example.com"]


def test_the_final_retries_end_within_the_lease():
    assert services._delays_within(0) == []
    assert sum(services._delays_within(10)) < 10
    assert services._delays_within(10_000) == list(services.FINAL_DELAYS)


@pytest.mark.django_db(transaction=True)
def test_a_send_slower_than_the_lease_keeps_its_message_from_other_runs(world, settings,
                                                                         monkeypatch):
    """The lease is renewed while the message is being sent: a run that starts after the
    lease would have ended finds nothing to take."""
    settings.MINFU_NOTIFY_LEASE_SECONDS = 1.5
    settings.CELERY_TASK_ALWAYS_EAGER = False  # this test runs the delivery itself
    monkeypatch.setattr(services.current_app, "send_task", lambda *args, **kwargs: None)
    queue(world.tpc, dedupe_key="k", recipient="citizen@example.com")
    taken_meanwhile = []

    def send_slowly(*, to, **_):
        time.sleep(3 * settings.MINFU_NOTIFY_LEASE_SECONDS)
        taken_meanwhile.append(services._claim(now=timezone.now()))

    monkeypatch.setattr(backends, "send_email", send_slowly)
    assert services.outbox_deliver_due() == {Status.SENT: 1}
    assert taken_meanwhile == [None]


def test_a_result_never_recorded_is_sent_again_only_after_its_lease(
        world, settings, server, monkeypatch, no_backoff, caplog):
    """The remaining window of at-least-once (docs/notifications.md)."""
    with time_machine.travel(START, tick=False) as clock:
        lost, other = (queue(world.tpc, dedupe_key=f"k{n}", recipient=f"citizen{n}@example.com")
                       for n in range(2))
        failing_finish(monkeypatch, lost, times=len(services.BOOKKEEPING_DELAYS) + 1
                       + len(services.FINAL_DELAYS) + 1)
        assert services.outbox_deliver_due() == {Status.SENT: 1}
        assert "could not be recorded" in caplog.text
        lost.refresh_from_db()
        assert lost.status == Status.SENDING
        clock.shift(settings.MINFU_NOTIFY_LEASE_SECONDS - 1)
        assert services.outbox_deliver_due() == {}
        clock.shift(1)
        assert services.outbox_deliver_due() == {Status.SENT: 1}
    assert server.accepted == [lost.recipient, other.recipient, lost.recipient]


def test_a_claim_the_database_refuses_once_is_tried_again(world, server, monkeypatch, no_backoff):
    real_claim = services._claim
    failures = iter([True])

    def claim(**kwargs):
        if next(failures, False):
            raise OperationalError("could not connect to server")
        return real_claim(**kwargs)

    monkeypatch.setattr(services, "_claim", claim)
    queue(world.tpc)
    assert services.outbox_deliver_due() == {Status.SENT: 1}


# A backlog -----------------------------------------------------------------------------

def test_one_task_drains_a_backlog_of_500_at_the_mail_servers_speed(world, server):
    due_messages(world.tpc, 500)
    assert deliver_outbox.delay().get() == {Status.SENT: 500}
    assert len(server.accepted) == 500 and server.sent_twice() == []


def test_a_run_that_used_its_time_queues_the_next_while_messages_remain(world, settings,
                                                                        server):
    settings.MINFU_NOTIFY_RUN_SECONDS = 0  # one message a run
    due_messages(world.tpc, 4)
    assert deliver_outbox.delay().get() == {Status.SENT: 1}  # and the runs it queued, eagerly
    assert statuses() == {Status.SENT: 4}
    assert len(server.accepted) == 4


def test_a_run_that_sent_nothing_queues_nothing(world, server, monkeypatch):
    monkeypatch.setattr(deliver_outbox, "apply_async", pytest.fail)
    with time_machine.travel(START, tick=False):
        due_messages(world.tpc, 1, at=START + timedelta(minutes=1))  # a retry not yet due
        assert deliver_outbox.apply().get() == {}


def test_a_run_ends_well_within_the_lease(settings):
    settings.MINFU_NOTIFY_LEASE_SECONDS, settings.MINFU_NOTIFY_RUN_SECONDS = 60, 600
    assert services._run_seconds() == 30


# Two workers at once -------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_send_the_same_message(world, server):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    due_messages(world.tpc, 60, at=dt.datetime.now(dt.UTC))
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work():
        try:
            start.wait()
            services.outbox_deliver_due()
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    assert server.sent_twice() == [] and len(server.accepted) == 60
    assert statuses() == {Status.SENT: 60}
