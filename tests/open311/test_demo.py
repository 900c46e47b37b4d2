"""The demo data of Open311 load through the services and load again without change."""

import pytest

from minfu.catalog import demo as catalog_demo
from minfu.open311 import demo, selectors
from minfu.open311.models import ApiKey, Open311Service
from minfu.org import demo as org_demo
from minfu.org.models import Organisation
from minfu.voice import demo as voice_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_its_key_works():
    org_demo.load()
    catalog_demo.load()
    for code in ("TPC", "NTBT"):
        voice_demo._configure(Organisation.objects.get(code=code), code)
    demo.load()
    counts = (Open311Service.objects.count(), ApiKey.objects.count())
    demo.load()
    assert (Open311Service.objects.count(), ApiKey.objects.count()) == counts
    assert counts[1] == 1 and counts[0] >= 2
    key = selectors.api_key_by_plaintext(demo.DEMO_KEY)
    assert key is not None and key.active and key.organisation.code == "TPC"
    codes = {service.code for service in selectors.public_services(None)}
    assert "decl-copy" in codes and "clearance" in codes
