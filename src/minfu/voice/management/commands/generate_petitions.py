"""`manage.py generate_petitions --count N`: fill the database with realistic petitions
(after `load_demo`), for benchmarks and demos. See minfu.voice.generator."""

from django.core.management.base import BaseCommand, CommandError

from minfu.voice import generator


class Command(BaseCommand):
    help = ("Add N realistic petitions in the active categories, received over the past two "
            "years. Test data only: never run it on a production database.")

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="how many petitions")
        parser.add_argument("--organisation", action="append", default=[], metavar="CODE",
                            help="only this organisation (repeat for several); default all "
                                 "organisations with petition categories")
        parser.add_argument("--seed", type=int, default=114,
                            help="random seed; the access codes derive from it (default 114)")
        parser.add_argument("--batch", type=int, default=generator.DEFAULT_BATCH,
                            help="petitions per transaction (default %(default)s)")
        parser.add_argument("--span-days", type=int, default=generator.SPAN_DAYS,
                            help="received over this many days before now (default "
                                 "%(default)s)")

    def handle(self, *args, count, organisation, seed, batch, span_days, **options):
        if count < 1 or batch < 1 or span_days < 1:
            raise CommandError("--count, --batch and --span-days must be at least 1.")
        try:
            result = generator.generate(
                count=count, organisation_codes=[code.upper() for code in organisation],
                seed=seed, batch_size=batch, span_days=span_days,
                progress=lambda line: self.stdout.write(line) if options["verbosity"] else None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        states = ", ".join(f"{state} {number}" for state, number in sorted(result.states.items()))
        self.stdout.write(self.style.SUCCESS(
            f"{result.created} petitions ({states}), {result.events} events in "
            f"{result.seconds:.1f} s ({result.created / result.seconds:,.0f} petitions/s)."))
