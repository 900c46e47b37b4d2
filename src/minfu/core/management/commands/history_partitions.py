"""`manage.py history_partitions list|ensure|detach`: the monthly partitions of the history
tables on PostgreSQL (core.partitions, docs/operations.md).

- `list`: every partition with the planner's row estimate;
- `ensure [--ahead N] [--since YYYY-MM]`: create the partitions from this month (or
  from --since) to N months on (the daily job does this);
- `detach --before YYYY-MM [--dry-run]`: detach the months that end on or before that
  month's start; they stay as plain tables to dump (pg_dump -t) and drop."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from minfu.core import partitions


class Command(BaseCommand):
    help = "List, create ahead or detach the monthly partitions of the history tables."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list")
        ensure = actions.add_parser("ensure")
        ensure.add_argument("--ahead", type=int, default=partitions.MONTHS_AHEAD)
        ensure.add_argument("--since", help="YYYY-MM: also the months from this one on")
        detach = actions.add_parser("detach")
        detach.add_argument("--before", required=True, help="YYYY-MM: months before this one")
        detach.add_argument("--dry-run", action="store_true")

    def handle(self, *args, action, **options):
        if not partitions.is_postgres():
            self.stdout.write("The history tables are partitioned on PostgreSQL only.")
            return
        if action == "list":
            with connection.cursor() as cursor:
                for model in partitions.partitioned_models():
                    for partition in partitions.partitions(cursor, model._meta.db_table):
                        self.stdout.write(f"{partition.name}\t{partition.rows}")
        elif action == "ensure":
            since = _month(options["since"], "--since") if options["since"] else None
            created = partitions.partitions_ensure(ahead=options["ahead"], since=since)
            self.stdout.write(f"{created} partition(s) created.")
        else:
            before = _month(options["before"], "--before")
            names = partitions.partitions_detach(before=before, dry_run=options["dry_run"])
            verb = "would detach" if options["dry_run"] else "detached"
            self.stdout.write(f"{verb} {len(names)} partition(s): {' '.join(names)}")
            if names and not options["dry_run"]:
                self.stdout.write("Dump each with pg_dump -t <name> to archive storage, "
                                  "then DROP TABLE it.")


def _month(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError as error:
        raise CommandError(f"{option} must look like 2024-01") from error
