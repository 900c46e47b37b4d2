"""Invite the applicants of the applications closed on a day (default yesterday) to the
open after-case survey waves, by e-mail. Safe to repeat: one invitation per wave and
application."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from minfu.surveys import jobs


class Command(BaseCommand):
    help = "Send survey invitations for the applications closed on a day."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The closing day, YYYY-MM-DD (default: yesterday "
                                           "in Asia/Taipei).")

    def handle(self, *args, date=None, **options):
        try:
            on = dt.date.fromisoformat(date) if date else jobs.yesterday()
        except ValueError as error:
            raise CommandError(f"--date must look like 2025-03-05, not {date!r}") from error
        created = jobs.invitations_run(on=on)
        self.stdout.write(f"surveys: {created} invitation(s) for applications closed on {on}")
