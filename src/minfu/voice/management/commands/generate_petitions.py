"""`manage.py generate_petitions --count N`: fill the database with realistic petitions
(after `load_demo`), for benchmarks and demos. See minfu.voice.generator."""

from minfu.records.management.generate import GeneratorCommand
from minfu.voice import generator


class Command(GeneratorCommand):
    help = ("Add N realistic petitions in the active categories, received over the past two "
            "years. Test data only: never run it on a production database.")
    generator = generator
    noun = "petitions"
    organisation_help = ("only this organisation (repeat for several); default all "
                         "organisations with petition categories")
