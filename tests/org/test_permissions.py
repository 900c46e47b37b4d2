import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.core.errors import PermissionDenied
from minfu.org.models import Role, Scope, Unit
from minfu.org.permissions import (
    PERMISSIONS,
    Grant,
    UnknownAction,
    actions_for,
    can,
    decide,
    require,
    role_may,
    roles_for,
)
from tests.org.factories import (
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
    staff_user,
)

actions = st.sampled_from(sorted(PERMISSIONS))
roles = st.sampled_from(Role.values)
ids = st.frozensets(st.integers(min_value=1, max_value=30), max_size=6)
grants = st.lists(st.builds(Grant, roles, ids, ids), max_size=5)


def test_table_examples_from_the_brief():
    assert roles_for("org.manage_units") == {Role.AGENCY_ADMIN}
    assert roles_for("catalog.edit") == {Role.AGENCY_ADMIN, Role.QUALITY_COORDINATOR}
    assert roles_for("workcal.manage_closures") == {Role.AGENCY_ADMIN,
                                                    Role.QUALITY_COORDINATOR}
    assert role_may(Role.MINISTRY_EVALUATOR, "assessment.evaluate")
    assert not role_may(Role.OFFICER, "catalog.edit")
    assert roles_for("org.manage_structure") == frozenset()  # superusers only


def test_table_only_names_known_roles_and_namespaced_actions():
    for action, allowed in PERMISSIONS.items():
        assert "." in action
        assert allowed <= set(Role.values)


def test_unknown_action_fails_loudly():
    with pytest.raises(UnknownAction):
        roles_for("catalog.edti")
    with pytest.raises(UnknownAction):
        decide([], "nope")


@given(role=roles)
def test_actions_for_is_the_inverse_of_the_table(role):
    assert actions_for(role) == {a for a in PERMISSIONS if role_may(role, a)}


@given(grants=grants, action=actions)
def test_without_a_target_any_grant_of_an_allowed_role_suffices(grants, action):
    expected = any(g.role in PERMISSIONS[action] for g in grants)
    assert decide(grants, action) is expected


@given(grants=grants, action=actions, unit_id=st.integers(1, 30), org_id=st.integers(1, 30))
def test_a_unit_is_allowed_only_through_a_grant_that_covers_it(grants, action, unit_id, org_id):
    allowed = decide(grants, action, unit_id=unit_id)
    assert allowed is any(g.role in PERMISSIONS[action] and unit_id in g.unit_ids
                          for g in grants)
    # naming the unit's own organisation changes nothing; another organisation denies
    assert decide(grants, action, unit_id=unit_id, organisation_id=org_id,
                  unit_organisation_id=org_id) is allowed
    assert decide(grants, action, unit_id=unit_id, organisation_id=org_id,
                  unit_organisation_id=org_id + 1) is False


@given(grants=grants, action=actions, org_id=st.integers(1, 30))
def test_an_organisation_needs_a_grant_covering_it_whole(grants, action, org_id):
    assert decide(grants, action, organisation_id=org_id) is any(
        g.role in PERMISSIONS[action] and org_id in g.organisation_ids for g in grants)


@given(grants=grants, extra=grants, action=actions, org_id=st.integers(1, 30))
def test_more_grants_never_take_a_permission_away(grants, extra, action, org_id):
    if decide(grants, action, organisation_id=org_id):
        assert decide(grants + extra, action, organisation_id=org_id)


@pytest.mark.django_db
class TestCan:
    def test_role_counts_only_within_its_own_membership_scope(self):
        agency_a, agency_b = OrganisationFactory(), OrganisationFactory()
        unit_a, unit_b = UnitFactory(organisation=agency_a), UnitFactory(organisation=agency_b)
        user = staff_user(unit_a, Role.OFFICER)
        MembershipFactory(user=user, unit=unit_b, role=Role.AGENCY_ADMIN)
        assert can(user, "org.manage_units", organisation=agency_b)
        assert not can(user, "org.manage_units", organisation=agency_a)
        assert can(user, "cases.handle", unit=unit_a)
        assert not can(user, "cases.handle", unit=unit_b)

    def test_unit_scope_does_not_cover_the_whole_organisation(self):
        unit = UnitFactory()
        coordinator = staff_user(unit, Role.QUALITY_COORDINATOR, scope=Scope.UNIT)
        assert can(coordinator, "catalog.edit", unit=unit)
        assert not can(coordinator, "catalog.edit", organisation=unit.organisation)

    def test_subtree_scope_reaches_branch_offices(self):
        ministry = OrganisationFactory.ministry()
        agency = OrganisationFactory.agency(parent=ministry)
        branch = OrganisationFactory.branch(parent=agency)
        branch_unit = UnitFactory(organisation=branch)
        admin = staff_user(UnitFactory(organisation=agency), Role.AGENCY_ADMIN)
        assert can(admin, "org.manage_units", organisation=branch)
        assert can(admin, "org.manage_memberships", unit=branch_unit)
        assert not can(admin, "org.manage_units", organisation=ministry)
        evaluator = staff_user(UnitFactory(organisation=ministry), Role.MINISTRY_EVALUATOR)
        assert can(evaluator, "assessment.evaluate", organisation=branch)
        assert not can(evaluator, "catalog.edit", organisation=branch)

    def test_inactive_unit_grants_nothing(self):
        unit = UnitFactory()
        user = staff_user(unit, Role.AGENCY_ADMIN)
        Unit.objects.filter(pk=unit.pk).update(is_active=False)
        assert not can(user, "org.manage_units")

    def test_superuser_anonymous_and_inactive(self):
        from django.contrib.auth.models import AnonymousUser

        superuser = UserFactory(is_superuser=True)
        assert can(superuser, "org.manage_structure")
        assert not can(AnonymousUser(), "catalog.view")
        user = staff_user(role=Role.AGENCY_ADMIN)
        user.is_active = False
        assert not can(user, "catalog.view")
        with pytest.raises(UnknownAction):
            can(superuser, "no.such_action")


@pytest.mark.django_db
class TestRequire:
    def test_refuses_with_one_shape_and_a_stable_code(self):
        unit = UnitFactory()
        officer = staff_user(unit, Role.OFFICER)
        require(officer, "cases.handle", unit=unit)
        with pytest.raises(PermissionDenied) as refused:
            require(officer, "org.manage_units", organisation=unit.organisation)
        assert refused.value.code == "forbidden"
        assert refused.value.details == {"action": "org.manage_units"}
        assert refused.value.status == 403

    def test_within_an_organisation_any_unit_of_it_is_enough(self):
        unit = UnitFactory()
        sister = UnitFactory(organisation=unit.organisation)
        officer = staff_user(unit, Role.OFFICER, scope=Scope.UNIT)
        with pytest.raises(PermissionDenied):
            require(officer, "cases.handle", unit=sister)
        require(officer, "cases.handle", within=sister.organisation)
        with pytest.raises(PermissionDenied):
            require(officer, "cases.handle", within=OrganisationFactory())

    def test_the_system_needs_no_permission_and_an_unknown_action_fails_loudly(self):
        require(None, "org.manage_structure")
        with pytest.raises(UnknownAction):
            require(None, "org.no_such_action")
