"""`generate_cases --count N`: realistic applications after `load_demo` (cases.generator)."""

from minfu.cases import generator
from minfu.records.management.generate import GeneratorCommand


class Command(GeneratorCommand):
    generator = generator
    noun = "cases"
    made = "applications of the existing service types"
    organisations_with = "service types"

    def details(self, result) -> str:
        return f"{result.events} events, {result.pauses} pauses"
