"""A real streaming replica (issue 21): the test starts a PostgreSQL primary and a hot
standby made from it with `pg_basebackup -R`, each on a port of its own, and checks in a
separate Django process configured only by environment variables
(`DATABASE_URL`, `DATABASE_REPLICA_URL`) that marked reads are served by the replica, that
a row written on the primary shows there, that the lag probe reads 0 on a replica that
has caught up, and that reads go back to the primary when the replica stops.

Skipped when the PostgreSQL programs (initdb, pg_ctl, pg_basebackup) are missing; in CI
on PostgreSQL (CI=true) it must run. Takes well under a minute."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.deploy import topology
from tests.deploy.conftest import _unavailable, replication_programs

pytestmark = [pytest.mark.e2e]

# Run in the child process: `print(json.dumps(...))` of what the replica answered.
PROBE = """
import json, django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from minfu.core import replica
result = {"configured": replica.configured(), "usable": replica.health.usable()}
if result["usable"]:
    result["lag"] = replica.replica_lag_seconds()
with replica.reads_from_replica():
    alias = replica.read_alias()
    result["alias"] = alias
    result["port"] = connections[alias].settings_dict["PORT"]
    result["found"] = ContentType.objects.filter(app_label="replica-test").exists()
print("RESULT " + json.dumps(result, default=str))
"""


@pytest.fixture
def primary_and_replica():
    bindir = replication_programs()
    root = Path(tempfile.mkdtemp(prefix="minfu-replica-"))
    root.chmod(0o755)  # PostgreSQL runs as postgres when the test runs as root
    primary = topology.PostgresCluster(bindir, root / "primary")
    primary.root.mkdir()
    standby = None
    try:
        primary.init()
        primary.start()
        with primary.admin() as admin:
            admin.execute('CREATE DATABASE "minfu"')
        standby = primary.start_standby(root / "standby")
        yield primary, standby
    except RuntimeError as error:
        _unavailable(f"could not start a primary and a replica: {error}")
    finally:
        for cluster in (standby, primary):
            if cluster is not None:
                cluster.destroy()
        shutil.rmtree(root, ignore_errors=True)


def run_django(env: dict, *args: str, timeout: float = 180) -> str:
    result = subprocess.run([sys.executable, *args], cwd=topology.ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def probe(env: dict) -> dict:
    output = run_django(env, "-c", PROBE)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def test_marked_reads_are_served_by_the_streaming_replica_and_fall_back_when_it_stops(
        primary_and_replica):
    primary, standby = primary_and_replica
    env = topology.process_environment(
        DJANGO_SETTINGS_MODULE="minfu.config.settings",
        PYTHONPATH=str(topology.ROOT / "src"),
        DATABASE_URL=primary.url("minfu"), DATABASE_REPLICA_URL=standby.url("minfu"),
        MINFU_REPLICA_MAX_LAG_SECONDS="10")
    # Only what the probe reads; the replica follows (migrations never run on it).
    run_django(env, str(topology.ROOT / "manage.py"), "migrate", "contenttypes",
               "--verbosity", "0")
    import psycopg

    with psycopg.connect(primary.url("minfu"), autocommit=True) as connection:
        connection.execute("INSERT INTO django_content_type (app_label, model) "
                           "VALUES ('replica-test', 'row')")

    served = topology.wait_until(lambda: (answer := probe(env))["found"] and answer,
                                 timeout=60, interval=1, what="the row on the replica")
    assert served["configured"] and served["usable"]
    assert served["alias"] == "replica"
    assert int(served["port"]) == standby.port
    assert float(served["lag"]) <= 10

    standby.stop()
    fallen_back = probe(env)
    assert fallen_back["usable"] is False
    assert fallen_back["alias"] == "default"
    assert int(fallen_back["port"]) == primary.port
    assert fallen_back["found"]  # the primary has the row too
