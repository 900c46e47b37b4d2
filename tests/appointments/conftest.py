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

    migration = importlib.import_module("minfu.appointments.migrations.0002_default_templates")
    create_defaults(apps, migration.TEMPLATES)
