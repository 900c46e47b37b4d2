"""Back up an installation, its database and its uploaded files (MEDIA_ROOT) together, and
restore it: `manage.py backup` and `manage.py restore`, the procedure of
docs/operations.md.

A backup is one new directory, readable by its owner only (it holds personal data):

- `database.pgdump`: `pg_dump --format=custom` (PostgreSQL), a consistent snapshot taken
  while the site runs; or `database.sqlite3`, a copy made with SQLite's online backup API
  (copying the file of a database in use can copy half a write);
- `media.tar`: every file under MEDIA_ROOT, archived *after* the database, so that every
  file the dump refers to is in it (one uploaded in between is an unused extra);
- `manifest.json`: when, which database engine, the last migration of each app, and the
  size and SHA-256 of both files, checked before a restore touches anything.

A restore goes into an empty database and an empty (or absent) media directory, never
over data: restoring over a live installation is a decision people make by emptying it
first (docs/operations.md says how)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# libpq reads these from the environment, so no password is put on a command line.
_LIBPQ_SETTINGS = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER",
                   "PASSWORD": "PGPASSWORD"}
_LIBPQ_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
                  "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "passfile": "PGPASSFILE",
                  "service": "PGSERVICE"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict


# ----- backup ----------------------------------------------------------------------------

def backup_create(parent: Path) -> Backup:
    """Write a new backup directory under `parent` (created if absent)."""
    vendor = _vendor()
    if connection.in_atomic_block:  # SQLite's backup would wait for it forever
        raise BackupError(_("A backup cannot be taken inside a database transaction."))
    parent.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = parent / f"minfu-backup-{stamp}"
    try:
        path.mkdir(mode=0o700)
    except FileExistsError as error:
        raise BackupError(_("%(path)s already exists; wait a second and run the backup "
                            "again.") % {"path": path}) from error
    try:
        database_file = path / DATABASE_FILES[vendor]
        _dump_database(vendor, database_file)
        media_archive = path / MEDIA_ARCHIVE
        _archive_media(Path(settings.MEDIA_ROOT), media_archive)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": vendor,
            "migrations": _last_migrations(),
            "files": {item.name: _describe(item) for item in (database_file, media_archive)},
        }
        (path / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        for item in path.iterdir():
            item.chmod(0o600)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)  # never leave half a backup behind
        raise
    return Backup(path, manifest)


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "postgresql":
        _run(["pg_dump", "--format=custom", f"--file={target}",
              f"--dbname={connection.settings_dict['NAME']}"])
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)


def _archive_media(media_root: Path, target: Path) -> None:
    with tarfile.open(target, "w") as archive:
        if media_root.is_dir():
            for item in sorted(media_root.iterdir()):
                archive.add(item, arcname=item.name)


def _last_migrations() -> dict[str, str]:
    applied = MigrationRecorder(connection).applied_migrations()
    last: dict[str, str] = {}
    for app, name in sorted(applied):
        last[app] = name
    return last


def _describe(item: Path) -> dict:
    return {"bytes": item.stat().st_size, "sha256": _sha256(item)}


def _sha256(item: Path) -> str:
    digest = hashlib.sha256()
    with item.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ----- restore ---------------------------------------------------------------------------

def backup_read(path: Path) -> Backup:
    """The backup at `path`, its files checked against its manifest."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(_("%(path)s is not a Minfu backup: its manifest.json cannot be "
                            "read (%(reason)s).") % {"path": path, "reason": error}) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("%(path)s was written in a backup format this version does not "
                            "read.") % {"path": path})
    for name, expected in manifest["files"].items():
        item = path / name
        if not item.is_file() or _describe(item) != expected:
            raise BackupError(_("%(file)s is missing or damaged (its size or SHA-256 differs "
                                "from the manifest); use another backup.")
                              % {"file": item})
    return Backup(path, manifest)


def backup_restore(path: Path) -> Backup:
    """Restore the backup at `path` into the configured database, which must be empty,
    and MEDIA_ROOT, which must be empty or absent."""
    backup = backup_read(path)
    vendor = _vendor()
    if backup.manifest["database"] != vendor:
        raise BackupError(_("This backup is of a %(backup)s database; the configured "
                            "database is %(configured)s.")
                          % {"backup": backup.manifest["database"], "configured": vendor})
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(_("The database %(name)s is not empty (%(count)d tables). Restore "
                            "into a new, empty database.")
                          % {"name": connection.settings_dict["NAME"], "count": len(tables)})
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(_("The media directory %(path)s is not empty. Restore into an "
                            "empty or new directory.") % {"path": media_root})
    _restore_database(vendor, path / DATABASE_FILES[vendor])
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path / MEDIA_ARCHIVE) as archive:
        # "data": no absolute paths, no "..", no links out of the directory, no devices.
        archive.extractall(media_root, filter="data")
    return backup


def _restore_database(vendor: str, source: Path) -> None:
    if vendor == "postgresql":
        connection.close()  # pg_restore works alone, in one transaction
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", f"--dbname={connection.settings_dict['NAME']}",
              str(source)])
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(source)) as backup:
            backup.backup(connection.connection)


# ----- the database tools ----------------------------------------------------------------

def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.")
                          % {"vendor": connection.vendor})
    return connection.vendor


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(command, env=_libpq_environment(), capture_output=True,
                                text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(_("%(tool)s was not found. Install the PostgreSQL client tools, "
                            "of the server's major version or newer.")
                          % {"tool": command[0]}) from error
    if result.returncode != 0:
        raise BackupError(_("%(tool)s failed: %(output)s")
                          % {"tool": command[0], "output": result.stderr.strip()[-2000:]})


def _libpq_environment() -> dict[str, str]:
    database = connection.settings_dict
    env = dict(os.environ)
    env.update({variable: str(database[key]) for key, variable in _LIBPQ_SETTINGS.items()
                if database.get(key)})
    options = database.get("OPTIONS") or {}
    env.update({variable: str(options[key]) for key, variable in _LIBPQ_OPTIONS.items()
                if options.get(key)})
    return env
