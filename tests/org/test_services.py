import pytest

from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.org import services
from minfu.org.models import Membership, Organisation, Role, Scope, Unit
from tests.org.factories import (
    OrganisationFactory,
    UnitFactory,
    UserFactory,
    staff_user,
    superuser,
)

pytestmark = pytest.mark.django_db


def fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


class TestOrganisationRules:
    def test_path_follows_the_tree_and_codes_are_upper_case(self):
        ministry = OrganisationFactory.ministry(code="mof")
        agency = OrganisationFactory.agency(code="TPC", parent=ministry)
        branch = OrganisationFactory.branch(code="TPC-SS", parent=agency)
        assert (ministry.code, ministry.path) == ("MOF", "/MOF/")
        assert branch.path == "/MOF/TPC/TPC-SS/"
        assert branch.depth == 2

    def test_codes_are_unique_whatever_the_case(self):
        OrganisationFactory(code="NTBT")
        with pytest.raises(ValidationFailed) as error:
            OrganisationFactory(code="ntbt")
        assert "code" in error.value.details

    @pytest.mark.parametrize("code", ["", "有", "A B", "A" * 21, "-A"])
    def test_code_format(self, code):
        with pytest.raises(ValidationFailed) as error:
            OrganisationFactory(code=code)
        assert "code" in error.value.details

    def test_kind_rules(self):
        ministry = OrganisationFactory.ministry()
        agency = OrganisationFactory.agency(parent=ministry)
        with pytest.raises(ValidationFailed) as error:
            OrganisationFactory(kind=Organisation.Kind.MINISTRY, parent=agency)
        assert "parent" in error.value.details
        with pytest.raises(ValidationFailed):
            OrganisationFactory(kind=Organisation.Kind.BRANCH, parent=None)
        with pytest.raises(ValidationFailed):
            OrganisationFactory(kind=Organisation.Kind.BRANCH, parent=ministry)
        with pytest.raises(ValidationFailed):
            OrganisationFactory.agency(parent=agency)
        assert OrganisationFactory.agency(parent=None).path.count("/") == 2

    def test_no_cycles(self):
        ministry = OrganisationFactory.ministry()
        agency = OrganisationFactory.agency(parent=ministry)
        agency.parent = agency
        with pytest.raises(ValidationFailed) as error:
            services.organisation_save(organisation=agency)
        assert "parent" in error.value.details
        assert fresh(agency).parent_id == ministry.pk

    def test_moving_an_organisation_moves_its_branches(self):
        first, second = OrganisationFactory.ministry(code="M1"), OrganisationFactory.ministry(code="M2")
        agency = OrganisationFactory.agency(code="AG", parent=first)
        branch = OrganisationFactory.branch(code="BR", parent=agency)
        agency.parent = second
        services.organisation_save(organisation=agency)
        assert fresh(branch).path == "/M2/AG/BR/"
        assert fresh(branch).version == branch.version + 1  # an open form of it is now stale
        agency.code = "AG2"
        services.organisation_save(organisation=agency)
        assert fresh(branch).path == "/M2/AG2/BR/"

    def test_cannot_deactivate_with_active_organisations_under_it(self):
        agency = OrganisationFactory.agency()
        OrganisationFactory.branch(parent=agency)
        agency.is_active = False
        with pytest.raises(ValidationFailed):
            services.organisation_save(organisation=agency)

    def test_stale_version_is_refused(self):
        agency = OrganisationFactory()
        first_reader, second_reader = fresh(agency), fresh(agency)
        first_reader.phone = "02-1234-5678"
        services.organisation_save(organisation=first_reader, expected_version=1)
        second_reader.phone = "02-8765-4321"
        with pytest.raises(Conflict):
            services.organisation_save(organisation=second_reader, expected_version=1)
        assert fresh(agency).phone == "02-1234-5678"
        assert fresh(agency).version == 2

    def test_agency_admin_edits_details_but_not_structure(self):
        ministry = OrganisationFactory.ministry()
        agency = OrganisationFactory.agency(parent=ministry)
        admin = staff_user(UnitFactory(organisation=agency), Role.AGENCY_ADMIN)
        agency.email = "service@example.gov.tw"
        services.organisation_save(organisation=agency, actor=admin)
        agency.code = "RENAMED"
        with pytest.raises(PermissionDenied):
            services.organisation_save(organisation=agency, actor=admin)
        with pytest.raises(PermissionDenied):
            services.organisation_save(organisation=Organisation(
                code="NEW", kind="branch", parent=agency, name_zh="新", locality="taipei"),
                actor=admin)
        with pytest.raises(PermissionDenied):
            ministry.phone = "1"
            services.organisation_save(organisation=ministry, actor=admin)
        stored = fresh(agency)
        assert stored.email == "service@example.gov.tw"
        assert stored.code != "RENAMED"

    def test_every_save_is_audited_with_before_and_after(self):
        agency = OrganisationFactory(phone="1")
        agency.phone = "2"
        root = superuser()
        services.organisation_save(organisation=agency, actor=root)
        event = AuditEvent.objects.filter(action="organisation.saved",
                                          object_id=str(agency.pk)).last()
        assert event.actor == root
        assert (event.before["phone"], event.after["phone"]) == ("1", "2")


class TestUnitRules:
    def test_unique_code_within_organisation_only(self):
        first, second = OrganisationFactory(), OrganisationFactory()
        UnitFactory(organisation=first, code="SEC")
        UnitFactory(organisation=second, code="SEC")
        with pytest.raises(ValidationFailed) as error:
            UnitFactory(organisation=first, code="sec")
        assert "code" in error.value.details

    def test_unit_cannot_move_to_another_organisation(self):
        unit = UnitFactory()
        unit.organisation = OrganisationFactory()
        with pytest.raises(ValidationFailed):
            services.unit_save(unit=unit)

    def test_only_admins_of_the_organisation_manage_units(self):
        agency, other = OrganisationFactory(), OrganisationFactory()
        admin = staff_user(UnitFactory(organisation=agency), Role.AGENCY_ADMIN)
        coordinator = staff_user(UnitFactory(organisation=agency), Role.QUALITY_COORDINATOR)
        services.unit_save(unit=Unit(organisation=agency, code="NEW", name_zh="新科"),
                           actor=admin)
        for actor, organisation in [(admin, other), (coordinator, agency)]:
            with pytest.raises(PermissionDenied):
                services.unit_save(unit=Unit(organisation=organisation, code="X",
                                             name_zh="某科"), actor=actor)
        assert not Unit.objects.filter(code="X").exists()

    def test_stale_unit_edit_is_refused(self):
        unit = UnitFactory()
        old = fresh(unit)
        unit.name_en = "Renamed"
        services.unit_save(unit=unit)
        old.name_en = "Other"
        with pytest.raises(Conflict):
            services.unit_save(unit=old)
        assert fresh(unit).name_en == "Renamed"


class TestMemberships:
    def test_grant_uses_the_role_default_scope_and_is_audited(self):
        unit = UnitFactory()
        admin = staff_user(unit, Role.AGENCY_ADMIN)
        user = UserFactory()
        membership = services.membership_grant(user=user, unit=unit, role=Role.SUPERVISOR,
                                               title="股長", actor=admin)
        assert membership.scope == Scope.UNIT
        assert AuditEvent.objects.filter(action="membership.granted",
                                         object_id=str(membership.pk), actor=admin).exists()

    def test_granting_again_updates_scope_instead_of_duplicating(self):
        unit = UnitFactory()
        user = staff_user(unit, Role.OFFICER)
        services.membership_grant(user=user, unit=unit, role=Role.OFFICER,
                                  scope=Scope.ORGANISATION)
        assert Membership.objects.get(user=user).scope == Scope.ORGANISATION

    def test_no_granting_outside_scope_or_wider_than_held(self):
        agency, other = OrganisationFactory(), OrganisationFactory()
        own_unit = UnitFactory(organisation=agency)
        admin = staff_user(own_unit, Role.AGENCY_ADMIN)
        unit_admin = staff_user(own_unit, Role.AGENCY_ADMIN, scope=Scope.UNIT)
        user = UserFactory()
        with pytest.raises(PermissionDenied):
            services.membership_grant(user=user, unit=UnitFactory(organisation=other),
                                      role=Role.OFFICER, actor=admin)
        with pytest.raises(PermissionDenied):
            services.membership_grant(user=user, unit=own_unit, role=Role.QUALITY_COORDINATOR,
                                      actor=unit_admin)
        services.membership_grant(user=user, unit=own_unit, role=Role.OFFICER,
                                  actor=unit_admin)
        assert list(user.memberships.values_list("role", flat=True)) == [Role.OFFICER]

    def test_ministry_evaluator_belongs_to_a_ministry(self):
        with pytest.raises(ValidationFailed) as error:
            staff_user(UnitFactory(), Role.MINISTRY_EVALUATOR)
        assert "role" in error.value.details
        ministry_unit = UnitFactory(organisation=OrganisationFactory.ministry())
        assert staff_user(ministry_unit, Role.MINISTRY_EVALUATOR).memberships.exists()

    def test_revoke_is_audited_and_admins_cannot_revoke_their_own_admin_role(self):
        unit = UnitFactory()
        admin = staff_user(unit, Role.AGENCY_ADMIN)
        officer = staff_user(unit, Role.OFFICER)
        membership = officer.memberships.get()
        services.membership_revoke(membership=membership, actor=admin)
        assert not officer.memberships.exists()
        event = AuditEvent.objects.get(action="membership.revoked")
        assert event.before["user"] == officer.username
        with pytest.raises(PermissionDenied):
            services.membership_revoke(membership=admin.memberships.get(), actor=admin)
        assert admin.memberships.exists()

    def test_inactive_user_or_unit_cannot_be_granted(self):
        unit = UnitFactory()
        with pytest.raises(ValidationFailed):
            services.membership_grant(user=UserFactory(is_active=False), unit=unit,
                                      role=Role.OFFICER)
        unit.is_active = False
        services.unit_save(unit=unit)
        with pytest.raises(ValidationFailed):
            services.membership_grant(user=UserFactory(), unit=unit, role=Role.OFFICER)
