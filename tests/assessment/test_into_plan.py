"""Improvement items and adopted proposals taken into the execution plan, and evidence
files served only to those who see their record."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minfu.assessment import services
from minfu.assessment.models import ItemSource
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.plans import services as plan_services
from minfu.plans.models import Action
from tests.plans.factories import plan_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def strategy(world):
    plan = plan_for(world.agency, year=dt.date.today().year)
    return plan_services.node_add(actor=world.coordinator, plan=plan, text="強化服務品質")


def _item(world):
    return services.improvement_item_open(
        actor=world.coordinator, organisation=world.agency, owner_unit=world.unit,
        source=ItemSource.INSPECTION, title="櫃檯動線標示不清")


def test_an_item_becomes_a_plan_action_of_its_unit_due_when_the_item_is(world, strategy):
    item = _item(world)
    item = services.improvement_item_take_into_plan(actor=world.coordinator, item=item,
                                                    parent=strategy)
    action = Action.objects.get(node=item.plan_node)
    assert item.plan_node.parent == strategy and item.plan_node.text == item.title
    assert list(action.responsible_units.all()) == [world.unit]
    assert action.deadline_kind == "date" and action.deadline_day == item.due_on
    again = services.improvement_item_take_into_plan(actor=world.coordinator, item=item,
                                                     parent=strategy)
    assert again.plan_node_id == item.plan_node_id
    assert strategy.children.count() == 1


def test_only_plan_editors_take_items_in_and_only_into_their_own_plan(world, strategy):
    item = _item(world)
    with pytest.raises(PermissionDenied):
        services.improvement_item_take_into_plan(actor=world.supervisor, item=item,
                                                 parent=strategy)
    other_plan = plan_for(world.other, year=dt.date.today().year)
    elsewhere = plan_services.node_add(actor=world.outsider, plan=other_plan, text="他機關")
    with pytest.raises(ValidationFailed):
        services.improvement_item_take_into_plan(actor=world.coordinator, item=item,
                                                 parent=elsewhere)


def test_only_an_adopted_proposal_goes_into_the_plan(world, strategy):
    proposal = services.proposal_submit(actor=world.officer, unit=world.unit,
                                        title="線上預約臨櫃", description="減少等候")
    with pytest.raises(Conflict):
        services.proposal_take_into_plan(actor=world.coordinator, proposal=proposal,
                                         parent=strategy)
    proposal = services.proposal_decide(actor=world.coordinator, proposal=proposal,
                                        expected_version=proposal.version, adopted=True)
    proposal = services.proposal_take_into_plan(actor=world.coordinator, proposal=proposal,
                                                parent=strategy)
    assert Action.objects.get(node=proposal.plan_node).deadline_kind == "standing"


def test_the_item_page_offers_the_plan_and_posts_into_it(client, world, strategy):
    item = _item(world)
    client.force_login(world.coordinator)
    page = client.get(reverse("assessment:staff-item", args=[item.pk]))
    assert page.context["plan_form"] is not None
    response = client.post(reverse("assessment:staff-item-into-plan", args=[item.pk]),
                           {"parent": strategy.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.plan_node.parent_id == strategy.pk
    bad = client.post(reverse("assessment:staff-item-into-plan", args=[_item(world).pk]),
                      {"parent": 0})
    assert bad.status_code == 400


def test_evidence_is_served_only_to_those_who_see_the_item(client, world):
    item = services.improvement_item_reply(
        actor=world.supervisor, item=_item(world), expected_version=1, reply="已改善",
        files=[SimpleUploadedFile("照片.pdf", PDF)])
    evidence = item.evidence.get()
    url = reverse("assessment:staff-evidence", args=[evidence.pk])
    client.force_login(world.supervisor)
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_an_item_read_before_someone_else_took_it_in_is_refused(world, strategy):
    item = _item(world)
    read_version = item.version
    services.improvement_item_take_into_plan(actor=world.coordinator, item=item,
                                             parent=strategy, expected_version=read_version)
    stale = type(item).objects.get(pk=item.pk)
    stale.plan_node = None  # as the other officer's page still shows it
    with pytest.raises(Conflict):
        services.improvement_item_take_into_plan(actor=world.coordinator, item=stale,
                                                 parent=strategy,
                                                 expected_version=read_version)
    assert strategy.children.count() == 1
