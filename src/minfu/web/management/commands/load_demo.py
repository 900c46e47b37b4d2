"""`manage.py load_demo`: the demo organisations, staff and services. Safe to run again:
each app's `demo.load()` finds what exists and creates only what is missing."""

import importlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

# In this order: the catalogue's demo services belong to the demo organisations, the
# applications and petitions use those services, plans and assessment refer to all of
# them, and the metrics' rollups are built last from everything above.
DEMO_MODULES = ("minfu.org.demo", "minfu.workcal.demo", "minfu.catalog.demo",
                "minfu.cases.demo", "minfu.voice.demo", "minfu.surveys.demo",
                "minfu.plans.demo", "minfu.assessment.demo", "minfu.metrics.demo")


def row_counts() -> dict[str, int]:
    """Rows per model of Minfu's apps and of the user model, keyed by model label."""
    models = [model for model in apps.get_models() if model.__module__.startswith("minfu.")]
    models.append(get_user_model())
    return {model._meta.label: model._default_manager.count() for model in models}


class Command(BaseCommand):
    help = "Load the demo data (organisations, staff, services). Running it again adds nothing."

    def handle(self, *args, **options):
        self._refuse_unmigrated_database()
        for module_name in DEMO_MODULES:
            module = importlib.import_module(module_name)
            before = row_counts()
            with transaction.atomic():
                module.load()
            self._report(module_name, before, row_counts())
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo accounts: docs/demo.md"))

    def _report(self, module_name: str, before: dict, after: dict) -> None:
        """Each model of the module's app with its total and what this run added, plus any
        other table the run touched (users, audit events)."""
        app_label = module_name.split(".")[-2]  # minfu.org.demo: org
        lines = []
        for label, total in sorted(after.items()):
            added = total - before.get(label, 0)
            model = apps.get_model(label)
            if (model._meta.app_label == app_label and total) or added:
                lines.append(f"  {model._meta.verbose_name_plural}: {total} ({added:+d})")
        self.stdout.write(f"{module_name}:")
        self.stdout.write("\n".join(lines) if lines else "  nothing")

    def _refuse_unmigrated_database(self) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database has unapplied migrations: run `manage.py migrate` first.")
