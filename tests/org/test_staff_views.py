import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from minfu.org.models import Membership, Organisation, Role, Unit
from tests.org.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"org:{name}", args=args)


class TestDirectory:
    def test_officer_sees_own_agency_and_unit_without_members(self, client, world):
        client.force_login(world.tpc_officer)
        response = client.get(url("staff-directory"))
        html = response.content.decode()
        assert response.status_code == 200
        assert [n.organisation.code for n in response.context["nodes"]] == ["TPC"]
        assert world.ntbt.name_zh not in html
        assert not response.context["show_members"]

    def test_admin_sees_subtree_with_members(self, client, world):
        client.force_login(world.tpc_admin)
        response = client.get(url("staff-directory"))
        nodes = response.context["nodes"]
        assert [(n.organisation.code, n.depth) for n in nodes] == [("TPC", 0), ("TPC-SS", 1)]
        assert response.context["show_members"]
        members = {membership.user for node in nodes for unit in node.units
                   for membership in unit.visible_members}
        assert members == {world.tpc_admin, world.tpc_officer}

    def test_requires_sign_in(self, client, world):
        response = client.get(url("staff-directory"))
        assert response.status_code == 302


class TestOrganisationPages:
    def test_detail_shows_units_and_actions_for_admins(self, client, world):
        client.force_login(world.tpc_admin)
        response = client.get(url("staff-organisation", world.tpc.pk))
        assert response.status_code == 200
        assert response.context["may_manage_units"] and response.context["may_edit"]
        assert {m.user for m in response.context["memberships"]} == \
            {world.tpc_admin, world.tpc_officer}

    def test_officer_sees_detail_without_members_or_actions(self, client, world):
        client.force_login(world.tpc_officer)
        response = client.get(url("staff-organisation", world.tpc.pk))
        assert response.status_code == 200
        assert not response.context["may_edit"] and response.context["memberships"] == []

    def test_other_agency_is_404_everywhere(self, client, world):
        client.force_login(world.tpc_admin)
        ntbt, unit = world.ntbt, world.units.ntbt_svc
        membership = world.ntbt_officer.memberships.get()
        for target in [url("staff-organisation", ntbt.pk), url("staff-organisation-edit", ntbt.pk),
                       url("staff-unit-create", ntbt.pk), url("staff-unit-edit", unit.pk),
                       url("staff-membership-grant", ntbt.pk),
                       url("staff-membership-revoke", membership.pk),
                       url("staff-authenticator-reset", membership.pk)]:
            assert client.get(target).status_code == 404, target
            assert client.post(target, {"name_zh": "改", "code": "X", "version": 1,
                                        "username": "tpc-officer", "role": "officer",
                                        "unit": unit.pk}).status_code == 404, target
        assert Organisation.objects.get(pk=ntbt.pk).name_zh == ntbt.name_zh
        assert Unit.objects.get(pk=unit.pk).version == 1
        assert not Unit.objects.filter(organisation=ntbt, code="X").exists()
        assert Membership.objects.filter(pk=membership.pk).exists()
        assert not world.tpc_officer.memberships.filter(unit=unit).exists()

    def test_officer_may_not_edit_own_agency(self, client, world):
        client.force_login(world.tpc_officer)
        assert client.get(url("staff-organisation-edit", world.tpc.pk)).status_code == 403
        assert client.get(url("staff-unit-create", world.tpc.pk)).status_code == 403
        assert client.post(url("staff-membership-grant", world.tpc.pk), {
            "username": "tpc-officer", "unit": world.units.bus1.pk,
            "role": Role.AGENCY_ADMIN}).status_code == 403
        assert not world.tpc_officer.memberships.filter(role=Role.AGENCY_ADMIN).exists()


class TestEditing:
    def test_admin_edits_contact_details(self, client, world):
        client.force_login(world.tpc_admin)
        response = client.post(url("staff-organisation-edit", world.tpc.pk), {
            "name_zh": "財政部關務署臺北關", "name_en": "Taipei Customs",
            "phone": "03-398-2200", "email": "", "website": "taipei.customs.gov.tw",
            "address_zh": "", "address_en": "", "sort_order": 1, "version": 1})
        assert response.status_code == 302
        tpc = Organisation.objects.get(pk=world.tpc.pk)
        assert (tpc.phone, tpc.website, tpc.version) == \
            ("03-398-2200", "https://taipei.customs.gov.tw", 2)

    def test_stale_form_is_refused_with_a_message(self, client, world):
        client.force_login(world.tpc_admin)
        data = {"name_zh": "臺北關", "name_en": "", "phone": "1", "email": "", "website": "",
                "address_zh": "", "address_en": "", "sort_order": 0, "version": 1}
        assert client.post(url("staff-organisation-edit", world.tpc.pk), data).status_code == 302
        response = client.post(url("staff-organisation-edit", world.tpc.pk), {**data, "phone": "2"})
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert Organisation.objects.get(pk=world.tpc.pk).phone == "1"

    def test_admin_adds_and_edits_a_unit_in_a_branch(self, client, world):
        client.force_login(world.tpc_admin)
        response = client.post(url("staff-unit-create", world.tpc_branch.pk), {
            "code": "ins", "name_zh": "驗貨課", "name_en": "", "phone": "", "email": "",
            "sort_order": 5, "is_active": "on"})
        assert response.status_code == 302
        unit = Unit.objects.get(organisation=world.tpc_branch, code="INS")
        response = client.post(url("staff-unit-edit", unit.pk), {
            "code": "INS", "name_zh": "驗估課", "name_en": "", "phone": "", "email": "",
            "sort_order": 5, "version": unit.version})
        assert response.status_code == 302
        unit.refresh_from_db()
        assert (unit.name_zh, unit.is_active, unit.version) == ("驗估課", False, 2)

    def test_duplicate_unit_code_is_a_field_error(self, client, world):
        client.force_login(world.tpc_admin)
        response = client.post(url("staff-unit-create", world.tpc.pk), {
            "code": "bus1", "name_zh": "重複", "sort_order": 0})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]

    def test_a_control_character_in_a_name_is_refused(self, client, world):
        """It would break every XLSX export that lists the unit (openpyxl refuses it)."""
        client.force_login(world.tpc_admin)
        response = client.post(url("staff-unit-create", world.tpc.pk), {
            "code": "ins", "name_zh": "驗貨\x08課", "sort_order": 0})
        assert response.status_code == 400
        assert not Unit.objects.filter(code="INS").exists()

    def test_grant_and_revoke(self, client, world):
        client.force_login(world.tpc_admin)
        newcomer = UserFactory(username="newcomer")
        grant = url("staff-membership-grant", world.tpc.pk)
        response = client.get(grant)
        assert set(response.context["form"].fields["unit"].queryset) == \
            {world.units.bus1, world.units.tpc_sec}
        response = client.post(grant, {"username": "nobody", "unit": world.units.bus1.pk,
                                       "role": Role.OFFICER})
        assert response.context["form"].errors["username"]
        response = client.post(grant, {"username": "newcomer", "unit": world.units.ntbt_svc.pk,
                                       "role": Role.OFFICER})
        assert response.context["form"].errors["unit"]  # not a choice: other agency
        response = client.post(grant, {"username": "newcomer", "unit": world.units.bus1.pk,
                                       "role": Role.MINISTRY_EVALUATOR})
        assert response.context["form"].errors["role"]
        response = client.post(grant, {"username": "newcomer", "unit": world.units.bus1.pk,
                                       "role": Role.SUPERVISOR, "title": "課長"})
        assert response.status_code == 302
        membership = newcomer.memberships.get()
        assert (membership.role, membership.title) == (Role.SUPERVISOR, "課長")
        response = client.post(url("staff-membership-revoke", membership.pk))
        assert response.status_code == 302
        assert not newcomer.memberships.exists()

    def test_admin_cannot_revoke_own_admin_role(self, client, world):
        client.force_login(world.tpc_admin)
        own = world.tpc_admin.memberships.get()
        response = client.post(url("staff-membership-revoke", own.pk))
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert Membership.objects.filter(pk=own.pk).exists()

    def test_admin_resets_a_members_authenticator(self, client, world):
        TOTPDevice.objects.create(user=world.tpc_officer, name="phone", confirmed=True)
        TOTPDevice.objects.create(user=world.ntbt_officer, name="phone", confirmed=True)
        client.force_login(world.tpc_admin)
        membership = world.tpc_officer.memberships.get()
        assert client.post(url("staff-authenticator-reset", membership.pk)).status_code == 302
        assert not TOTPDevice.objects.filter(user=world.tpc_officer).exists()
        assert TOTPDevice.objects.filter(user=world.ntbt_officer).exists()
