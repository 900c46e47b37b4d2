"""`manage.py generate_cases --count N`: fill the database with realistic applications
(after `load_demo`), for benchmarks and demos. See minfu.cases.generator."""

from django.core.management.base import BaseCommand, CommandError

from minfu.cases import generator


class Command(BaseCommand):
    help = ("Add N realistic applications of the existing service types, received over the "
            "past two years. Test data only: never run it on a production database.")

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="how many cases to add")
        parser.add_argument("--organisation", action="append", default=[], metavar="CODE",
                            help="only this organisation (repeat for several); default all "
                                 "organisations with service types")
        parser.add_argument("--seed", type=int, default=114,
                            help="random seed; the access codes derive from it (default 114)")
        parser.add_argument("--batch", type=int, default=generator.DEFAULT_BATCH,
                            help="cases per transaction (default %(default)s)")

    def handle(self, *args, count, organisation, seed, batch, **options):
        if count < 1 or batch < 1:
            raise CommandError("--count and --batch must be at least 1.")
        try:
            result = generator.generate(
                count=count, organisation_codes=[code.upper() for code in organisation],
                seed=seed, batch_size=batch,
                progress=lambda line: self.stdout.write(line) if options["verbosity"] else None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        states = ", ".join(f"{state} {number}" for state, number in sorted(result.states.items()))
        self.stdout.write(self.style.SUCCESS(
            f"{result.created} cases ({states}), {result.events} events, {result.pauses} "
            f"pauses in {result.seconds:.1f} s ({result.created / result.seconds:,.0f} cases/s)."))
