"""Fault injection on the production topology (issue 14): while citizens apply online,
each scenario breaks one part (a web worker, the delivery worker, the database, the mail
server, the cache) and checks afterwards that every acknowledged submission is stored
exactly once, every notification is delivered exactly once, no file is left in
MEDIA_ROOT without its row, and (cache, database) no request failed with a 500.

The topology (tests/deploy/conftest.py `fault_topology`) is gunicorn, a Celery worker
and beat as in the Procfile, on a PostgreSQL cluster, a Redis and an SMTP server of the
suite's own, so stopping them harms no other test. The load and the checks:
tests/deploy/faults.py. Figures: docs/operations.md."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

import pytest

from tests.cases.factories import VALID_NATIONAL_ID
from tests.deploy import topology
from tests.deploy.faults import Scenario, connect

pytestmark = [pytest.mark.faults, pytest.mark.xdist_group("faults")]

# Tries of a send the mail server refused, i.e. the fault was really hit.
FAILED_ATTEMPTS = "SELECT count(*) FROM notify_deliveryattempt WHERE outcome = 'failed'"


def scenario(running, name: str) -> Scenario:
    return Scenario(running, name, national_id=VALID_NATIONAL_ID)


def test_a_web_worker_killed_mid_load(fault_topology):
    """kill -9 a gunicorn worker while three citizens apply, then every worker while an
    application has written its files but not yet their rows; the master starts new
    workers and the citizens' retries (same form token) go through."""
    run = scenario(fault_topology, "web worker killed")
    web = run.running.web
    citizens = run.load(clients=3).start()
    time.sleep(3)
    os.kill(web.children()[0], signal.SIGKILL)
    time.sleep(3)
    with run.request_between_files_and_rows():
        for worker in web.children():
            os.kill(worker, signal.SIGKILL)
    last_kill = time.monotonic()
    time.sleep(6)
    citizens.stop()
    run.expect(run.acknowledged_after(last_kill),
               "nothing was acknowledged after the workers were killed")
    run.settle(timeout=60)
    run.verdict()


def test_the_delivery_worker_killed_mid_delivery(fault_topology):
    """kill -9 the Celery worker (and its pool) while the SMTP server holds back its reply
    to a message, then start it again: the cut-off message is sent once, nothing twice."""
    run = scenario(fault_topology, "delivery worker killed")
    smtp = run.running.smtp
    smtp.delay = 1.5  # each send takes about 6 s: long enough to be caught in one
    citizens = run.load(clients=2).start()
    topology.wait_until(lambda: smtp.in_data > 0, timeout=30, interval=0.1,
                        what="a message waiting for the server's reply")
    run.running.worker.kill()
    citizens.stop()
    smtp.delay = 0
    run.running.worker.start()
    run.settle(timeout=60)
    run.expect(smtp.aborted > 0, "the kill cut off no delivery")
    run.verdict()


def test_the_database_restarted_mid_load(fault_topology):
    """The database stops (every session ended) and is back 3 s later while three
    citizens apply, at a moment when an application has written its files but not yet
    their rows and the SMTP server is about to accept a message the worker has yet to
    mark sent. The citizens' retries go through; the web answers 503 with Retry-After
    while it cannot reach the database, never 500."""
    run = scenario(fault_topology, "database restarted")
    smtp = run.running.smtp
    smtp.delay = 2  # each reply: a message waits for its final reply long enough
    citizens = run.load(clients=3).start()
    time.sleep(4)
    with run.request_between_files_and_rows():
        topology.wait_until(lambda: smtp.in_data > 0, timeout=30, interval=0.1,
                            what="a message waiting for the server's reply")
        run.running.cluster.stop("fast")
    smtp.delay = 0
    time.sleep(3)
    run.running.cluster.start()
    back = time.monotonic()
    time.sleep(8)
    citizens.stop()
    run.expect(run.acknowledged_after(back), "nothing was acknowledged after the database "
                                             "was back")
    errors = Counter(answer.outcome for answer in run.answers if answer.server_error)
    bare = sum(answer.outcome == "503" and not answer.retry_after for answer in run.answers)
    run.expect(set(errors) <= {"503"} and not bare,
               f"server errors other than 503 with Retry-After: {dict(errors)}, "
               f"{bare} 503 without Retry-After")
    run.settle(timeout=60)
    run.verdict()


def test_the_mail_server_stopped_then_started(fault_topology):
    """With the SMTP server down the receipts wait in the outbox; when it is back the
    backlog is delivered, each message once."""
    run = scenario(fault_topology, "mail server stopped")
    run.running.smtp.stop()
    run.load(clients=2).run_for(8)
    with connect(run.running.database_url()) as db:
        topology.wait_until(lambda: db.execute(FAILED_ATTEMPTS).fetchone()[0], timeout=20,
                            interval=0.5, what="a delivery to fail on the stopped server")
    run.running.smtp.start()
    run.settle(timeout=100)
    run.verdict()


def test_the_cache_stopped_during_submissions(fault_topology):
    """Redis (the cache, and the broker with it, as docs/deployment.md sets them up)
    stops for 6 s while three citizens apply: no request fails with a 500, and what was
    queued while it was down is delivered once it is back."""
    run = scenario(fault_topology, "cache stopped")
    citizens = run.load(clients=3).start()
    time.sleep(4)
    run.running.redis.stop()
    time.sleep(6)
    run.running.redis.start()
    back = time.monotonic()
    time.sleep(4)
    citizens.stop()
    errors = Counter(answer.outcome for answer in run.answers if answer.server_error)
    run.expect(not errors, f"server errors while the cache was down or after: {dict(errors)}")
    run.expect(run.acknowledged_after(back), "nothing was acknowledged after the cache was "
                                             "back")
    run.settle(timeout=90)
    run.verdict()


def test_the_mail_server_slower_than_the_lease(fault_topology):
    """The SMTP server takes 3.5 s before each reply (about 14 s a message, each reply
    within EMAIL_TIMEOUT) while the lease is 10 s: a message still being sent must not
    be taken and sent again by another delivery run."""
    run = scenario(fault_topology, "mail server slower than the lease")
    run.running.smtp.delay = 3.5
    run.load(clients=2, pause=1.0).run_for(16)
    run.running.smtp.delay = 0
    run.settle(timeout=60)
    run.verdict()
