"""Publishing freezes a plan; a revision changes it with a visible difference from the
last published one; removing an item with items below it asks first."""

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from minfu.core.errors import Conflict, ValidationFailed
from minfu.plans import revisions, selectors, services
from minfu.plans.models import PlanNode
from tests.org.factories import superuser
from tests.plans.factories import action_under, agency_with_units, coordinator, plan_for

# What changed (pure) --------------------------------------------------------------------

@st.composite
def snapshots(draw):
    ids = draw(st.sets(st.integers(1, 30), max_size=8))
    nodes = [{"id": node, "parent": draw(st.sampled_from([None, *sorted(ids)])),
              "position": draw(st.integers(1, 3)), "label": draw(st.sampled_from("甲乙丙")),
              "level": 0, "deadline": draw(st.sampled_from(["", "每季"])), "units": "",
              "benefit": ""} for node in sorted(ids)]
    return {"plan": {"title": draw(st.sampled_from(["計畫", "新計畫"]))}, "nodes": nodes,
            "indicators": []}


@given(snapshots())
def test_a_state_has_no_changes_from_itself(state):
    assert revisions.changes(state, state) == []


@given(snapshots(), snapshots())
def test_items_added_and_removed_are_those_only_on_one_side(before, after):
    found = revisions.changes(before, after)
    old = {node["id"]: node for node in before["nodes"]}
    new = {node["id"]: node for node in after["nodes"]}
    kinds = [change.kind for change in found if change.subject == "item"]
    assert kinds.count("added") == len(new.keys() - old.keys())
    assert kinds.count("removed") == len(old.keys() - new.keys())
    changed = [node for key, node in new.items() if key in old and any(
        node[name] != old[key][name] for name in ("label", "deadline"))]
    assert kinds.count("changed") == len(changed)
    assert any(change.subject == "plan" for change in found) == (
        before["plan"]["title"] != after["plan"]["title"])


# Freezing and revising ------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def _published_plan():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    top = services.node_add(actor=superuser(), plan=plan, text="完備基礎服務")
    action_under(plan, top, "檢討作業流程", units[:1], deadline="每季")
    action_under(plan, top, "更新網站資訊", units[:1], deadline="隨時辦理")
    plan = services.plan_publish(actor=superuser(), plan=plan, expected_version=plan.version,
                                 today=dt.date(2025, 1, 20))
    return plan, top, units


def test_a_published_plan_is_frozen_until_a_revision_is_started():
    plan, top, units = _published_plan()
    for change in (
            lambda: services.node_add(actor=superuser(), plan=plan, text="新增"),
            lambda: services.node_update(actor=superuser(), node=top, text="改"),
            lambda: services.plan_update(actor=superuser(), plan=plan,
                                         expected_version=plan.version, title="改"),
            lambda: services.indicator_save(actor=superuser(), plan=plan, name="指標",
                                            targets={}),
            lambda: services.node_delete(actor=superuser(), node=top, confirmed=True)):
        with pytest.raises(Conflict) as error:
            change()
        assert error.value.code == "plan_published"
    revision = plan.revisions.get()
    assert revision.number == 1 and revision.pdf[:4] == b"%PDF"
    assert [node["label"] for node in revision.snapshot["nodes"]] == [
        "一、完備基礎服務", "(一)檢討作業流程", "(二)更新網站資訊"]


def test_a_revision_shows_its_changes_and_the_public_sees_the_published_one(client):
    plan, top, units = _published_plan()
    plan = services.plan_revise(actor=superuser(), plan=plan, expected_version=plan.version)
    assert not plan.is_published and plan.published_on == dt.date(2025, 1, 20)
    services.node_update(actor=superuser(), node=top, text="完備基礎服務項目")
    services.node_add(actor=superuser(), plan=plan, text="重視意見回饋")
    services.node_delete(actor=superuser(), node=PlanNode.objects.get(text="更新網站資訊"))
    found = selectors.changes_since_published(plan)
    assert [(c.kind, c.label) for c in found] == [
        ("changed", "一、完備基礎服務項目"), ("added", "二、重視意見回饋"),
        ("removed", "(二)更新網站資訊")]
    assert found[0].fields == (("label", "一、完備基礎服務", "一、完備基礎服務項目"),)
    public = client.get(reverse("plans:public-detail", args=[plan.organisation.code, 2025]))
    assert "更新網站資訊" in public.content.decode()           # still revision 1
    assert "重視意見回饋" not in public.content.decode()
    client.force_login(coordinator(units[0]))
    page = client.get(reverse("plans:staff-changes", args=[plan.pk])).content.decode()
    assert "完備基礎服務項目" in page and "更新網站資訊" in page
    detail = client.get(reverse("plans:staff-detail", args=[plan.pk])).content.decode()
    assert reverse("plans:staff-changes", args=[plan.pk]) in detail
    plan.refresh_from_db()
    services.plan_publish(actor=superuser(), plan=plan, expected_version=plan.version,
                          today=dt.date(2025, 3, 1))
    assert list(plan.revisions.values_list("number", flat=True)) == [2, 1]
    client.logout()
    public = client.get(reverse("plans:public-detail", args=[plan.organisation.code, 2025]))
    assert "重視意見回饋" in public.content.decode() and "更新網站資訊" not in \
        public.content.decode()
    pdf = client.get(reverse("plans:public-document", args=[plan.organisation.code, 2025,
                                                            "pdf"]))
    assert pdf.content == bytes(plan.revisions.get(number=2).pdf)


def test_the_api_answers_409_on_a_frozen_plan_and_revises_it():
    plan, top, units = _published_plan()
    api = APIClient()
    api.force_authenticate(coordinator(units[0]))
    refused = api.post(reverse("api:plans-node-list"), {"plan": plan.pk, "text": "新增"},
                       format="json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "plan_published"
    revised = api.post(reverse("api:plans-plan-revise", args=[plan.pk]),
                       {"expected_version": plan.version}, format="json")
    assert revised.json()["status"] == "draft"
    assert api.post(reverse("api:plans-node-list"), {"plan": plan.pk, "text": "新增"},
                    format="json").status_code == 200
    changes = api.get(reverse("api:plans-plan-changes", args=[plan.pk])).json()
    assert changes == [{"kind": "added", "subject": "item", "label": "二、新增", "fields": []}]
    published = api.post(reverse("api:plans-plan-publish", args=[plan.pk]),
                         {"expected_version": revised.json()["version"]}, format="json")
    assert published.json()["status"] == "published"


# Removing an item with items below it -----------------------------------------------------

def test_removing_an_item_with_children_asks_first_and_says_what_goes():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    top = services.node_add(actor=superuser(), plan=plan, text="策略")
    action_under(plan, top, "作法", units[:1])
    with pytest.raises(ValidationFailed) as error:
        services.node_delete(actor=superuser(), node=top)
    assert error.value.code == "confirm_required"
    assert error.value.details["removes"] == ["一、策略", "(一)作法"]
    assert plan.nodes.count() == 2
    services.node_delete(actor=superuser(), node=top, confirmed=True)
    assert not plan.nodes.exists()


def test_the_page_shows_what_goes_before_removing(client):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    top = services.node_add(actor=superuser(), plan=plan, text="策略")
    child = action_under(plan, top, "作法", units[:1])
    services.indicator_save(actor=superuser(), plan=plan, node=child, name="件數", targets={})
    client.force_login(coordinator(units[0]))
    url = reverse("plans:staff-node-delete", args=[top.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and "(一)作法" in asked.content.decode()
    assert plan.nodes.count() == 2
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not plan.nodes.exists() and not plan.indicators.exists()


def test_the_api_removes_an_item_with_children_only_when_confirmed():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    top = services.node_add(actor=superuser(), plan=plan, text="策略")
    leaf = action_under(plan, top, "作法", units[:1])
    api = APIClient()
    api.force_authenticate(coordinator(units[0]))
    asked = api.delete(reverse("api:plans-node-detail", args=[top.pk]))
    assert asked.status_code == 400 and asked.json()["error"]["code"] == "confirm_required"
    assert asked.json()["error"]["details"]["removes"] == ["一、策略", "(一)作法"]
    assert api.delete(reverse("api:plans-node-detail", args=[leaf.pk])).status_code == 204
    assert api.delete(reverse("api:plans-node-detail", args=[top.pk]) + "?confirm=true"
                      ).status_code == 204
    assert not plan.nodes.exists()
