"""Run every app's daily jobs once, for cron or `make run` users without Celery beat:
the officers' digests and overdue escalations of applications and petitions, the
escalation of overdue improvement items, the survey invitations and the metrics refresh;
first, any deadline recount after a closure that did not finish, the sweep of upload
files no row names, the history partitions ahead (PostgreSQL) and the retention job
(docs/retention.md). Safe to repeat: messages are deduplicated per day, partitions that
exist are kept, and a cleared record is not cleared again."""

import datetime as dt
import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from minfu.core.partitions import partitions_ensure
from minfu.records import anonymisation, jobs
from minfu.workcal.services import pending_recounts_run

# Each module of settings.MINFU_DAILY_JOB_MODULES has `daily_jobs_run(*, on) -> {name:
# JobResult}`; beat runs the same jobs as separate tasks (CELERY_BEAT_SCHEDULE).


class Command(BaseCommand):
    help = ("Run the daily jobs: officers' digests and overdue escalations of applications, "
            "petitions and improvement items (skipped on days off).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for, YYYY-MM-DD (default: today "
                                           "in Asia/Taipei).")

    def handle(self, *args, date=None, **options):
        try:
            on = dt.date.fromisoformat(date) if date else jobs.today()
        except ValueError as error:
            raise CommandError(f"--date must look like 2025-03-05, not {date!r}") from error
        # A deadline recount after a closure that did not finish (the process died).
        moved = pending_recounts_run()
        self.stdout.write(f"pending deadline recounts: {moved} record(s) moved")
        swept = jobs.orphan_files_sweep()
        self.stdout.write(f"orphan upload files: {swept.removed} removed, {swept.young} within "
                          f"the grace period, {swept.temporary} temporary file(s) removed")
        self.stdout.write(f"history partitions: {partitions_ensure()} created ahead")
        run = anonymisation.retention_daily()
        self.stdout.write(f"retention ({'dry run' if run.dry_run else 'real run'}): "
                          f"{run.total('anonymised')} record(s), {run.total('files')} "
                          f"file(s), {run.total('held')} held")
        for module_name in settings.MINFU_DAILY_JOB_MODULES:
            results = importlib.import_module(module_name).daily_jobs_run(on=on)
            for name, result in results.items():
                if result.ran:
                    self.stdout.write(f"{name}: ran for {on}, {result.queued} item(s)")
                else:
                    self.stdout.write(f"{name}: skipped, {on} is not an office working day")
