"""Run the officers' digest and the overdue escalation once, for cron or `make run`
users without Celery beat. Safe to repeat: messages are deduplicated per day."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from minfu.cases import jobs


class Command(BaseCommand):
    help = ("Send each officer the digest of applications due within two working days and "
            "escalate overdue applications to the unit's supervisors (skipped on days off).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for, YYYY-MM-DD (default: today "
                                           "in Asia/Taipei).")

    def handle(self, *args, date=None, **options):
        try:
            on = dt.date.fromisoformat(date) if date else jobs.today()
        except ValueError as error:
            raise CommandError(f"--date must look like 2025-03-05, not {date!r}") from error
        for name, result in jobs.daily_jobs_run(on=on).items():
            if result.ran:
                self.stdout.write(f"{name}: {result.queued} message(s) queued for {on}")
            else:
                self.stdout.write(f"{name}: skipped, {on} is not an office working day")
