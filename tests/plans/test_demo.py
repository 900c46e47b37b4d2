import datetime as dt

import pytest

from minfu.org import demo as org_demo
from minfu.plans import demo, selectors
from minfu.plans.models import Plan, ProgressReport

pytestmark = pytest.mark.django_db


def test_demo_enters_the_taipei_customs_plan_and_is_idempotent():
    org_demo.load()
    demo.load()
    plan = Plan.objects.get(organisation__code="TPC", year=2025)
    counts = (plan.actions.count(), plan.indicators.count(), ProgressReport.objects.count())
    demo.load()
    assert counts == (plan.actions.count(), plan.indicators.count(),
                      ProgressReport.objects.count())
    assert counts[0] == 27 and plan.is_published and plan.directives.count() == 2
    assert plan.indicators.filter(metric_code="cases.on_time_rate").exists()
    states = set(ProgressReport.objects.values_list("review_state", flat=True))
    assert states == {"draft", "submitted", "returned", "accepted"}
    view = selectors.overview(plan, today=dt.date(2025, 10, 20))
    assert len(view.by_strategy) == 6 and view.late_units


def test_demo_pages_for_the_coordinator_and_the_public(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    org_demo.load()
    demo.load()
    plan = Plan.objects.get(organisation__code="TPC", year=2025)
    period = plan.periods.first()
    client.force_login(get_user_model().objects.get(username="tpc-coordinator"))
    detail = client.get(reverse("plans:staff-detail", args=[plan.pk])).content.decode()
    assert "一、完備基礎服務項目" in detail and "人民申請案件依限辦結率" in detail
    overview = client.get(reverse("plans:staff-overview", args=[plan.pk]))
    assert overview.status_code == 200
    reports = client.get(reverse("plans:staff-period", args=[plan.pk, period.pk]))
    assert reports.status_code == 200
    report = ProgressReport.objects.filter(review_state="submitted").first()
    page = client.get(reverse("plans:staff-report", args=[report.pk])).content.decode()
    assert "review-decision" in page
    node = plan.nodes.filter(action__isnull=False).first()
    assert client.get(reverse("plans:staff-node-edit", args=[node.pk])).status_code == 200
    assert client.get(reverse("plans:staff-edit", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:staff-indicator-edit",
                              args=[plan.pk, plan.indicators.last().pk])).status_code == 200
    client.logout()
    public = client.get(reverse("plans:public-detail", args=["TPC", 2025])).content.decode()
    assert "關務署臺北關114年度提升服務執行計畫" in public and "經常性辦理" in public
    odt = client.get(reverse("plans:public-document", args=["TPC", 2025, "odt"]))
    assert odt.status_code == 200


def test_demo_has_a_five_level_plan_with_uneven_branches_and_its_own_numbers():
    org_demo.load()
    demo.load()
    plan = Plan.objects.get(organisation__code="NTBT", year=2025)
    assert plan.numbering == "as_written" and plan.is_published
    assert list(plan.levels.values_list("label", flat=True)) == [
        "構面", "評估項目", "指標", "子指標", "推動作法"]
    rows = selectors.flatten(selectors.plan_tree(plan))
    assert {row.level for row in rows} == {0, 1, 2, 3, 4}
    assert {row.depth for row in rows if row.level == 4} == {2, 3, 4}   # uneven branches
    assert any(row.numbered_text == "1.1 檢討作業標準" for row in rows)
    assert plan.actions.count() == 15
    assert plan.actions.filter(deadline_text="每三個月").exists()
    assert plan.actions.filter(responsible_groups__name="各業務科").count() == 3
    statuses = selectors.plan_indicators(plan)
    assert len(statuses) == 5 and all(s.indicator.node_id for s in statuses)
    top = selectors.plan_tree(plan)
    scores = selectors.node_scores(plan, statuses)
    assert scores[top[0].node.pk].weight == 40 and scores[top[0].node.pk].percent is not None
    from minfu.plans import documents

    headings = [part.heading for part in documents.document_parts(plan)]
    assert headings[2:4] == ["參、實施對象", "肆、執行策略及具體推動作法"]
    assert headings[-1] == "玖、本計畫奉局長核定後實施，修正時亦同。"
    assert plan.layout == "headings"
    programme = plan.programme
    states = {s.organisation.code: s.state for s in
              selectors.plan_submissions(programme, 2025, today=dt.date(2025, 3, 1))}
    assert states == {"TPC": "on_time", "NTBT": "late"}
