"""manage.py backup DIRECTORY: the database and the uploaded files, together, in a new
directory under DIRECTORY (minfu.core.backup, docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from minfu.core import backup


class Command(BaseCommand):
    help = ("Back up the database and the uploaded files (MEDIA_ROOT) into a new directory "
            "under DIRECTORY; prints its path.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIRECTORY")

    def handle(self, *args, directory, **options):
        try:
            made = backup.backup_create(directory)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        files = made.manifest["files"]
        self.stderr.write(_("Backup written: %(files)s.") % {"files": ", ".join(
            f"{name} ({described['bytes']:,} bytes)" for name, described in files.items())})
        self.stdout.write(str(made.path))  # alone on standard output, for scripts
