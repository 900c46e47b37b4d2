"""The plans' migrations keep what plans held: recurring deadlines keep their meaning,
nodes sit at the level of their depth, and the closing sections become the printed
plan's sections after the usual ones."""

import pytest

from minfu.plans import documents, selectors
from minfu.plans.models import Plan
from tests.migration_support import migrate_to

BEFORE = [("plans", "0002_default_notify_templates")]


@pytest.mark.django_db(transaction=True)
def test_plans_made_before_keep_their_deadlines_levels_and_closing_sections():
    old = migrate_to(BEFORE)
    Organisation = old.get_model("org", "Organisation")
    organisation = Organisation.objects.create(code="OLD", kind="agency", path="/OLD/",
                                               locality="taipei", name_zh="舊機關",
                                               name_en="Old Agency")
    OldPlan = old.get_model("plans", "Plan")
    plan = OldPlan.objects.create(
        organisation=organisation, year=2025, title="114年度提升服務執行計畫",
        closing_sections="伍、管制考核\n一、落實執行。\n二、精進服務。\n\n附則\n本計畫未盡事宜另定之。")
    Node = old.get_model("plans", "PlanNode")
    top = Node.objects.create(plan=plan, text="策略", depth=0, position=1, path="/")
    child = Node.objects.create(plan=plan, parent=top, text="作法", depth=1, position=1,
                                path="/")
    old.get_model("plans", "Action").objects.create(
        node=child, plan=plan, deadline_kind="recurring", recurrence="quarterly")

    migrate_to()
    plan = Plan.objects.get(pk=plan.pk)
    assert [(s.heading, s.kind) for s in plan.sections.all()] == [
        ("計畫依據", "basis"), ("計畫目標", "objectives"), ("執行單位", "units"),
        ("執行策略及方法", "tree"), ("重點指標", "indicators"), ("管制考核", "text"),
        ("附則", "text")]
    assert plan.sections.get(heading="管制考核").paragraphs == "一、落實執行。\n二、精進服務。"
    assert [node.level for node in plan.nodes.order_by("depth")] == [0, 1]
    action = plan.actions.get()
    assert action.deadline.recurrence == "quarterly" and action.deadline_label == "每季"
    headings = [part.heading for part in documents.document_parts(plan)]
    assert headings[5:] == ["陸、管制考核", "柒、附則"]
    assert selectors.plan_snapshot(plan)["nodes"][1]["deadline"] == "每季"
