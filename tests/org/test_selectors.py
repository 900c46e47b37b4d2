import pytest
from django.contrib.auth.models import AnonymousUser

from minfu.core.errors import NotFound
from minfu.org import selectors
from minfu.org.models import Role, Scope
from tests.org.factories import (
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
    staff_user,
    superuser,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    ministry = OrganisationFactory.ministry(code="MOF")
    agency = OrganisationFactory.agency(code="TPC", parent=ministry)
    branch = OrganisationFactory.branch(code="TPC-SS", parent=agency)
    other = OrganisationFactory.agency(code="NTBT", parent=ministry)
    return {
        "ministry": ministry, "agency": agency, "branch": branch, "other": other,
        "plan": UnitFactory(organisation=ministry, code="PLAN"),
        "bus1": UnitFactory(organisation=agency, code="BUS1"),
        "sec": UnitFactory(organisation=agency, code="SEC"),
        "ss": UnitFactory(organisation=branch, code="SVC"),
        "vat": UnitFactory(organisation=other, code="VAT"),
    }


def test_unit_scope_sees_the_unit_and_its_organisation_only(tree):
    officer = staff_user(tree["bus1"], Role.OFFICER)
    scope = selectors.visible_scope(officer)
    assert scope.unit_ids == {tree["bus1"].pk}
    assert scope.organisation_ids == {tree["agency"].pk}
    assert scope.whole_organisation_ids == frozenset()
    assert scope.has_role(Role.OFFICER) and not scope.has_role(Role.AGENCY_ADMIN)


def test_organisation_scope_sees_every_unit_of_the_organisation(tree):
    coordinator = staff_user(tree["sec"], Role.QUALITY_COORDINATOR)
    assert set(selectors.units_for(coordinator)) == {tree["bus1"], tree["sec"]}
    assert set(selectors.organisations_for(coordinator)) == {tree["agency"]}


def test_subtree_scope_includes_branches_but_not_siblings_or_parent(tree):
    admin = staff_user(tree["sec"], Role.AGENCY_ADMIN)
    assert set(selectors.organisations_for(admin)) == {tree["agency"], tree["branch"]}
    assert tree["ss"] in selectors.units_for(admin)
    assert tree["vat"] not in selectors.units_for(admin)
    with pytest.raises(NotFound):
        selectors.organisation_get_for(admin, tree["other"].pk)
    with pytest.raises(NotFound):
        selectors.unit_get_for(admin, tree["plan"].pk)
    with pytest.raises(NotFound):
        selectors.organisation_get_for(admin, "not-a-number")


def test_ministry_subtree_sees_everything_below(tree):
    evaluator = staff_user(tree["plan"], Role.MINISTRY_EVALUATOR)
    assert selectors.organisations_for(evaluator).count() == 4


def test_superuser_sees_all_and_anonymous_nothing(tree):
    assert selectors.units_for(superuser()).count() == 5
    assert selectors.visible_scope(AnonymousUser()) == selectors.EMPTY_SCOPE
    assert not selectors.is_staff_member(AnonymousUser())
    assert not selectors.is_staff_member(UserFactory())


def test_memberships_visible_to_admins_of_the_unit_and_to_oneself(tree):
    admin = staff_user(tree["sec"], Role.AGENCY_ADMIN)
    officer = staff_user(tree["bus1"], Role.OFFICER)
    colleague = staff_user(tree["bus1"], Role.OFFICER)
    stranger = staff_user(tree["vat"], Role.OFFICER)
    admin_sees = set(selectors.memberships_for(admin).values_list("user__username", flat=True))
    assert {officer.username, colleague.username, admin.username} <= admin_sees
    assert stranger.username not in admin_sees
    assert set(selectors.memberships_for(officer)) == set(officer.memberships.all())
    with pytest.raises(NotFound):
        selectors.membership_get_for(admin, stranger.memberships.get().pk)


def test_tree_roots_are_the_topmost_visible_organisations(tree):
    admin = staff_user(tree["sec"], Role.AGENCY_ADMIN)
    roots = selectors.organisation_tree_for(admin, with_members=True)
    assert [node.organisation for node in roots] == [tree["agency"]]
    assert [node.organisation for node in roots[0].children] == [tree["branch"]]
    flat = selectors.flatten_tree(roots)
    assert [node.depth for node in flat] == [0, 1]
    sec = next(unit for unit in flat[0].units if unit.code == "SEC")
    assert [m.user for m in sec.visible_members] == [admin]


def test_scope_is_recomputed_after_own_membership_changes(tree):
    user = staff_user(tree["bus1"], Role.OFFICER)
    assert tree["vat"].pk not in selectors.visible_scope(user).unit_ids
    MembershipFactory(user=user, unit=tree["vat"], role=Role.OFFICER, scope=Scope.UNIT)
    assert tree["vat"].pk in selectors.visible_scope(user).unit_ids


def test_agencies_where_are_the_whole_organisations_and_those_of_the_units(tree):
    officer = staff_user(tree["bus1"], Role.OFFICER)
    MembershipFactory(user=officer, unit=tree["vat"], role=Role.OFFICER)
    assert set(selectors.agencies_where(officer, "cases.handle")) == {tree["agency"],
                                                                      tree["other"]}
    admin = staff_user(tree["sec"], Role.AGENCY_ADMIN)
    assert set(selectors.agencies_where(admin, "org.view_members")) == {tree["agency"],
                                                                        tree["branch"]}
    assert not selectors.agencies_where(officer, "org.view_members").exists()
    assert selectors.agency_ids_where(AnonymousUser(), "cases.handle") == frozenset()
    assert selectors.agencies_where(superuser(), "cases.handle").count() == 4
