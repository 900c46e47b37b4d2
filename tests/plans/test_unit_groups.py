"""Unit groups (各業務科): defined per agency, named as one responsible party, each of
their units reporting."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.sheets import write_csv
from minfu.org.models import Role
from minfu.plans import selectors, services
from minfu.plans.models import ProgressReport, UnitGroup
from tests.org.factories import staff_user, superuser
from tests.plans.factories import (
    action_under,
    agency_with_units,
    coordinator,
    plan_for,
    quarter,
    supervisor,
)

pytestmark = pytest.mark.django_db

UNITS = ("綜合所得稅科", "營業稅科", "服務科", "秘書室")


def _agency_with_group():
    agency, units = agency_with_units(UNITS)
    group = services.unit_group_save(actor=superuser(), organisation=agency, name="各業務科",
                                     units=units[:3])
    return agency, units, group


def test_a_group_receives_the_progress_reports_of_each_of_its_units():
    agency, units, group = _agency_with_group()
    plan = plan_for(agency)
    node = services.node_add(actor=superuser(), plan=plan, text="書表減量")
    action = services.action_set(actor=superuser(), node=node, deadline="每季", groups=[group],
                                 units=[units[3]])
    assert selectors.units_label(action) == "秘書室 各業務科"
    period = quarter(plan)
    services.period_open(actor=superuser(), period=period)
    assert sorted(ProgressReport.objects.values_list("unit__name_zh", flat=True)) == sorted(UNITS)
    # A supervisor of a unit of the group writes its report.
    report = ProgressReport.objects.get(unit=units[1])
    saved = services.report_save(actor=supervisor(units[1]), action=action, unit=units[1],
                                 period=period, status="done", narrative="完成",
                                 expected_version=report.version)
    assert saved.pk == report.pk
    # A unit that leaves the group is no longer asked.
    services.unit_group_save(actor=superuser(), organisation=agency, group=group,
                             name="各業務科", units=units[:2], expected_version=group.version)
    assert [u.name_zh for u in services.reporting_units(
        action, list(units))] == ["綜合所得稅科", "營業稅科", "秘書室"]


@pytest.mark.parametrize(("name", "pick", "field"), [
    ("", slice(0, 1), "name"), ("各單位", slice(0, 1), "name"), ("服務科", slice(0, 1), "name"),
    ("各業務科", slice(0, 1), "name"), ("各分局", slice(0, 0), "units")])
def test_group_names_and_units_are_checked(name, pick, field):
    agency, units, _group = _agency_with_group()
    with pytest.raises(ValidationFailed) as error:
        services.unit_group_save(actor=superuser(), organisation=agency, name=name,
                                 units=units[pick])
    assert field in error.value.details


def test_another_agencys_units_and_users_are_refused():
    agency, units, group = _agency_with_group()
    _other, other_units = agency_with_units()
    with pytest.raises(ValidationFailed):
        services.unit_group_save(actor=superuser(), organisation=agency, name="混合",
                                 units=[units[0], other_units[0]])
    with pytest.raises(PermissionDenied):
        services.unit_group_save(actor=coordinator(other_units[0]), organisation=agency,
                                 name="他機關", units=units[:1])
    assert list(selectors.unit_groups_for(coordinator(other_units[0]))) == []


def test_a_group_named_by_an_action_is_not_removed():
    agency, units, group = _agency_with_group()
    plan = plan_for(agency)
    node = action_under(plan, None, "辦理", units[:1])
    services.action_set(actor=superuser(), node=node, deadline="每月", groups=[group],
                        expected_version=node.action.version)
    with pytest.raises(Conflict):
        services.unit_group_delete(actor=superuser(), group=group)
    services.action_set(actor=superuser(), node=node, deadline="每月", units=units[:1],
                        expected_version=node.action.version + 1)
    services.unit_group_delete(actor=superuser(), group=group)
    assert not UnitGroup.objects.exists()


def test_sheets_name_groups_as_units_and_export_them_back():
    agency, units, group = _agency_with_group()
    plan = plan_for(agency)
    rows = [["執行策略", "具體推動做法", "完成期限", "執行單位"],
            ["一、策略", "1.辦理", "每季", "各業務科 秘書室"]]
    sheet = selectors.plan_sheet_read(plan, content=write_csv(rows), filename="p.csv",
                                      keep_numbers=False)
    assert sheet.errors == []
    services.plan_import(actor=superuser(), plan=plan, sheet=sheet, keep_numbers=False)
    action = plan.actions.get()
    assert list(action.responsible_groups.all()) == [group]
    assert list(action.responsible_units.all()) == [units[3]]
    assert selectors.plan_sheet_rows(plan)[2][3] == "秘書室 各業務科"


def test_staff_page_defines_groups_and_another_agency_cannot_see_them(client):
    agency, units = agency_with_units(UNITS)
    client.force_login(coordinator(units[3]))
    url = reverse("plans:staff-unit-groups")
    response = client.post(url, {"name": "各業務科", "units": [u.pk for u in units[:3]]})
    assert response.status_code == 302
    group = UnitGroup.objects.get()
    assert set(group.units.all()) == set(units[:3])
    assert "各業務科" in client.get(url).content.decode()
    edit = reverse("plans:staff-unit-group", args=[group.pk])
    client.post(edit, {"name": "各業務單位", "units": [units[0].pk], "version": group.version})
    group.refresh_from_db()
    assert group.name == "各業務單位" and list(group.units.all()) == [units[0]]
    _other, other_units = agency_with_units()
    client.force_login(coordinator(other_units[0]))
    assert client.get(edit).status_code == 404
    assert "各業務單位" not in client.get(url).content.decode()


def test_api_creates_changes_and_names_groups_on_actions():
    agency, units = agency_with_units(UNITS)
    api = APIClient()
    api.force_authenticate(coordinator(units[3]))
    created = api.post(reverse("api:plans-unit-group-list"), {
        "organisation": agency.code, "name": "各業務科",
        "units": [u.code for u in units[:3]]}, format="json")
    assert created.status_code == 200 and len(created.json()["units"]) == 3
    group_id = created.json()["id"]
    changed = api.put(reverse("api:plans-unit-group-detail", args=[group_id]), {
        "name": "各業務科", "units": [units[0].code],
        "expected_version": created.json()["version"]}, format="json")
    assert changed.json()["units"] == [units[0].code]
    plan = plan_for(agency)
    node = services.node_add(actor=superuser(), plan=plan, text="辦理")
    action = api.post(reverse("api:plans-action-list"), {
        "node": node.pk, "deadline": "每季", "groups": ["各業務科"]}, format="json")
    assert action.status_code == 200 and action.json()["responsible_groups"] == ["各業務科"]
    missing = api.post(reverse("api:plans-action-list"), {
        "node": node.pk, "deadline": "每季", "groups": ["沒有"],
        "expected_version": action.json()["version"]}, format="json")
    assert missing.status_code == 400
    stranger = APIClient()
    stranger.force_authenticate(coordinator(agency_with_units()[1][0]))
    assert stranger.get(reverse("api:plans-unit-group-detail",
                                args=[group_id])).status_code == 404
    assert stranger.post(reverse("api:plans-unit-group-list"), {
        "organisation": agency.code, "name": "他", "units": [units[0].code]},
        format="json").status_code == 404


def test_admin_lists_only_groups_in_scope(client):
    agency, units, group = _agency_with_group()
    _other, other_units = agency_with_units()
    services.unit_group_save(actor=superuser(), organisation=_other, name="各組",
                             units=other_units[:1])
    client.force_login(staff_user(units[0], Role.AGENCY_ADMIN, is_staff=True))
    response = client.get(reverse("admin:plans_unitgroup_changelist"))
    assert list(response.context["cl"].queryset) == [group]
