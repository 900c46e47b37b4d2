from types import SimpleNamespace

import pytest

from minfu.org.models import Role
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user


@pytest.fixture
def world(db):
    """Two agencies under one ministry, a branch under the first, staff in each."""
    ministry = OrganisationFactory.ministry(code="MOF")
    tpc = OrganisationFactory.agency(code="TPC", parent=ministry)
    tpc_branch = OrganisationFactory.branch(code="TPC-SS", parent=tpc)
    ntbt = OrganisationFactory.agency(code="NTBT", parent=ministry)
    units = SimpleNamespace(
        plan=UnitFactory(organisation=ministry, code="PLAN"),
        bus1=UnitFactory(organisation=tpc, code="BUS1"),
        tpc_sec=UnitFactory(organisation=tpc, code="SEC"),
        ss=UnitFactory(organisation=tpc_branch, code="SVC"),
        ntbt_svc=UnitFactory(organisation=ntbt, code="SVC"),
        ntbt_sec=UnitFactory(organisation=ntbt, code="SEC"),
    )
    return SimpleNamespace(
        ministry=ministry, tpc=tpc, tpc_branch=tpc_branch, ntbt=ntbt, units=units,
        tpc_admin=staff_user(units.tpc_sec, Role.AGENCY_ADMIN, username="tpc-admin",
                             is_staff=True),
        tpc_officer=staff_user(units.bus1, Role.OFFICER, username="tpc-officer"),
        ntbt_admin=staff_user(units.ntbt_sec, Role.AGENCY_ADMIN, username="ntbt-admin",
                              is_staff=True),
        ntbt_officer=staff_user(units.ntbt_svc, Role.OFFICER, username="ntbt-officer"),
    )
