from types import SimpleNamespace

import pytest

from minfu.catalog.models import ServiceType
from minfu.org.models import Role
from tests.notify.helpers import template
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user


@pytest.fixture(autouse=True)
def _notify_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MINFU_SMS_BACKEND = "minfu.notify.backends.MemorySmsBackend"
    settings.MINFU_NOTIFY_MAX_ATTEMPTS = 4
    settings.MINFU_NOTIFY_LEASE_SECONDS = 300
    from minfu.notify.backends import MemorySmsBackend

    MemorySmsBackend.outbox.clear()


@pytest.fixture
def world(db):
    """Two agencies, an officer in each, an administrator of the first, a service type of
    the first, a default template."""
    tpc = OrganisationFactory.agency(code="TPC")
    ntbt = OrganisationFactory.agency(code="NTBT")
    tpc_unit = UnitFactory(organisation=tpc, code="SVC")
    ntbt_unit = UnitFactory(organisation=ntbt, code="SVC")
    return SimpleNamespace(
        tpc=tpc, ntbt=ntbt,
        service_type=ServiceType.objects.create(organisation=tpc, code="TAX-CERT"),
        default_template=template(),
        tpc_officer=staff_user(tpc_unit, Role.OFFICER, username="tpc-officer"),
        tpc_admin=staff_user(tpc_unit, Role.AGENCY_ADMIN, username="tpc-admin"),
        ntbt_officer=staff_user(ntbt_unit, Role.OFFICER, username="ntbt-officer"),
    )
