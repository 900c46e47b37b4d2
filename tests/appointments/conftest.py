import importlib

import pytest


@pytest.fixture(autouse=True)
def _appointment_templates(request):
    """The default message templates the data migration adds (a transactional test run
    before may have flushed them)."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_marker")
    from django.apps import apps

    from minfu.notify.default_templates import create_defaults

    for name in ("0002_default_templates", "0004_time_withdrawn_template"):
        migration = importlib.import_module(f"minfu.appointments.migrations.{name}")
        create_defaults(apps, migration.TEMPLATES)
