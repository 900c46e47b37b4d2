"""`generate_petitions --count N`: realistic petitions after `load_demo` (voice.generator)."""

from minfu.records.management.generate import GeneratorCommand
from minfu.voice import generator


class Command(GeneratorCommand):
    generator = generator
    noun = "petitions"
    made = "petitions in the active categories"
    organisations_with = "petition categories"
