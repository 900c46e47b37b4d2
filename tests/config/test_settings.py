"""Settings: production refuses to start unsafely, passes Django's deployment checks, and
every environment variable the settings read is documented."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SETTINGS_SOURCE = (ROOT / "src" / "minfu" / "config" / "settings.py").read_text(encoding="utf-8")
# env.str("NAME", ...), env.bool("NAME"), env("NAME"), env.db("NAME", ...) and the like.
ENV_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def run_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run Python with a clean Minfu environment plus `env`. Variables are set explicitly
    (even to "") so that a developer's .env file cannot fill them in."""
    base = {key: value for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "MINFU_")) and key != "DATABASE_URL"}
    base.update({"DJANGO_SETTINGS_MODULE": "minfu.config.settings", "DJANGO_SECRET_KEY": "",
                 "PYTHONPATH": str(ROOT / "src")})
    base.update(env)
    return subprocess.run([sys.executable, *args], env=base, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def settings_env_names() -> set[str]:
    return set(ENV_READ.findall(SETTINGS_SOURCE))


def documented_names(text: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, text, flags=re.MULTILINE))


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with({"MINFU_ENV": "production"}, "-c", "import django; django.setup()")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_development_starts_without_a_secret_key():
    result = run_with({"MINFU_ENV": "development"}, "-c",
                      "import django; django.setup(); from django.conf import settings; "
                      "print(settings.DEBUG)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_passes_the_deployment_checks():
    result = run_with(
        {"MINFU_ENV": "production", "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
         "DJANGO_ALLOWED_HOSTS": "minfu.example.gov.tw", "DJANGO_DEBUG": "false"},
        str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_read_environment_variables():
    # Guards the regular expression below against silently matching nothing.
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "MINFU_ENV"} <= settings_env_names()


def test_env_example_lists_every_setting_and_nothing_else():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = documented_names(example, r"^#?\s*([A-Z][A-Z0-9_]*)=")
    assert settings_env_names() - listed == set(), "missing from .env.example"
    assert listed - settings_env_names() == set(), "in .env.example but not read by settings"


def test_configuration_doc_has_a_row_for_every_setting():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    rows = documented_names(doc, r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|")
    assert settings_env_names() - rows == set(), "missing from docs/configuration.md"
    assert rows - settings_env_names() == set(), "in docs/configuration.md but not read"


def settings_value(env: dict[str, str], expression: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = run_with({"MINFU_ENV": "development", **env}, "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_files_go_to_an_s3_bucket_when_one_is_named():
    assert settings_value({}, 'settings.STORAGES["default"]["BACKEND"]') == \
        "django.core.files.storage.FileSystemStorage"
    env = {"MINFU_S3_BUCKET": "minfu-files", "MINFU_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    assert settings_value(env, 'settings.STORAGES["default"]["BACKEND"]') == \
        "storages.backends.s3.S3Storage"
    assert settings_value(env, 'settings.STORAGES["default"]["OPTIONS"]["endpoint_url"]') == \
        "http://127.0.0.1:9000"


def test_a_replica_is_a_second_alias_with_the_router():
    assert settings_value({}, "sorted(settings.DATABASES)") == "['default']"
    env = {"DATABASE_URL": "postgres://minfu@127.0.0.1:5432/minfu",
           "DATABASE_REPLICA_URL": "postgres://minfu@127.0.0.1:5433/minfu"}
    assert settings_value(env, "sorted(settings.DATABASES)") == "['default', 'replica']"
    assert settings_value(env, "settings.DATABASES['replica']['PORT']") == "5433"
    assert settings_value(env, "settings.DATABASE_ROUTERS") == \
        "['minfu.core.replica.ReplicaRouter']"


def test_tasks_go_to_their_queues():
    code = ("import django; django.setup(); from minfu.config.celery import app; "
            "r = app.amqp.router; "
            "print([r.route({}, name)['queue'].name for name in ("
            "'minfu.notify.tasks.deliver_outbox', 'minfu.metrics.tasks.refresh_metrics', "
            "'minfu.opendata.tasks.publish_datasets', 'minfu.cases.tasks.send_officer_digests')])")
    result = run_with({"MINFU_ENV": "development"}, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['delivery', 'metrics', 'documents', 'jobs']"
