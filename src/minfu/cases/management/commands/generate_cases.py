"""`manage.py generate_cases --count N`: fill the database with realistic applications
(after `load_demo`), for benchmarks and demos. See minfu.cases.generator."""

from minfu.cases import generator
from minfu.records.management.generate import GeneratorCommand


class Command(GeneratorCommand):
    help = ("Add N realistic applications of the existing service types, received over the "
            "past two years. Test data only: never run it on a production database.")
    generator = generator
    noun = "cases"
    organisation_help = ("only this organisation (repeat for several); default all "
                         "organisations with service types")

    def details(self, result) -> str:
        return f"{result.events} events, {result.pauses} pauses"
