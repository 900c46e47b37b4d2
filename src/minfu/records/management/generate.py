"""What `generate_cases` and `generate_petitions` share: the options, the checks and the
report of a record generator (a module with `generate(...)`, `DEFAULT_BATCH` and
`SPAN_DAYS`; see records.bulk). Test data only."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from minfu.core.partitions import partitions_ensure


class GeneratorCommand(BaseCommand):
    generator = None  # the kind's generator module
    noun = "records"  # what the report counts
    made = "records"  # what the help says is added
    organisations_with = "records"  # what the organisations taken by default have

    @property
    def help(self) -> str:
        return (f"Add N realistic {self.made}, received over the past two years. Test data "
                "only: never run it on a production database.")

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help=f"how many {self.noun}")
        parser.add_argument("--organisation", action="append", default=[], metavar="CODE",
                            help="only this organisation (repeat for several); default all "
                                 f"organisations with {self.organisations_with}")
        parser.add_argument("--seed", type=int, default=114,
                            help="random seed; the access codes derive from it (default 114)")
        parser.add_argument("--batch", type=int, default=self.generator.DEFAULT_BATCH,
                            help=f"{self.noun} per transaction (default %(default)s)")
        parser.add_argument("--span-days", type=int, default=self.generator.SPAN_DAYS,
                            help="received over this many days before now (default "
                                 "%(default)s)")

    def handle(self, *args, count, organisation, seed, batch, span_days, **options):
        if count < 1 or batch < 1 or span_days < 1:
            raise CommandError("--count, --batch and --span-days must be at least 1.")
        # The history goes to its months' partitions, not the default one (PostgreSQL).
        partitions_ensure(since=timezone.localdate() - dt.timedelta(days=span_days))
        try:
            result = self.generator.generate(
                count=count, organisation_codes=[code.upper() for code in organisation],
                seed=seed, batch_size=batch, span_days=span_days,
                progress=lambda line: self.stdout.write(line) if options["verbosity"] else None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        states = ", ".join(f"{state} {number}" for state, number in sorted(result.states.items()))
        self.stdout.write(self.style.SUCCESS(
            f"{result.created} {self.noun} ({states}), {self.details(result)} in "
            f"{result.seconds:.1f} s ({result.created / result.seconds:,.0f} {self.noun}/s)."))

    def details(self, result) -> str:
        return f"{result.events} events"
