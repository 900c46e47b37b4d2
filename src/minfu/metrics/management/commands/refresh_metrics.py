"""Refresh the metric rollups: by default yesterday, today and every day marked dirty;
`--from/--to` a range of days; `--rebuild` everything from the first day with data."""

from django.core.management.base import BaseCommand, CommandError

from minfu.core.errors import DomainError
from minfu.core.roc import RocDateError, parse_date
from minfu.metrics import services


class Command(BaseCommand):
    help = "Refresh the metric rollups (incremental by default)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true",
                            help="Recompute every day from the first day with data.")
        parser.add_argument("--from", dest="start", help="First day (ISO or ROC).")
        parser.add_argument("--to", dest="end", help="Last day (ISO or ROC).")

    def handle(self, *args, rebuild=False, start=None, end=None, **options):
        try:
            first = parse_date(start) if start else None
            last = parse_date(end) if end else None
            if rebuild:
                result = services.rollups_rebuild(start=first, end=last)
            elif first or last:
                if not (first and last):
                    raise CommandError("Give both --from and --to.")
                result = services.rollups_refresh(start=first, end=last)
            else:
                result = services.rollups_refresh_recent()
        except (RocDateError, DomainError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{result.days} days, {result.rows} rollup rows")
