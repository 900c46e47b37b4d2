import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.plans import services
from minfu.plans.models import ProgressReport
from tests.org.factories import superuser
from tests.plans.factories import (
    action_under,
    agency_with_units,
    coordinator,
    plan_for,
    quarter,
    supervisor,
)

pytestmark = pytest.mark.django_db


def as_user(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _setup():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    node = action_under(plan, None, "辦理", units[:2])
    period = quarter(plan)
    services.indicator_save(actor=superuser(), plan=plan, name="提案數", targets={2025: 5})
    return agency, units, plan, node.action, period


def test_plans_nodes_actions_indicators_are_scoped():
    _agency, units, plan, action, _period = _setup()
    _other, other_units = agency_with_units()
    api = as_user(coordinator(units[0]))
    body = api.get(reverse("api:plans-plan-list")).json()
    assert [p["id"] for p in body["results"] if "results" in body] or body
    assert api.get(reverse("api:plans-plan-detail", args=[plan.pk])).json()["year"] == 2025
    actions = api.get(reverse("api:plans-action-list"), {"plan": plan.pk}).json()
    rows = actions["results"] if isinstance(actions, dict) else actions
    assert rows[0]["deadline"] == "經常性辦理"
    indicators = api.get(reverse("api:plans-indicator-list"), {"plan": plan.pk}).json()
    assert indicators["results"][0]["light"] == "unknown"
    assert indicators["results"][0]["node"] is None
    node = services.node_add(actor=superuser(), plan=plan, text="指標項目")
    services.plan_update(actor=superuser(), plan=plan, expected_version=plan.version,
                         uses_weights=True)
    services.indicator_save(actor=superuser(), plan=plan, node=node, name="上線",
                            targets={2025: "完成上線"}, weight=3)
    words = [i for i in api.get(reverse("api:plans-indicator-list"), {"plan": plan.pk}).json()["results"]
             if i["name"] == "上線"][0]
    assert words["node"] == node.pk and words["target_text"] == "完成上線"
    scores = api.get(reverse("api:plans-plan-scores", args=[plan.pk])).json()
    assert scores == [{"node": node.pk, "percent": None, "weight": "3.00"}]
    stranger = as_user(coordinator(other_units[0]))
    assert stranger.get(reverse("api:plans-plan-detail", args=[plan.pk])).status_code == 404
    nodes = stranger.get(reverse("api:plans-node-list")).json()
    assert (nodes["results"] if isinstance(nodes, dict) else nodes) == []


def test_report_write_submit_and_review_by_api():
    _agency, units, plan, action, period = _setup()
    api = as_user(supervisor(units[0]))
    payload = {"action": action.pk, "unit": units[0].pk, "period": period.pk,
               "status": "done", "narrative": "完成"}
    first = api.post(reverse("api:plans-report-list"), payload, format="json")
    read = first.json()["version"]
    again = api.post(reverse("api:plans-report-list"), {**payload, "expected_version": read},
                     format="json")
    assert first.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert ProgressReport.objects.count() == 1
    for stale in ({}, {"expected_version": read}):   # none given, or one read before `again`
        refused = api.post(reverse("api:plans-report-list"),
                           {**payload, "narrative": "覆蓋", **stale}, format="json")
        assert refused.status_code == 409
    assert ProgressReport.objects.get().narrative == "完成"
    denied = api.post(reverse("api:plans-report-list"), {**payload, "unit": units[1].pk},
                      format="json")
    assert denied.status_code == 403
    report_id, version = first.json()["id"], again.json()["version"]
    submit = reverse("api:plans-report-submit", args=[report_id])
    assert api.post(submit, {"expected_version": read}, format="json").status_code == 409
    submitted = api.post(submit, {"expected_version": version}, format="json").json()
    assert submitted["review_state"] == "submitted"
    assert api.post(reverse("api:plans-report-review", args=[report_id]),
                    {"decision": "accept", "expected_version": submitted["version"]},
                    format="json").status_code == 403
    reviewer = as_user(coordinator(units[2]))
    review = reverse("api:plans-report-review", args=[report_id])
    stale = reviewer.post(review, {"decision": "accept", "expected_version": version},
                          format="json")
    assert stale.status_code == 409
    response = reviewer.post(review, {"decision": "return", "comment": "請補充",
                                      "expected_version": submitted["version"]}, format="json")
    assert response.json()["review_state"] == "returned"
    listed = reviewer.get(reverse("api:plans-report-list"), {"plan": plan.pk}).json()
    assert len(listed["results"] if isinstance(listed, dict) else listed) == 1


def test_tree_and_actions_are_written_by_api_and_scoped():
    agency, units = agency_with_units()
    _other, other_units = agency_with_units()
    plan = plan_for(agency)
    api = as_user(coordinator(units[0]))
    strategy = api.post(reverse("api:plans-node-list"), {"plan": plan.pk, "text": "策略"},
                        format="json").json()
    child = api.post(reverse("api:plans-node-list"),
                     {"plan": plan.pk, "parent": strategy["id"], "text": "作法"},
                     format="json").json()
    assert child["depth"] == 1 and child["parent"] == strategy["id"]
    response = api.post(reverse("api:plans-action-list"), {
        "node": child["id"], "deadline": "每半年", "units": [units[0].code]}, format="json")
    assert response.status_code == 200 and response.json()["recurrence"] == "half_yearly"
    assert response.json()["due_dates"] == ["2025-06-30", "2025-12-31"]
    three_monthly = api.post(reverse("api:plans-action-list"), {
        "node": child["id"], "deadline": "每3個月", "units": [units[0].code],
        "expected_version": response.json()["version"]}, format="json").json()
    assert three_monthly["deadline"] == "每3個月" and three_monthly["every_months"] == 3
    assert three_monthly["recurrence"] == "quarterly" and three_monthly["deadline_warning"] == ""
    # Wording Minfu cannot read is kept as written, with a warning, never refused.
    unread = api.post(reverse("api:plans-action-list"), {
        "node": child["id"], "deadline": "下週", "units": [units[0].code],
        "expected_version": three_monthly["version"]}, format="json")
    assert unread.status_code == 200
    assert unread.json()["deadline"] == "下週" and unread.json()["deadline_kind"] == "text"
    assert "下週" in unread.json()["deadline_warning"] and unread.json()["due_dates"] == []
    stranger = as_user(coordinator(other_units[0]))
    assert stranger.post(reverse("api:plans-node-list"), {"plan": plan.pk, "text": "x"},
                         format="json").status_code == 404
    assert stranger.post(reverse("api:plans-node-move", args=[child["id"]]),
                         {"direction": "up"}, format="json").status_code == 404
