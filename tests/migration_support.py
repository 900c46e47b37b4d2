"""Running the migrations to a state in a test, and back to the latest: the apps of the
state reached, to make rows as they were then."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets=None):
    """Migrate to `targets` ((app, migration) pairs; None: the latest) and return the
    state's apps."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
