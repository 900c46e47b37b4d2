"""manage.py restore BACKUP: a backup made by `manage.py backup` into the configured,
empty database and an empty MEDIA_ROOT (minfu.core.backup, docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from minfu.core import backup


class Command(BaseCommand):
    help = ("Restore a backup directory written by `manage.py backup` into the configured "
            "database, which must be empty, and MEDIA_ROOT, which must be empty or absent. "
            "--check only verifies the backup's files against its manifest.")

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, metavar="BACKUP")
        parser.add_argument("--check", action="store_true",
                            help="Verify the backup and restore nothing.")

    def handle(self, *args, source: Path, check: bool, **options):
        try:
            found = backup.backup_read(source) if check else backup.backup_restore(source)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        created = found.manifest["created_at"]
        if check:
            self.stdout.write(_("%(path)s is complete: the backup of %(created)s.")
                              % {"path": source, "created": created})
            return
        self.stdout.write(_("Restored the backup of %(created)s. Run `manage.py migrate` if "
                            "this version of Minfu is newer than the backup, then start the "
                            "processes.") % {"created": created})
