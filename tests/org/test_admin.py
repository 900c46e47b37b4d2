import pytest
from django.urls import reverse

from minfu.core.models import AuditEvent
from minfu.org.models import Membership, Organisation, Role, Unit
from tests.org.factories import UserFactory, superuser

pytestmark = pytest.mark.django_db


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:org_{model}_{action}", args=args)


def unit_form_data(unit, **changes):
    return {"code": unit.code, "name_zh": unit.name_zh, "name_en": unit.name_en,
            "sort_order": unit.sort_order, "phone": "", "email": "", "is_active": "on",
            "expected_version": unit.version, **changes}


class TestScopedLists:
    def test_agency_admin_lists_only_own_subtree(self, client, world):
        client.force_login(world.tpc_admin)
        organisations = client.get(admin_url("organisation")).context["cl"].queryset
        assert set(organisations) == {world.tpc, world.tpc_branch}
        units = client.get(admin_url("unit")).context["cl"].queryset
        assert {u.organisation for u in units} == {world.tpc, world.tpc_branch}
        memberships = client.get(admin_url("membership")).context["cl"].queryset
        assert {m.user for m in memberships} == {world.tpc_admin, world.tpc_officer}

    def test_other_agency_records_are_not_found_and_unchanged(self, client, world):
        client.force_login(world.tpc_admin)
        unit = world.units.ntbt_svc
        membership = world.ntbt_officer.memberships.get()
        for target in [admin_url("organisation", "change", world.ntbt.pk),
                       admin_url("unit", "change", unit.pk),
                       admin_url("membership", "change", membership.pk),
                       admin_url("membership", "delete", membership.pk)]:
            response = client.get(target)
            assert response.status_code == 302 and response["Location"] == reverse("admin:index")
        client.post(admin_url("unit", "change", unit.pk), unit_form_data(unit, name_zh="改"))
        client.post(admin_url("membership", "delete", membership.pk), {"post": "yes"})
        client.post(admin_url("membership"), {"action": "delete_selected", "post": "yes",
                                              "_selected_action": [membership.pk]})
        assert Unit.objects.get(pk=unit.pk).name_zh == unit.name_zh
        assert Membership.objects.filter(pk=membership.pk).exists()

    def test_foreign_keys_offer_only_choices_in_scope(self, client, world):
        client.force_login(world.tpc_admin)
        form = client.get(admin_url("unit", "add")).context["adminform"].form
        assert set(form.fields["organisation"].queryset) == {world.tpc, world.tpc_branch}
        form = client.get(admin_url("membership", "add")).context["adminform"].form
        assert world.units.ntbt_svc not in form.fields["unit"].queryset
        assert world.units.ss in form.fields["unit"].queryset

    def test_officer_with_is_staff_cannot_change_anything(self, client, world):
        world.tpc_officer.is_staff = True
        world.tpc_officer.save()
        client.force_login(world.tpc_officer)
        assert client.get(admin_url("unit", "add")).status_code == 403
        response = client.get(admin_url("unit", "change", world.units.bus1.pk))
        assert response.status_code == 200
        assert not response.context["has_change_permission"]


class TestSavingThroughServices:
    def test_unit_edit_is_versioned_and_audited(self, client, world):
        client.force_login(world.tpc_admin)
        unit = world.units.bus1
        response = client.post(admin_url("unit", "change", unit.pk),
                               unit_form_data(unit, name_en="Operations I"))
        assert response.status_code == 302
        assert Unit.objects.get(pk=unit.pk).version == 2
        assert AuditEvent.objects.filter(action="unit.saved", object_id=str(unit.pk),
                                         actor=world.tpc_admin).exists()
        response = client.post(admin_url("unit", "change", unit.pk),
                               unit_form_data(unit, name_en="Stale"))  # still version 1
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors()
        assert Unit.objects.get(pk=unit.pk).name_en == "Operations I"

    def test_agency_admin_cannot_add_organisations_or_change_structure(self, client, world):
        client.force_login(world.tpc_admin)
        assert client.get(admin_url("organisation", "add")).status_code == 403
        form = client.get(admin_url("organisation", "change", world.tpc.pk)) \
            .context["adminform"].form
        assert "code" not in form.fields and "parent" not in form.fields

    def test_superuser_creates_organisation_with_rules(self, client, world):
        client.force_login(superuser())
        data = {"code": "tpc-zw", "kind": "branch", "parent": world.ministry.pk,
                "name_zh": "竹圍分關", "name_en": "", "locality": "taoyuan", "is_active": "on",
                "sort_order": 0, "phone": "", "email": "", "website": "", "address_zh": "",
                "address_en": ""}
        response = client.post(admin_url("organisation", "add"), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["parent"]
        response = client.post(admin_url("organisation", "add"), {**data, "parent": world.tpc.pk})
        assert response.status_code == 302
        assert Organisation.objects.get(code="TPC-ZW").path == "/MOF/TPC/TPC-ZW/"

    def test_membership_add_and_delete_go_through_services(self, client, world):
        client.force_login(world.tpc_admin)
        newcomer = UserFactory()
        response = client.post(admin_url("membership", "add"), {
            "user": newcomer.pk, "unit": world.units.bus1.pk, "role": Role.OFFICER,
            "scope": "unit", "title": ""})
        assert response.status_code == 302
        membership = newcomer.memberships.get()
        assert AuditEvent.objects.filter(action="membership.granted",
                                         object_id=str(membership.pk)).exists()
        client.post(admin_url("membership", "delete", membership.pk), {"post": "yes"})
        assert not newcomer.memberships.exists()
        assert AuditEvent.objects.filter(action="membership.revoked").exists()

    def test_own_admin_membership_cannot_be_deleted(self, client, world):
        client.force_login(world.tpc_admin)
        own = world.tpc_admin.memberships.get()
        assert client.get(admin_url("membership", "delete", own.pk)).status_code == 403
        client.post(admin_url("membership"), {"action": "delete_selected", "post": "yes",
                                              "_selected_action": [own.pk]})
        assert Membership.objects.filter(pk=own.pk).exists()
