"""manage.py import_office_calendar FILE [FILE...]: load official office calendar files
(a new year or a corrected re-issue), print what changed and which years are loaded."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from minfu.core.errors import DomainError
from minfu.workcal import selectors, services


class Command(BaseCommand):
    help = ("Import official office calendar CSV files (政府行政機關辦公日曆表). Each year in a "
            "file replaces that year's stored days; changed days are listed.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the files and show the changes without importing.")
        parser.add_argument("--shipped", action="store_true",
                            help="Also import the files shipped with Minfu for any year "
                                 "that is not stored (e.g. after the tables were emptied).")

    def handle(self, *args, files, dry_run, shipped, **options):
        if not files and not shipped:
            raise CommandError(_("Name at least one FILE, or use --shipped."))
        if shipped and not dry_run:
            for batch in services.office_calendar_load_shipped():
                self._summarise(Path(batch.file_name), batch.years, batch.days_total,
                                batch.changes, dry_run=False)
        failed = []
        for path in files:
            try:
                content = path.read_bytes()
            except OSError as error:
                self.stderr.write(f"{path}: {error.strerror}")
                failed.append(path)
                continue
            try:
                if dry_run:
                    preview = selectors.office_calendar_preview(content=content,
                                                                file_name=path.name)
                    changes = [change.as_dict() for change in preview.changes]
                    years, total = preview.parsed.years, len(preview.parsed.days)
                else:
                    batch = services.office_calendar_import(content=content,
                                                            file_name=path.name)
                    changes, years, total = batch.changes, batch.years, batch.days_total
            except DomainError as error:
                self.stderr.write(f"{path}: {error.message}")
                for problem in error.details.get("problems", []):
                    self.stderr.write(f"  - {problem}")
                failed.append(path)
                continue
            self._summarise(path, years, total, changes, dry_run)
        self.stdout.write(selectors.loaded_years_summary())
        if failed:
            raise CommandError(_("%(failed)d of %(total)d files not imported.")
                               % {"failed": len(failed), "total": len(files)})

    def _summarise(self, path, years, total, changes, dry_run):
        year_list = selectors.years_label(years)
        if dry_run:
            summary = _("%(file)s: would import %(total)d days of %(years)s; "
                        "%(changed)d days changed.")
        else:
            summary = _("%(file)s: imported %(total)d days of %(years)s; "
                        "%(changed)d days changed.")
        self.stdout.write(summary % {"file": path.name, "total": total, "years": year_list,
                                     "changed": len(changes)})
        for change in changes:
            self.stdout.write(f"  {change['date']}: {_status(change['was_day_off'])} → "
                              f"{_status(change['is_day_off'])}"
                              + (f" ({change['new_note']})" if change["new_note"] else ""))


def _status(is_day_off: bool) -> str:
    return _("day off") if is_day_off else _("working day")
