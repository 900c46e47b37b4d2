"""The production topology as real processes: the Procfile's web (gunicorn), worker and
beat (Celery) against a fresh PostgreSQL database and an empty Redis database, mailing
to a local SMTP server. Needs PostgreSQL (the test run's DATABASE_URL names the server)
and Redis (MINFU_TEST_REDIS_URL, default redis://127.0.0.1:6379); without them the test
skips, except in CI (CI=true with DATABASE_URL on PostgreSQL), where it must run."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

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


def _create_database(admin, name: str) -> None:
    admin.execute(f'CREATE DATABASE "{name}"')


def _drop_database(admin, name: str) -> None:
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
    redis_url = f"{REDIS_URL.rstrip('/')}/{redis_number}"
    env = topology.process_environment(
        MINFU_ENV="production", DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=topology.postgres_url_with_database(_database_url(), database),
        CACHE_URL=redis_url, CELERY_BROKER_URL=redis_url,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), EMAIL_TIMEOUT="10",
        DEFAULT_FROM_EMAIL="noreply@e2e.example.tw",
        MINFU_STATIC_ROOT=str(tmp_path / "static"), MINFU_MEDIA_ROOT=str(tmp_path / "media"),
        MINFU_SITE_URL=f"https://127.0.0.1:{web_port}", LOG_LEVEL="INFO",
        PORT=str(web_port), WEB_CONCURRENCY="2", WORKER_CONCURRENCY="1",
        MINFU_BEAT_SCHEDULE=str(tmp_path / "celerybeat-schedule"))
    # The demo loaders refuse MINFU_ENV=production (published passwords): load the same
    # database as a development installation would, queueing rather than sending mail.
    demo_env = env | {"MINFU_ENV": "development", "CELERY_TASK_ALWAYS_EAGER": "false"}
    commands = topology.procfile_commands()
    logs = tmp_path / "logs"
    logs.mkdir()

    def process(name: str, command: str) -> topology.Process:
        return topology.Process(name, command, env, logs / f"{name}.log")

    running = Topology(
        web=process("web", commands["web"]), worker=process("worker", commands["worker"]),
        beat=process("beat", commands["beat"]),
        smtp=smtp, env=env, web_port=web_port)
    try:
        _create_database(admin, database)
        topology.run_once("release", commands["release"], env=env,
                          log_path=logs / "release.log")
        topology.run_once("load_demo", "python manage.py load_demo", env=demo_env,
                          log_path=logs / "release.log")
        running.web.start()
        running.worker.start()
        running.beat.start()
        topology.wait_until(lambda: _answers(running), timeout=30, what="gunicorn to answer")
        yield running
    finally:
        for started in (running.web, running.worker, running.beat):
            started.stop(timeout=10)
        failed = any(getattr(getattr(request.node, f"report_{when}", None), "failed", False)
                     for when in ("setup", "call"))
        if failed or not hasattr(request.node, "report_call"):
            print((logs / "release.log").read_text(encoding="utf-8")
                  if (logs / "release.log").exists() else "")
            print(running.logs())
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
