"""Import service types from a spreadsheet as drafts: the same layout and rules as the
staff import page. Nothing is written when any row has a problem; every problem is
listed with its sheet, row and column."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minfu.catalog import services, spreadsheet
from minfu.core.errors import DomainError
from minfu.core.sheets import SheetReadError, read_workbook
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
            raise CommandError(_("No organisation has the code %(code)s.") % {"code": organisation})
        try:
            workbook, multi_sheet = read_workbook(file.read_bytes(), file.name)
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": file, "error": error}) from error
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
            self.stderr.write(_("%(sheet)s row %(row)s, %(column)s: %(message)s") % {
                "sheet": problem.sheet, "row": problem.row, "column": problem.column,
                "message": problem.message})
        if not report.ok:
            raise CommandError(ngettext("%(count)d problem; nothing was imported.",
                                        "%(count)d problems; nothing was imported.",
                                        len(report.errors)) % {"count": len(report.errors)})
        if dry_run:
            summary = _("Would create %(created)d and would update %(updated)d draft(s) for "
                        "%(organisation)s.")
        else:
            summary = _("Created %(created)d and updated %(updated)d draft(s) for "
                        "%(organisation)s.")
        self.stdout.write(summary % {"created": len(report.created),
                                     "updated": len(report.updated),
                                     "organisation": owner.code})
