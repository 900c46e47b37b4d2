"""`manage.py retention_run [--dry-run]`: clear the personal data of closed citizen
records past their retention period (docs/retention.md) and print the counts per kind;
with --dry-run, only count what a real run would do. Either way the run is logged."""

from django.core.management.base import BaseCommand

from minfu.records.anonymisation import retention_run


class Command(BaseCommand):
    help = ("Remove the personal data and uploaded files of closed citizen records past "
            "their retention period; --dry-run only counts.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="count what would be cleared, change nothing")

    def handle(self, *args, dry_run, **options):
        run = retention_run(dry_run=dry_run, trigger="retention_run")
        verb = "would clear" if dry_run else "cleared"
        for kind, counts in run.counts.items():
            self.stdout.write(
                f"{kind}: {counts['due']} past retention, {counts['held']} under a legal "
                f"hold; {verb} {counts['anonymised']} record(s) and {counts['files']} file(s)")
        self.stdout.write(self.style.SUCCESS(
            f"Retention run {run.pk} ({'dry run' if dry_run else 'real run'}) logged."))
