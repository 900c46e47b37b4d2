"""Backup and restore (docs/operations.md): `manage.py backup` here, `manage.py restore`
as an operator runs it, in its own process configured by environment variables only,
into a fresh database (on PostgreSQL a new database on the same server, on SQLite a new
file) and an empty media directory; then the application and its uploaded file must be
there."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from minfu.cases.models import CaseDocument
from tests.cases.factories import document, service, submit
from tests.deploy import topology

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
RESTORE_TIMEOUT = 120


def unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and the restore test cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def make_backup(tmp_path: Path, capsys) -> Path:
    call_command("backup", str(tmp_path / "backups"))
    return Path(capsys.readouterr().out.strip())


def application_with_a_file():
    case, _code = submit(service(), documents=[document("申請書.pdf", PDF)])
    return case, CaseDocument.objects.get(case=case)


@contextmanager
def fresh_database(tmp_path: Path):
    """(DATABASE_URL of a new empty database of the test run's engine, query function)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def query(sql, params):
            with closing(sqlite3.connect(path)) as restored:
                return restored.execute(sql.replace("%s", "?"), params).fetchall()

        yield f"sqlite:///{path}", query
        return
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        unavailable("pg_dump and pg_restore are not installed")
    import psycopg

    server_url = os.environ["DATABASE_URL"]
    name = f"minfu_restore_{os.getpid()}_{secrets.token_hex(3)}"
    url = topology.postgres_url_with_database(server_url, name)
    with closing(topology.postgres_admin(server_url)) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            def query(sql, params):
                with psycopg.connect(url) as restored:
                    return restored.execute(sql, params).fetchall()

            yield url, query
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore_as_an_operator(backup: Path, *, database_url: str, media_root: Path) -> str:
    env = topology.process_environment(DATABASE_URL=database_url,
                                       MINFU_MEDIA_ROOT=str(media_root))
    result = subprocess.run([sys.executable, "manage.py", "restore", str(backup)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=RESTORE_TIMEOUT,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.restore
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_and_media_directory(tmp_path, capsys):
    case, stored = application_with_a_file()
    backup = make_backup(tmp_path, capsys)
    restored_media = tmp_path / "restored-media"

    with fresh_database(tmp_path) as (database_url, query):
        output = restore_as_an_operator(backup, database_url=database_url,
                                        media_root=restored_media)
        rows = query("SELECT d.file FROM cases_casedocument d JOIN cases_case c "
                     "ON c.id = d.case_id WHERE c.number = %s", [case.number])

    created = json.loads((backup / "manifest.json").read_text())["created_at"]
    assert created in output  # "Restored the backup of <created>", in the default language
    assert rows == [(stored.file.name,)]
    assert (restored_media / stored.file.name).read_bytes() == PDF


# A backup reads committed data from outside any transaction, so this test commits its own.
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_private_checked_and_never_restored_over_data(tmp_path, capsys):
    case, _stored = application_with_a_file()
    backup = make_backup(tmp_path, capsys)

    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    names = sorted(item.name for item in backup.iterdir())
    assert names == sorted(["manifest.json", "media.tar",
                            f"database.{'sqlite3' if connection.vendor == 'sqlite' else 'pgdump'}"])
    assert all(stat.S_IMODE((backup / name).stat().st_mode) == 0o600 for name in names)
    call_command("restore", "--check", str(backup))
    assert "is complete" in capsys.readouterr().out

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(backup))  # into the test's own database
    assert CaseDocument.objects.filter(case=case).exists()

    with (backup / "media.tar").open("r+b") as archive:
        archive.seek(600)
        archive.write(b"X")
    with pytest.raises(CommandError, match="media.tar is missing or damaged"):
        call_command("restore", "--check", str(backup))
    with pytest.raises(CommandError, match="not a Minfu backup"):
        call_command("restore", str(tmp_path))


@pytest.mark.django_db
def test_a_backup_inside_a_transaction_is_refused(tmp_path):
    with pytest.raises(CommandError, match="inside a database transaction"):
        call_command("backup", str(tmp_path))
