"""Demo data of open data; `manage.py load_demo` calls `load()` after metrics, so the
performance figures are computed. Registers every kind of dataset for each organisation
it applies to (and the performance statistics of every agency) and publishes each once.
Running it again creates nothing: registering returns the dataset there is, and an
unchanged dataset is not published again."""

import logging

from minfu.opendata import registry, services
from minfu.opendata.selectors import public_organisations

logger = logging.getLogger(__name__)


def load() -> None:
    count = 0
    for organisation in public_organisations():
        for code, kind in registry.kinds().items():
            if not kind.applies(organisation):
                continue
            dataset = services.dataset_register(
                actor=None, organisation=organisation, kind=code,
                contact_phone=organisation.phone or "(02) 2396-5000",
                contact_email=organisation.email or f"opendata@{organisation.code.lower()}.example.gov.tw")
            services.dataset_publish(actor=None, dataset=dataset)
            count += 1
    logger.info("opendata demo: %s datasets", count)
