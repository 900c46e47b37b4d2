import datetime as dt
from decimal import Decimal

import pytest

from minfu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.org.models import Role
from minfu.plans import deadlines, selectors, services
from minfu.plans.deadlines import Recurrence
from minfu.plans.models import Action, PlanNode, ProgressReport
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


def test_tree_of_arbitrary_depth_with_levels_as_data():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    actor = superuser()
    parent = None
    for depth in range(7):
        parent = services.node_add(actor=actor, plan=plan, parent=parent, text=f"層級{depth}")
    services.action_set(actor=actor, node=parent, deadline=deadlines.standing(), units=units[:1])
    services.level_set(actor=actor, plan=plan, depth=6, label="細目", style="arabic_paren")
    rows = selectors.flatten(selectors.plan_tree(plan))
    assert [row.depth for row in rows] == list(range(7))
    assert rows[0].number == "一、" and rows[1].number == "(一)" and rows[2].number == "1."
    assert rows[6].level_label == "細目" and rows[6].number == "(1)"
    deepest = PlanNode.objects.get(pk=parent.pk)
    assert deepest.path.count("/") == 8
    from minfu.plans.documents import tree_table

    table = tree_table([level.label for level in plan.levels.all()], selectors.plan_tree(plan))
    assert table[0][:3] == ["執行策略", "策略細項", "具體推動做法"] and table[0][6] == "細目"
    assert table[1][:3] == ["一、層級0", "(一)層級1", "1.層級2"] and table[1][6] == "(1)層級6"


def test_move_up_and_down_swaps_siblings_and_stops_at_the_ends():
    agency, _units = agency_with_units()
    plan = plan_for(agency)
    actor = superuser()
    first, second = (services.node_add(actor=actor, plan=plan, text=t) for t in ("甲", "乙"))
    services.node_move(actor=actor, node=second, direction="up")
    assert [r.node.text for r in selectors.plan_tree(plan)] == ["乙", "甲"]
    services.node_move(actor=actor, node=PlanNode.objects.get(pk=second.pk), direction="up")
    assert [r.node.text for r in selectors.plan_tree(plan)] == ["乙", "甲"]


def test_delete_renumbers_the_siblings_after():
    agency, _units = agency_with_units()
    plan = plan_for(agency)
    actor = superuser()
    nodes = [services.node_add(actor=actor, plan=plan, text=t) for t in ("甲", "乙", "丙")]
    services.node_delete(actor=actor, node=nodes[0])
    assert [(r.node.text, r.number) for r in selectors.plan_tree(plan)] == [("乙", "一、"),
                                                                             ("丙", "二、")]


@pytest.mark.parametrize("deadline", [
    deadlines.on_date(dt.date(2025, 6, 30)), deadlines.in_month(2025, 12),
    deadlines.recurring(Recurrence.QUARTERLY), deadlines.standing(),
    deadlines.standing(deadlines.Standing.AS_NEEDED)])
def test_every_deadline_kind_is_stored_and_read_back(deadline):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    node = action_under(plan, None, "辦理", units[:2], deadline=deadline)
    action = Action.objects.get(node=node)
    assert action.deadline == deadline
    assert set(action.responsible_units.all()) == set(units[:2])


def test_action_needs_units_of_the_plans_organisation():
    agency, units = agency_with_units()
    _other, other_units = agency_with_units()
    plan = plan_for(agency)
    node = services.node_add(actor=superuser(), plan=plan, text="辦理")
    with pytest.raises(ValidationFailed):
        services.action_set(actor=superuser(), node=node, deadline=deadlines.standing(),
                            units=other_units[:1])
    with pytest.raises(ValidationFailed):
        services.action_set(actor=superuser(), node=node, deadline=deadlines.standing(), units=[])


def test_only_editors_of_the_organisation_change_the_plan():
    agency, units = agency_with_units()
    other, other_units = agency_with_units()
    plan = plan_for(agency)
    with pytest.raises(PermissionDenied):
        services.node_add(actor=supervisor(units[0]), plan=plan, text="甲")
    with pytest.raises(PermissionDenied):
        services.node_add(actor=coordinator(other_units[0]), plan=plan, text="甲")
    services.node_add(actor=coordinator(units[0]), plan=plan, text="甲")
    assert AuditEvent.objects.filter(action="plan.node.added").exists()


def test_one_plan_per_organisation_and_year():
    agency, _units = agency_with_units()
    plan_for(agency)
    with pytest.raises(Conflict):
        plan_for(agency)


def test_indicator_targets_at_most_three_years_and_unknown_metric_refused():
    agency, _units = agency_with_units()
    plan = plan_for(agency)
    with pytest.raises(ValidationFailed):
        services.indicator_save(actor=superuser(), plan=plan, name="滿意度",
                                targets={2025: 90, 2026: 91, 2027: 92, 2028: 93})
    with pytest.raises(ValidationFailed):
        services.indicator_save(actor=superuser(), plan=plan, name="滿意度", targets={},
                                metric_code="no.such_metric")
    indicator = services.indicator_save(actor=superuser(), plan=plan, name="滿意度",
                                        targets={2025: 90, 2026: "91.5"}, unit_of_measure="%")
    assert [str(t.value) for t in indicator.targets.all()] == ["90.00", "91.50"]


def test_manual_indicator_needs_evidence_and_lights_up(monkeypatch):
    agency, _units = agency_with_units()
    plan = plan_for(agency)
    indicator = services.indicator_save(actor=superuser(), plan=plan, name="服務提案數",
                                        targets={2025: 10}, tolerance=2)
    with pytest.raises(ValidationFailed):
        services.indicator_record_actual(actor=superuser(), indicator=indicator, value=9,
                                         expected_version=indicator.version)
    services.indicator_record_actual(actor=superuser(), indicator=indicator, value=9,
                                     evidence_text="提案清冊", expected_version=indicator.version)
    status = selectors.indicator_status(indicator)
    assert status.actual == 9 and status.light == "near"


def test_bound_indicator_takes_its_actual_from_the_metrics(monkeypatch):
    agency, _units = agency_with_units()
    plan = plan_for(agency)
    monkeypatch.setattr(services, "_check_metric", lambda code: None)
    indicator = services.indicator_save(actor=superuser(), plan=plan, name="案件依限辦結率",
                                        targets={2025: 95}, metric_code="cases.on_time_rate")
    calls = []

    def fake(**kwargs):
        calls.append(kwargs)
        return 96.456

    monkeypatch.setattr(selectors, "metric_actual", fake)
    status = selectors.indicator_status(indicator, today=dt.date(2025, 5, 1))
    assert str(status.actual) == "96.46" and status.light == "met"
    assert calls[0]["organisation_ids"] == [agency.pk]
    assert calls[0]["start"] == dt.date(2025, 1, 1) and calls[0]["end"] == dt.date(2025, 5, 1)
    with pytest.raises(Conflict):
        services.indicator_record_actual(actor=superuser(), indicator=indicator, value=1,
                                         evidence_text="x", expected_version=indicator.version)


def test_copy_to_next_year_copies_tree_actions_indicators_but_not_progress():
    agency, units = agency_with_units()
    plan = plan_for(agency, title="114年度提升服務執行計畫")
    actor = superuser()
    services.directive_add(actor=actor, plan=plan, text="政府服務躍升方案")
    strategy = services.node_add(actor=actor, plan=plan, text="策略")
    action_under(plan, strategy, "按月辦理", units[:1],
                 deadline=deadlines.on_date(dt.date(2025, 6, 30)))
    services.indicator_save(actor=actor, plan=plan, name="滿意度",
                            targets={2025: 90, 2026: 91})
    period = quarter(plan)
    services.period_open(actor=actor, period=period)
    copy = services.plan_copy_to_next_year(actor=actor, plan=plan)
    assert copy.year == 2026 and copy.title == "115年度提升服務執行計畫"
    assert copy.directives.count() == 1 and copy.status == "draft"
    action = copy.actions.get()
    assert action.deadline_day == dt.date(2026, 6, 30)
    assert list(action.responsible_units.all()) == units[:1]
    assert action.node.parent.text == "策略"
    assert [t.year for t in copy.indicators.get().targets.all()] == [2026]
    assert not copy.periods.exists()
    assert not ProgressReport.objects.filter(action__plan=copy).exists()
    with pytest.raises(Conflict):
        services.plan_copy_to_next_year(actor=actor, plan=plan)


def test_period_open_makes_one_report_per_unit_and_occurrence_and_is_idempotent():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    action_under(plan, None, "每月檢討", units[:2], deadline=deadlines.recurring("monthly"))
    action_under(plan, None, "全體", [], all_units=True)
    period = quarter(plan)
    made = services.period_open(actor=superuser(), period=period)
    assert made == 2 * 3 + 3   # two units x three months; every unit once
    assert services.period_open(actor=superuser(), period=period) == 0


def test_recurring_action_reports_each_occurrence_in_the_period():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    node = action_under(plan, None, "每月檢討", units[:1], deadline=deadlines.recurring("monthly"))
    period = quarter(plan, index=1)
    user = supervisor(units[0])
    for day in (dt.date(2025, 4, 30), dt.date(2025, 5, 31)):
        services.report_save(actor=user, action=node.action, unit=units[0], period=period,
                             status="done", narrative="完成", occurrence=day)
    with pytest.raises(ValidationFailed):
        services.report_save(actor=user, action=node.action, unit=units[0], period=period,
                             status="done", occurrence=dt.date(2025, 7, 31))
    assert ProgressReport.objects.filter(action=node.action).count() == 2


def test_report_save_twice_changes_one_report_and_a_stale_save_overwrites_nothing():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    node = action_under(plan, None, "辦理", units[:1])
    period = quarter(plan)
    user = supervisor(units[0])
    read = services.report_save(actor=user, action=node.action, unit=units[0], period=period,
                                status="in_progress", narrative="第一次")
    services.report_save(actor=user, action=node.action, unit=units[0], period=period,
                         status="done", narrative="第二次", expected_version=read.version)
    for stale in (read.version, None):
        with pytest.raises(Conflict):
            services.report_save(actor=user, action=node.action, unit=units[0], period=period,
                                 status="delayed", narrative="晚到", expected_version=stale)
    assert ProgressReport.objects.get().narrative == "第二次"


def test_supervisor_reports_only_for_the_units_they_see():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    node = action_under(plan, None, "辦理", units[:2])
    period = quarter(plan)
    with pytest.raises(PermissionDenied):
        services.report_save(actor=supervisor(units[1]), action=node.action, unit=units[0],
                             period=period, status="done")
    with pytest.raises(ValidationFailed):   # unit 2 is not responsible
        services.report_save(actor=supervisor(units[2]), action=node.action, unit=units[2],
                             period=period, status="done")


def _first_draft():
    """A supervisor's first draft on a one-unit action, with its writer and a reviewer."""
    agency, units = agency_with_units()
    plan = plan_for(agency)
    node = action_under(plan, None, "辦理", units[:1])
    user = supervisor(units[0])
    report = services.report_save(actor=user, action=node.action, unit=units[0],
                                  period=quarter(plan), status="in_progress", narrative="辦理中")
    return report, user, coordinator(units[2])


def test_review_workflow_submit_return_resubmit_accept():
    report, user, reviewer = _first_draft()
    node, units, period = report.action.node, [report.unit], report.period
    report = services.report_submit(actor=user, report=report, expected_version=report.version)
    with pytest.raises(Conflict):
        services.report_save(actor=user, action=node.action, unit=units[0], period=period,
                             status="done", narrative="改", expected_version=report.version)
    with pytest.raises(PermissionDenied):
        services.report_review(actor=user, report=report, decision="accept",
                               expected_version=report.version)
    with pytest.raises(ValidationFailed):
        services.report_review(actor=reviewer, report=report, decision="return",
                               expected_version=report.version)
    report = services.report_review(actor=reviewer, report=report, decision="return",
                                    comment="請補充佐證", expected_version=report.version)
    assert report.review_state == "returned" and report.review_comment == "請補充佐證"
    report = services.report_save(actor=user, action=node.action, unit=units[0],
                                  period=period, status="done", narrative="已完成",
                                  expected_version=report.version)
    report = services.report_submit(actor=user, report=report, expected_version=report.version)
    report = services.report_review(actor=reviewer, report=report, decision="accept",
                                    expected_version=report.version)
    assert report.review_state == "accepted"
    with pytest.raises(Conflict):
        services.report_review(actor=reviewer, report=report, decision="accept",
                               expected_version=report.version)


def test_a_review_or_submit_over_a_report_changed_since_it_was_read_is_refused():
    read, user, reviewer = _first_draft()
    services.report_save(actor=user, action=read.action, unit=read.unit, period=read.period,
                         status="done", narrative="已完成", expected_version=read.version)
    with pytest.raises(Conflict):
        services.report_submit(actor=user, report=read, expected_version=read.version)
    report = ProgressReport.objects.get()
    assert report.review_state == "draft" and report.narrative == "已完成"
    submitted = services.report_submit(actor=user, report=report,
                                       expected_version=report.version)
    with pytest.raises(Conflict):
        services.report_review(actor=reviewer, report=submitted, decision="accept",
                               expected_version=read.version)
    assert ProgressReport.objects.get().review_state == "submitted"


def test_evidence_files_are_content_checked():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    node = action_under(plan, None, "辦理", units[:1])
    user = supervisor(units[0])
    report = services.report_save(actor=user, action=node.action, unit=units[0],
                                  period=quarter(plan), status="done", narrative="完成")
    with pytest.raises(ValidationFailed):
        services.report_attach(actor=user, report=report, name="a.exe", content=b"MZ\x90\x00")
    evidence = services.report_attach(actor=user, report=report, name="成果.pdf",
                                      content=b"%PDF-1.4\n%test\n")
    assert evidence.content_type == "application/pdf"


def test_staff_reads_are_scoped_and_another_agency_is_not_found():
    agency, units = agency_with_units()
    other, other_units = agency_with_units()
    plan = plan_for(agency)
    node = action_under(plan, None, "辦理", units[:2])
    period = quarter(plan)
    services.period_open(actor=superuser(), period=period)
    outsider = coordinator(other_units[0])
    with pytest.raises(NotFound):
        selectors.plan_get_for(outsider, plan.pk)
    with pytest.raises(NotFound):
        selectors.node_get_for(outsider, node.pk)
    assert selectors.reports_for(coordinator(units[2]), plan).count() == 2
    seen = selectors.reports_for(supervisor(units[0]), plan)
    assert [r.unit for r in seen] == [units[0]]
    foreign = ProgressReport.objects.get(unit=units[1])
    with pytest.raises(NotFound):
        selectors.report_get_for(supervisor(units[0]), foreign.pk)
    assert selectors.plan_get_for(staff_user(units[0], Role.OFFICER), plan.pk) == plan


def test_overview_completion_past_deadline_and_late_units(django_assert_max_num_queries):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    strategy = services.node_add(actor=superuser(), plan=plan, text="策略")
    done = action_under(plan, strategy, "已完成", units[:1],
                        deadline=deadlines.on_date(dt.date(2025, 3, 1)))
    action_under(plan, strategy, "逾期", units[1:2], deadline=deadlines.on_date(dt.date(2025, 3, 1)))
    period = quarter(plan)
    services.period_open(actor=superuser(), period=period)
    user = supervisor(units[0])
    opened = ProgressReport.objects.get(action=done.action, unit=units[0])
    services.report_save(actor=user, action=done.action, unit=units[0], period=period,
                         status="done", narrative="完成", expected_version=opened.version)
    services.indicator_save(actor=superuser(), plan=plan, name="提案數", targets={2025: 5})
    with django_assert_max_num_queries(10):
        view = selectors.overview(plan, today=dt.date(2025, 5, 1))
    assert view.by_strategy[0].total == 2 and view.by_strategy[0].done == 1
    assert [a.node.text for a in view.past_deadline] == ["逾期"]
    assert {(unit.pk, count) for _period, unit, count in view.late_units} == {
        (units[0].pk, 1), (units[1].pk, 1)}
    assert view.indicators[0].light == "unknown"


def test_repeated_submit_adds_no_second_item_directive_or_indicator():
    agency, _units = agency_with_units()
    plan = plan_for(agency)
    actor = superuser()
    first = services.node_add(actor=actor, plan=plan, text="策略")
    assert services.node_add(actor=actor, plan=plan, text="策略") == first
    directive = services.directive_add(actor=actor, plan=plan, text="依據")
    assert services.directive_add(actor=actor, plan=plan, text="依據") == directive
    services.indicator_save(actor=actor, plan=plan, name="滿意度", targets={})
    with pytest.raises(Conflict):
        services.indicator_save(actor=actor, plan=plan, name="滿意度", targets={})
    assert plan.nodes.count() == 1 and plan.indicators.count() == 1


def test_bound_indicator_reads_the_metrics_engine_rollups():
    from minfu.metrics.models import Rollup

    agency, _units = agency_with_units()
    _other, _other_units = agency_with_units()
    plan = plan_for(agency)
    indicator = services.indicator_save(actor=superuser(), plan=plan, name="案件依限辦結率",
                                        targets={2025: 95}, tolerance=1,
                                        metric_code="cases.on_time_rate")
    Rollup.objects.create(code="cases.on_time_rate", day=dt.date(2025, 2, 3),
                          organisation=agency, numerator=47, denominator=50)
    Rollup.objects.create(code="cases.on_time_rate", day=dt.date(2024, 12, 31),
                          organisation=agency, numerator=0, denominator=50)
    Rollup.objects.create(code="cases.on_time_rate", day=dt.date(2025, 2, 3),
                          organisation=_other, numerator=0, denominator=50)
    status = selectors.indicator_status(indicator, today=dt.date(2025, 6, 1))
    assert status.actual == 94 and status.light == "near"


def test_indicators_hang_under_any_item_with_word_targets_and_weights_that_score_items():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    actor = superuser()
    services.plan_update(actor=actor, plan=plan, expected_version=plan.version,
                         uses_weights=True)
    top = services.node_add(actor=actor, plan=plan, text="構面")
    first = services.node_add(actor=actor, plan=plan, text="指標一", parent=top)
    second = services.node_add(actor=actor, plan=plan, text="指標二", parent=top)
    numeric = services.indicator_save(actor=actor, plan=plan, node=first, name="辦結率",
                                      targets={2025: "95"}, weight=30, unit_of_measure="%")
    words = services.indicator_save(actor=actor, plan=plan, node=second, name="系統上線",
                                    targets={2025: "完成系統上線"}, weight=10)
    services.indicator_save(actor=actor, plan=plan, name="整體滿意度", targets={2025: 90})
    services.indicator_record_actual(actor=actor, indicator=numeric, value="76",
                                     expected_version=numeric.version, evidence_text="統計")
    statuses = {s.indicator.name: s for s in selectors.plan_indicators(plan)}
    assert statuses["系統上線"].target_label == "完成系統上線"
    assert statuses["系統上線"].light == "unknown"
    services.indicator_record_actual(actor=actor, indicator=words, value=None,
                                     actual_text="已於6月上線", judgement="met",
                                     expected_version=words.version, evidence_text="上線公告")
    statuses = selectors.plan_indicators(plan)
    assert [s.indicator.name for s in statuses][0] == "整體滿意度"   # the plan's own first
    by_name = {s.indicator.name: s for s in statuses}
    assert by_name["系統上線"].light == "met" and by_name["系統上線"].actual_label == "已於6月上線"
    assert by_name["辦結率"].target_label == "95%"
    scores = selectors.node_scores(plan, statuses)
    assert scores[first.pk].percent == Decimal("80.0")     # 76 of 95
    assert scores[second.pk].percent == Decimal("100.0")
    assert scores[top.pk].percent == Decimal("85.0") and scores[top.pk].weight == 40
    with pytest.raises(ValidationFailed):
        services.indicator_save(actor=actor, plan=plan, node=first, name="負權重",
                                targets={}, weight=-1)
    other_plan = plan_for(agency, year=2026)
    with pytest.raises(NotFound):
        services.indicator_save(actor=actor, plan=other_plan, node=first, name="他計畫",
                                targets={})


def test_copying_a_plan_keeps_indicators_under_their_items():
    agency, units = agency_with_units()
    plan = plan_for(agency)
    node = services.node_add(actor=superuser(), plan=plan, text="指標")
    services.indicator_save(actor=superuser(), plan=plan, node=node, name="上線",
                            targets={2026: "完成"}, weight=5)
    copy = services.plan_copy_to_next_year(actor=superuser(), plan=plan)
    indicator = copy.indicators.get()
    assert indicator.node.plan_id == copy.pk and indicator.node.text == "指標"
    assert indicator.weight == 5 and indicator.targets.get().text == "完成"
