import datetime as dt

import pytest
import time_machine

from minfu.cases import selectors, services
from minfu.core.errors import NotFound
from minfu.org.models import Role
from minfu.records.timeline import timeline
from tests.cases.factories import at, officer, service, submit
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user, superuser
from tests.records.lookups import case_for_lookup

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    version = service(period_value=5)
    return submit(version, received_at=at(dt.date(2025, 3, 3)))[0]


def test_officers_see_the_cases_of_their_unit_only(case):
    clerk = officer(case.unit)
    neighbour = officer(UnitFactory(organisation=case.organisation))
    assert list(selectors.cases_for(clerk)) == [case]
    assert selectors.case_get_for(clerk, case.pk) == case
    assert not selectors.cases_for(neighbour).exists()
    with pytest.raises(NotFound):
        selectors.case_get_for(neighbour, case.pk)


def test_another_agencys_staff_see_nothing(case):
    admin_elsewhere = staff_user(UnitFactory(), Role.AGENCY_ADMIN)
    assert not selectors.cases_for(admin_elsewhere).exists()
    with pytest.raises(NotFound):
        selectors.case_get_for(admin_elsewhere, case.pk)
    with pytest.raises(NotFound):
        selectors.case_get_for(admin_elsewhere, "not a number")


def test_organisation_and_subtree_scopes_see_the_whole_organisation(case):
    coordinator = staff_user(UnitFactory(organisation=case.organisation),
                             Role.QUALITY_COORDINATOR)
    assert list(selectors.cases_for(coordinator)) == [case]
    ministry = OrganisationFactory.ministry()
    agency = OrganisationFactory.agency(parent=ministry)
    branch = OrganisationFactory.branch(parent=agency)
    branch_version = service(UnitFactory(organisation=branch), period_value=5)
    branch_case, _code = submit(branch_version, received_at=at(dt.date(2025, 3, 3)))
    administrator = staff_user(UnitFactory(organisation=agency), Role.AGENCY_ADMIN)
    assert list(selectors.cases_for(administrator)) == [branch_case]
    assert set(selectors.cases_for(superuser())) == {case, branch_case}


def test_roles_without_case_access_see_nothing(case):
    ministry = OrganisationFactory.ministry()
    evaluator = staff_user(UnitFactory(organisation=ministry), Role.MINISTRY_EVALUATOR)
    assert not selectors.cases_for(evaluator).exists()
    assert not selectors.may_view_cases(evaluator)
    assert selectors.may_view_cases(officer(case.unit))


def test_lookup_needs_the_right_pair():
    version = service(period_value=5)
    case, code = submit(version)
    other, other_code = submit(version)
    assert case_for_lookup(case.number, code) == case
    assert case_for_lookup(case.number.lower(), code.lower()) == case
    assert case_for_lookup(case.number, other_code) is None
    assert case_for_lookup(other.number, code) is None
    assert case_for_lookup(case.number[:-1] + "9", code) is None
    assert case_for_lookup("garbage", code) is None
    assert case_for_lookup(case.number, "") is None
    assert case_for_lookup("", "") is None


def test_the_public_timeline_hides_internal_steps_and_names(case):
    clerk = staff_user(case.unit, Role.OFFICER, first_name="Mei", last_name="Lin")
    supervisor = officer(case.unit, Role.SUPERVISOR)
    with time_machine.travel(at(dt.date(2025, 3, 4)), tick=False):
        [case] = services.case_assign(cases=[case], officer=clerk, actor=supervisor)
        case = services.case_accept(case=case, actor=clerk)
        case = services.case_transfer(case=case, to_organisation_name="內政部",
                                      reason="主管機關", actor=clerk)
    staff = timeline(case)
    public = timeline(case, public=True)
    assert [e.action for e in staff] == ["case.submitted", "case.assigned", "case.accepted",
                                         "case.transferred"]
    assert [e.action for e in public] == ["case.submitted", "case.accepted", "case.transferred"]
    assert staff[2].actor_name == "Mei Lin" and staff[1].data == {"officer_id": clerk.pk}
    assert all(e.actor_name == "" and e.data == {} for e in public)
    assert public[-1].note == "內政部: 主管機關" and public[-1].to_state == "transferred"
