"""Import service types from a spreadsheet as drafts: the same layout and rules as the
staff import page. Nothing is written when any row has a problem; every problem is
listed with its sheet, row and column."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minfu.catalog import services, spreadsheet
from minfu.catalog.sheets import SheetReadError, read_workbook
from minfu.core.errors import DomainError
from minfu.org.models import Organisation


class Command(BaseCommand):
    help = "Import service types from an .xlsx, .ods or .csv file as draft versions."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True,
                            help="Code of the organisation that owns the service types.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Only check the file and report what would change.")

    def handle(self, *args, file: Path, organisation: str, dry_run: bool, **options):
        owner = Organisation.objects.filter(code=organisation).first()
        if owner is None:
            raise CommandError(f"No organisation has the code {organisation}.")
        try:
            workbook, multi_sheet = read_workbook(file.read_bytes(), file.name)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except SheetReadError as error:
            raise CommandError(str(error)) from error
        parsed = spreadsheet.parse_workbook(workbook, organisation_code=owner.code,
                                            multi_sheet=multi_sheet)
        try:
            report = services.service_types_import(organisation=owner, parsed=parsed,
                                                   dry_run=dry_run)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        for problem in report.errors:
            self.stderr.write(f"{problem.sheet} row {problem.row}, {problem.column}: "
                              f"{problem.message}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} problem(s); nothing was imported.")
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(f"{verb} {len(report.created)} and "
                          f"{'would update' if dry_run else 'updated'} {len(report.updated)} "
                          f"draft(s) for {owner.code}.")
