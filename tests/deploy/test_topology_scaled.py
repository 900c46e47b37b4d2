"""The scaled production topology of issue 21: a PostgreSQL primary with a streaming
replica, two web nodes behind HAProxy, two Celery workers and one beat (the fixture,
tests/deploy/conftest.py `scaled_topology`). Citizens apply online and look their
applications up through the balancer from a few threads; one web node is killed (SIGKILL)
mid-run, and so is the worker that is handing a receipt to the mail server. Afterwards
every acknowledged application is stored exactly once, every receipt e-mail arrived
exactly once, every lookup showed its record, the replica served the lookups' reads, and
the surviving web node and worker kept answering. The load and most checks are the fault
suite's (tests/deploy/faults.py). Takes about two minutes on two cores."""

from __future__ import annotations

import time

import pytest

from tests.cases.factories import VALID_NATIONAL_ID
from tests.deploy import topology
from tests.deploy.conftest import SCALED_DATABASE, ScaledTopology
from tests.deploy.faults import Scenario, connect

# One heavy topology at a time: with the fault suite's scenarios, in one xdist worker.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("faults")]

PHASE = 15  # applications acknowledged before the first kill, between them, after the last
CITIZENS = 3
# Requests in flight on the killed web node fail (HAProxy answers 502) and are sent
# again; HAProxy's health checks take it out within two seconds; after this long no
# request may fail any more.
KILL_GRACE = 5
# Scans of the cases table on the replica: each lookup reads its case there.
CASE_READS = ("SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) "
              "FROM pg_stat_user_tables WHERE relname = 'cases_case'")


def case_reads(url: str) -> int:
    with connect(url) as db:
        return int(db.execute(CASE_READS).fetchone()[0])


def worker_sending(running: ScaledTopology) -> topology.Process | None:
    """A live worker whose message the mail server holds (its final reply held back)."""
    for _host, port in running.smtp.holding():
        for worker in running.workers:
            if worker in running.killed or not worker.running:
                continue
            if topology.process_with_connection(port, running.smtp.port,
                                                [worker.popen.pid, *worker.children()]):
                return worker
    return None


def test_a_web_node_and_a_worker_killed_under_load_lose_nothing_and_send_once(
        scaled_topology):
    running = scaled_topology
    replica_url = running.standby.url(SCALED_DATABASE)
    replica_reads_before = case_reads(replica_url)
    run = Scenario(running, "scaled topology", national_id=VALID_NATIONAL_ID)
    citizens = run.load(clients=CITIZENS, follow_up=True).start()

    def acknowledged() -> int:
        return sum(bool(s.number) for s in citizens.submissions)

    def phase() -> None:
        """PHASE more applications acknowledged."""
        target = acknowledged() + PHASE
        topology.wait_until(lambda: acknowledged() >= target, timeout=60, interval=0.1,
                            what=f"{PHASE} more applications acknowledged")

    phase()
    web_killed, web_survivor = running.web_nodes
    served = running.balancer.servers()
    web_killed_at = time.monotonic()  # before: an answer may come as the node dies
    running.kill(web_killed)

    phase()
    running.smtp.delay = 1.0  # a message waits for its final reply long enough to be caught
    sender = topology.wait_until(lambda: worker_sending(running), timeout=30, interval=0.05,
                                 what="a worker handing a message to the mail server")
    running.kill(sender)
    running.smtp.delay = 0

    phase()
    citizens.stop()
    run.settle(timeout=90)

    # Both nodes took requests; HAProxy took the killed one out and the other kept on.
    after = running.balancer.servers()
    run.expect(all(int(row["stot"]) > 0 for row in served.values()),
               f"round robin did not use both web nodes: {served}")
    run.expect(after[web_killed.name]["status"].startswith("DOWN"),
               f"HAProxy still sees the killed node: {after[web_killed.name]['status']}")
    run.expect(after[web_survivor.name]["status"] == "UP"
               and int(after[web_survivor.name]["stot"]) > int(served[web_survivor.name]["stot"]),
               "the surviving web node took no request after the kill")
    run.expect(run.acknowledged_after(web_killed_at + KILL_GRACE),
               "nothing was acknowledged after the web node was killed")
    late = [(round(answer.at - web_killed_at, 1), answer.method, answer.outcome)
            for answer in run.answers
            if (answer.server_error or not answer.outcome.isdigit())
            and not web_killed_at <= answer.at <= web_killed_at + KILL_GRACE]
    run.expect(not late, f"requests failed other than on the killed node: {late[:10]}")
    # The cut-off message was sent again, once, by the surviving worker (run.verdict).
    run.expect(running.smtp.aborted > 0, "the kill cut off no delivery")
    run.expect(not run.restarts, f"surviving processes exited: {run.restarts}")
    # The lookups read their cases on the replica (its statistics count its own scans;
    # a backend reports them within a second or, when idle, within ten).
    found = sum(lookup.found for lookup in citizens.lookups)
    run.expect(found > 0, "no lookup showed its record")
    try:
        topology.wait_until(lambda: case_reads(replica_url) - replica_reads_before >= found,
                            timeout=20, interval=0.5, what="the replica's scans")
    except TimeoutError:
        run.expect(False, f"the replica read {case_reads(replica_url) - replica_reads_before} "
                          f"case(s) for {found} lookups")
    print(f"scaled topology: {found} lookups, {case_reads(replica_url) - replica_reads_before} "
          f"case scans on the replica; requests per web node before the kill "
          f"{ {name: row['stot'] for name, row in served.items()} }, after "
          f"{ {name: row['stot'] for name, row in after.items()} }")
    run.verdict()
