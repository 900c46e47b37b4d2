"""`manage.py load_demo`: the demo organisations, staff and services. Safe to run again:
each app's `demo.load()` finds what exists and creates only what is missing."""

import importlib

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils.translation import override

# In this order: the catalogue's demo services belong to the demo organisations, the
# applications and petitions use those services, plans and assessment refer to all of
# them, and the metrics' rollups are built from everything above; last, retention ages a
# few closed records past their period (after the rollups, which keep their days).
DEMO_MODULES = ("minfu.org.demo", "minfu.workcal.demo", "minfu.catalog.demo",
                "minfu.documents.demo", "minfu.cases.demo", "minfu.voice.demo",
                "minfu.surveys.demo", "minfu.citizens.demo",
                "minfu.plans.demo", "minfu.assessment.demo",
                "minfu.knowledge.demo", "minfu.open311.demo", "minfu.participation.demo",
                "minfu.appointments.demo",
                # The retention demo ages closed records before the metrics count them.
                "minfu.records.demo", "minfu.metrics.demo",
                "minfu.opendata.demo", "minfu.search.demo")


def row_counts() -> dict[str, int]:
    """Rows per model of Minfu's apps and of the user model, keyed by model label."""
    models = [model for model in apps.get_models() if model.__module__.startswith("minfu.")]
    models.append(get_user_model())
    return {model._meta.label: model._default_manager.count() for model in models}


def sign_in_summary(address: str) -> str:
    """Where to go and whom to sign in as: what someone who just typed `make run` needs."""
    from minfu.org.demo import DEMO_PASSWORD, STAFF, SUPERUSER

    with override(settings.LANGUAGE_CODE):  # the Chinese site, at the root
        staff_login, outbox = reverse("web:staff-login"), reverse("notify:staff-outbox")
    accounts = [f"    {demo.username:<18} {demo.role} ({demo.organisation} {demo.unit})"
                for demo in STAFF]
    accounts.append(f"    {SUPERUSER:<18} superuser (also /admin/)")
    return "\n".join([
        f"  Citizen site:  {address}/",
        f"  Citizen sign-in: {address}/citizen/sign-in/  (Demo ID: choose demo-citizen,"
        " 林淑芬; docs/citizen-accounts.md)",
        f"  Staff sign-in: {address}{staff_login}  password of every account: {DEMO_PASSWORD}",
        *accounts,
        f"  E-mails are not printed here: read them on {address}{outbox}"
        + (f" or in {settings.EMAIL_FILE_PATH}/" if settings.EMAIL_BACKEND.endswith(
            "filebased.EmailBackend") else "") + ".",
        "  More in docs/demo.md."])


class Command(BaseCommand):
    help = "Load the demo data (organisations, staff, services). Running it again adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("--address", default="http://127.0.0.1:8000",
                            help="Where the site is served, for the summary at the end.")

    def handle(self, *args, **options):
        self._refuse_unmigrated_database()
        for module_name in DEMO_MODULES:
            module = importlib.import_module(module_name)
            before = row_counts()
            with transaction.atomic():
                module.load()
            self._report(module_name, before, row_counts())
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(sign_in_summary(options["address"].rstrip("/")))

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
