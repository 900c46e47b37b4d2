"""Demo data of metrics; `manage.py load_demo` calls `load()` last, which is safe to run
again: the rollups are derived data, so the demo simply rebuilds them from the demo
applications, petitions and surveys the other apps loaded."""

import logging

from minfu.metrics import services

logger = logging.getLogger(__name__)


def load() -> None:
    result = services.rollups_rebuild()
    logger.info("metrics demo: %s rollup rows", result.rows)
