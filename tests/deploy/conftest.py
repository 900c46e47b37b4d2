"""The production topology as real processes: the Procfile's web (gunicorn), worker and
beat (Celery) against a fresh PostgreSQL database and an empty Redis database, mailing
to a local SMTP server. Needs PostgreSQL (the test run's DATABASE_URL names the server)
and Redis (MINFU_TEST_REDIS_URL, default redis://127.0.0.1:6379); without them the test
skips, except in CI (CI=true with DATABASE_URL on PostgreSQL), where it must run."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.deploy import topology

REDIS_URL = os.environ.get("MINFU_TEST_REDIS_URL", "redis://127.0.0.1:6379")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "e2e: starts the production processes (gunicorn, Celery worker and beat) "
                   "against PostgreSQL and Redis")


def _database_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def _on_postgres() -> bool:
    return _database_url().startswith(("postgres://", "postgresql://", "pgsql://"))


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true" and _on_postgres():
        pytest.fail(f"CI=true on PostgreSQL and the end-to-end test cannot run: {reason}",
                    pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@dataclass
class Topology:
    web: topology.Process
    worker: topology.Process
    beat: topology.Process
    smtp: topology.SmtpSink
    env: dict
    web_port: int

    def browser(self) -> topology.Browser:
        return topology.Browser(self.web_port)

    def logs(self) -> str:
        return "\n".join(f"----- {process.name} -----\n{process.log()}"
                         for process in (self.web, self.worker, self.beat))


def replication_programs() -> Path:
    """The directory of the PostgreSQL programs a primary with a streaming replica needs."""
    bindir = topology.postgres_bindir()
    if bindir is None or not (bindir / "pg_basebackup").exists():
        _unavailable("PostgreSQL programs (initdb, pg_ctl, pg_basebackup) not installed")
    return bindir


def _create_database(admin, name: str) -> None:
    admin.execute(f'CREATE DATABASE "{name}"')


def _drop_database(admin, name: str) -> None:
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_environment(*, database_url: str, redis_url: str, smtp_port: int,
                           web_port: int, root: Path, **overrides: str) -> dict:
    """The processes' environment as in production: settings in variables only, the cache
    and the broker on `redis_url`, mail to the local SMTP server, files under `root`."""
    return topology.process_environment(**({
        "MINFU_ENV": "production", "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": database_url,
        "CACHE_URL": redis_url, "CELERY_BROKER_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_TIMEOUT": "10",
        "DEFAULT_FROM_EMAIL": "noreply@e2e.example.tw",
        "MINFU_STATIC_ROOT": str(root / "static"), "MINFU_MEDIA_ROOT": str(root / "media"),
        "MINFU_SITE_URL": f"https://127.0.0.1:{web_port}", "LOG_LEVEL": "INFO",
        "PORT": str(web_port), "WEB_CONCURRENCY": "2", "WORKER_CONCURRENCY": "1",
        "MINFU_BEAT_SCHEDULE": str(root / "celerybeat-schedule")} | overrides))


def demo_environment(env: dict) -> dict:
    """The demo loaders refuse MINFU_ENV=production (published passwords): load the same
    database as a development installation would, queueing rather than sending mail."""
    return env | {"MINFU_ENV": "development", "CELERY_TASK_ALWAYS_EAGER": "false"}


@contextlib.contextmanager
def topology_running(request, running: Topology, *, logs: Path, also_print=(),
                     graceful: bool = True):
    """Start web, worker and beat; wait for gunicorn to answer; stop them all afterwards
    (or kill them, not `graceful`) and print their output (and `also_print`'s) when the
    test failed."""
    try:
        running.web.start()
        running.worker.start()
        running.beat.start()
        topology.wait_until(lambda: _answers(running), timeout=60, what="gunicorn to answer")
        yield running
    finally:
        for started in (running.web, running.worker, running.beat):
            started.stop(timeout=10) if graceful else started.kill()
        if _failed(request):
            print((logs / "release.log").read_text(encoding="utf-8")
                  if (logs / "release.log").exists() else "")
            print(running.logs())
            for text in also_print:
                print(text())


def _failed(request) -> bool:
    """Whether the test's setup or call failed (or never ran): time to print the logs."""
    return not hasattr(request.node, "report_call") or any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call"))


def procfile_processes(env: dict, logs: Path) -> dict[str, topology.Process]:
    commands = topology.procfile_commands()
    return {name: topology.Process(name, commands[name], env, logs / f"{name}.log")
            for name in ("web", "worker", "beat")}


@pytest.fixture
def production_topology(request, tmp_path):
    if not _on_postgres():
        pytest.skip("DATABASE_URL is not PostgreSQL: the end-to-end test needs it")
    try:
        import aiosmtpd  # noqa: F401
        import redis
    except ImportError as exc:
        _unavailable(f"a test dependency is missing ({exc})")
    try:
        admin = topology.postgres_admin(_database_url())
    except Exception as exc:  # psycopg.OperationalError and friends
        _unavailable(f"PostgreSQL is not reachable ({exc})")
    try:
        claim = topology.claim_redis_database(REDIS_URL, owner=f"pytest-{os.getpid()}")
    except redis.RedisError as exc:
        admin.close()
        _unavailable(f"Redis is not reachable at {REDIS_URL} ({exc})")
    if claim is None:
        admin.close()
        _unavailable("no empty Redis database (1-15) to use")
    redis_client, redis_number = claim

    database = f"minfu_e2e_{os.getpid()}_{secrets.token_hex(3)}"
    smtp = topology.SmtpSink().start()
    web_port = topology.free_port()
    env = production_environment(
        database_url=topology.postgres_url_with_database(_database_url(), database),
        redis_url=f"{REDIS_URL.rstrip('/')}/{redis_number}", smtp_port=smtp.port,
        web_port=web_port, root=tmp_path)
    commands = topology.procfile_commands()
    logs = tmp_path / "logs"
    logs.mkdir()
    running = Topology(**procfile_processes(env, logs), smtp=smtp, env=env, web_port=web_port)
    try:
        _create_database(admin, database)
        topology.run_once("release", commands["release"], env=env,
                          log_path=logs / "release.log")
        topology.run_once("load_demo", "python manage.py load_demo",
                          env=demo_environment(env), log_path=logs / "release.log")
        with topology_running(request, running, logs=logs):
            yield running
    finally:
        smtp.stop()
        redis_client.flushdb()
        redis_client.close()
        _drop_database(admin, database)
        admin.close()


def _answers(running: Topology) -> bool:
    for started in (running.web, running.worker, running.beat):
        if not started.running:
            raise RuntimeError(f"{started.name} exited at start:\n{started.log()[-4000:]}")
    try:
        return running.browser().get("/").status < 500
    except OSError:
        return False


# ----- the fault suite (test_faults.py) ------------------------------------------------

# Every scenario's processes get these, so that a crash's lease runs out within the
# scenario (production: 300 s) and a send can outlast it; EMAIL_TIMEOUT stays under the
# lease as docs/configuration.md asks.
FAULT_SETTINGS = {"MINFU_NOTIFY_LEASE_SECONDS": "10", "EMAIL_TIMEOUT": "5",
                  "WORKER_CONCURRENCY": "2", "DATABASE_CONN_MAX_AGE": "60",
                  # Behind one proxy, as docs/deployment.md has it: the load's citizens
                  # come from many addresses (X-Forwarded-For).
                  "MINFU_TRUSTED_PROXY_COUNT": "1"}
# Only what the load needs (the demo service), not the demo's cases and petitions.
FAULT_DEMO = ("from django.db import transaction\n"
              "from importlib import import_module\n"
              "from minfu.web.management.commands.load_demo import DEMO_MODULES\n"
              "for name in DEMO_MODULES:\n"
              "    if name.split('.')[1] in {'org', 'workcal', 'catalog'}:\n"
              "        with transaction.atomic():\n"
              "            import_module(name).load()\n")


@dataclass
class FaultCluster:
    """The suite's own PostgreSQL cluster, with a migrated template database."""

    cluster: topology.PostgresCluster
    template: str
    static_root: Path


@dataclass
class FaultTopology(Topology):
    cluster: topology.PostgresCluster
    redis: topology.RedisServer
    database: str
    media: Path

    def database_url(self) -> str:
        return self.cluster.url(self.database)


@pytest.fixture(scope="module")
def fault_cluster(tmp_path_factory):
    """A PostgreSQL cluster of the suite's own (a scenario restarts it), with a template
    database migrated and holding the demo service; each scenario copies it."""
    if not _on_postgres():
        pytest.skip("the fault suite runs on the PostgreSQL pass (DATABASE_URL=postgres://...): "
                    "it starts and restarts a PostgreSQL cluster of its own")
    try:
        import aiosmtpd  # noqa: F401
        import psycopg  # noqa: F401
    except ImportError as exc:
        _unavailable(f"a test dependency is missing ({exc})")
    bindir = topology.postgres_bindir()
    if bindir is None:
        _unavailable("no PostgreSQL server programs (initdb, pg_ctl) in /usr/lib/postgresql")
    if shutil.which("redis-server") is None:
        _unavailable("no redis-server program on PATH")
    root = tmp_path_factory.mktemp("faults")
    # Not under pytest's directory: the postgres user must be able to reach it.
    cluster = topology.PostgresCluster(bindir, Path(tempfile.mkdtemp(prefix="minfu-faults-")))
    logs = root / "logs"
    logs.mkdir()
    try:
        cluster.init().start()
        with contextlib.closing(cluster.admin()) as admin:
            admin.execute('CREATE DATABASE "template_faults"')
        env = production_environment(
            database_url=cluster.url("template_faults"), redis_url="locmemcache://",
            smtp_port=1, web_port=1, root=root, CELERY_BROKER_URL="memory://")
        topology.run_once("release", topology.procfile_commands()["release"], env=env,
                          log_path=logs / "release.log")
        topology.run_once("demo service", f'python manage.py shell -c "{FAULT_DEMO}"',
                          env=demo_environment(env), log_path=logs / "release.log")
        yield FaultCluster(cluster, "template_faults", root / "static")
    finally:
        cluster.destroy()


@pytest.fixture
def fault_topology(request, fault_cluster, tmp_path):
    """Web, worker and beat on a fresh copy of the template database, with a Redis and an
    SMTP server of their own, for a scenario to break."""
    cluster = fault_cluster.cluster
    database = f"faults_{secrets.token_hex(4)}"
    logs = tmp_path / "logs"
    logs.mkdir()
    with contextlib.closing(cluster.admin()) as admin:
        admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{fault_cluster.template}"')
    redis_server = topology.RedisServer(logs / "redis.log").start()
    smtp = topology.SmtpSink().start()
    web_port = topology.free_port()
    # As docs/deployment.md has it: one Redis, the broker on database 0, the cache on 1.
    env = production_environment(
        database_url=cluster.url(database), redis_url=redis_server.url(1),
        smtp_port=smtp.port, web_port=web_port, root=tmp_path,
        CELERY_BROKER_URL=redis_server.url(0),
        MINFU_STATIC_ROOT=str(fault_cluster.static_root), **FAULT_SETTINGS)
    running = FaultTopology(**procfile_processes(env, logs), smtp=smtp, env=env,
                            web_port=web_port, cluster=cluster, redis=redis_server,
                            database=database, media=tmp_path / "media")
    try:
        # Killed at the end: the database they leave is dropped.
        with topology_running(request, running, logs=logs, graceful=False,
                              also_print=(lambda: cluster.log()[-3000:],)):
            yield running
    finally:
        smtp.stop()
        redis_server.stop()
        if not cluster.running:  # a scenario that failed with the database down
            cluster.start()
        with contextlib.closing(cluster.admin()) as admin:
            _drop_database(admin, database)


# ----- the scaled topology (test_topology_scaled.py) --------------------------------------

SCALED_DATABASE = "minfu"


@dataclass
class ScaledTopology:
    """Two web nodes behind HAProxy, two workers and one beat on a PostgreSQL primary with
    a streaming replica, sharing one Redis, one SMTP server and one media directory.

    For the fault suite's Scenario (faults.py) it looks like a FaultTopology: the load goes
    to the balancer (`web_port`), and `web` and `worker` are the nodes not killed on
    purpose (`kill`), which Scenario.settle starts again should they exit by themselves."""

    web_nodes: list[topology.Process]
    workers: list[topology.Process]
    beat: topology.Process
    balancer: topology.Balancer
    smtp: topology.SmtpSink
    redis: topology.RedisServer
    primary: topology.PostgresCluster
    standby: topology.PostgresCluster
    env: dict
    media: Path
    killed: list[topology.Process] = field(default_factory=list)

    @property
    def web_port(self) -> int:
        return self.balancer.port

    @property
    def web(self) -> topology.Process:
        return self._survivor(self.web_nodes)

    @property
    def worker(self) -> topology.Process:
        return self._survivor(self.workers)

    def _survivor(self, processes: list[topology.Process]) -> topology.Process:
        return next(process for process in processes if process not in self.killed)

    def kill(self, process: topology.Process) -> None:
        """SIGKILL to a node and its children, for good (nothing starts it again)."""
        self.killed.append(process)
        process.kill()

    def processes(self) -> list[topology.Process]:
        return [*self.web_nodes, *self.workers, self.beat]

    def database_url(self) -> str:
        return self.primary.url(SCALED_DATABASE)

    def logs(self) -> str:
        return "\n".join(f"----- {process.name} -----\n{process.log()[-6000:]}"
                         for process in [*self.processes(), self.balancer.process])


def _scaled_programs() -> Path:
    """The PostgreSQL programs, after checking that every other program is there."""
    try:
        import aiosmtpd  # noqa: F401
        import psycopg  # noqa: F401
    except ImportError as exc:
        _unavailable(f"a test dependency is missing ({exc})")
    if topology.haproxy_program() is None:
        _unavailable("no haproxy program (Debian: apt-get install haproxy)")
    if shutil.which("redis-server") is None:
        _unavailable("no redis-server program on PATH")
    return replication_programs()


@pytest.fixture
def scaled_topology(request, tmp_path):
    """Started, all answering, HAProxy seeing both web nodes up; killed afterwards."""
    if not _on_postgres():
        pytest.skip("the scaled topology test runs on the PostgreSQL pass "
                    "(DATABASE_URL=postgres://...): it starts PostgreSQL clusters of its own")
    bindir = _scaled_programs()
    # Not under pytest's directory: the postgres user must be able to reach it.
    root = Path(tempfile.mkdtemp(prefix="minfu-scaled-"))
    root.chmod(0o755)
    logs = tmp_path / "logs"
    logs.mkdir()
    primary = topology.PostgresCluster(bindir, root / "primary")
    primary.root.mkdir()
    standby = None
    redis_server = topology.RedisServer(logs / "redis.log")
    smtp = topology.SmtpSink()
    balancer = topology.Balancer({"web1": topology.free_port(), "web2": topology.free_port()},
                                 root=logs, port=topology.free_port())
    running = None
    try:
        primary.init().start()
        with contextlib.closing(primary.admin()) as admin:
            _create_database(admin, SCALED_DATABASE)
        redis_server.start()
        smtp.start()
        # One Redis, the broker on database 0 and the cache on 1 (docs/deployment.md);
        # behind the balancer, which appends to X-Forwarded-For what the HTTPS proxy
        # (played by topology.Browser) wrote: two trusted hops.
        env = production_environment(
            database_url=primary.url(SCALED_DATABASE), redis_url=redis_server.url(1),
            smtp_port=smtp.port, web_port=balancer.port, root=tmp_path,
            CELERY_BROKER_URL=redis_server.url(0),
            **(FAULT_SETTINGS | {"MINFU_TRUSTED_PROXY_COUNT": "2", "WORKER_CONCURRENCY": "1"}))
        topology.run_once("release", topology.procfile_commands()["release"], env=env,
                          log_path=logs / "release.log")
        topology.run_once("demo service", f'python manage.py shell -c "{FAULT_DEMO}"',
                          env=demo_environment(env), log_path=logs / "release.log")
        standby = primary.start_standby(root / "standby")
        env["DATABASE_REPLICA_URL"] = standby.url(SCALED_DATABASE)
        commands = topology.procfile_commands()
        running = ScaledTopology(
            web_nodes=[topology.Process(name, commands["web"], env | {"PORT": str(port)},
                                        logs / f"{name}.log")
                       for name, port in balancer.nodes.items()],
            workers=[topology.Process(name, f"{commands['worker']} --hostname {name}@%h", env,
                                      logs / f"{name}.log") for name in ("worker1", "worker2")],
            beat=topology.Process("beat", commands["beat"], env, logs / "beat.log"),
            balancer=balancer, smtp=smtp, redis=redis_server, primary=primary,
            standby=standby, env=env, media=tmp_path / "media")
        for process in running.processes():
            process.start()
        balancer.start(env)
        topology.wait_until(lambda: _all_up(running), timeout=90, interval=0.5,
                            what="HAProxy to see both web nodes up")
        yield running
    finally:
        for process in running.processes() if running else ():
            process.kill()
        balancer.stop()
        if running is not None and _failed(request):
            print((logs / "release.log").read_text(encoding="utf-8"))
            print(running.logs())
            print(f"----- primary -----\n{primary.log()[-3000:]}")
            print(f"----- standby -----\n{standby.log()[-3000:] if standby else ''}")
        smtp.stop()
        redis_server.stop()
        for cluster in (standby, primary):
            if cluster is not None:
                cluster.destroy()
        shutil.rmtree(root, ignore_errors=True)


def _all_up(running: ScaledTopology) -> bool:
    for process in running.processes():
        if not process.running:
            raise RuntimeError(f"{process.name} exited at start:\n{process.log()[-4000:]}")
    return all(row["status"] == "UP" for row in running.balancer.servers().values())
