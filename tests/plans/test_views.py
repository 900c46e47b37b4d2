import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from minfu.plans import deadlines, importing, services
from minfu.plans.models import Plan, PlanNode, ProgressReport
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
SEED = Path(importing.__file__).parent / "data" / "tpc-114-actions.csv"


def test_coordinator_creates_a_plan_and_builds_its_tree_without_javascript(client):
    agency, units = agency_with_units()
    user = coordinator(units[0])
    client.force_login(user)
    response = client.post(reverse("plans:staff-list"), {
        "organisation": agency.pk, "year": 114, "title": "114年度提升服務執行計畫"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.year == 2025
    client.post(reverse("plans:staff-node-add", args=[plan.pk]), {"text": "完備基礎服務"})
    strategy = PlanNode.objects.get()
    response = client.post(reverse("plans:staff-node-add", args=[plan.pk]), {
        "parent": strategy.pk, "text": "檢討流程", "actionable": "on", "deadline": "每季",
        "units": [units[0].pk]})
    assert response.status_code == 302
    child = PlanNode.objects.get(parent=strategy)
    assert child.action.deadline.recurrence == "quarterly"
    response = client.post(reverse("plans:staff-node-add", args=[plan.pk]), {
        "parent": strategy.pk, "text": "錯誤", "actionable": "on", "deadline": "下週"})
    assert response.status_code == 200 and "units_error" in response.content.decode()
    # Wording Minfu cannot read is kept as written, with a warning.
    response = client.post(reverse("plans:staff-node-add", args=[plan.pk]), {
        "parent": strategy.pk, "text": "檢討表單", "actionable": "on", "deadline": "下週",
        "units": [units[0].pk]}, follow=True)
    assert PlanNode.objects.get(text="檢討表單").action.deadline_label == "下週"
    assert "「下週」已依原文保留" in response.content.decode()
    page = client.get(reverse("plans:staff-detail", args=[plan.pk])).content.decode()
    assert "一、完備基礎服務" in page and "(一)檢討流程" in page and "每季" in page
    assert "下週" in page and 'class="deadline-warning"' in page


def test_other_agency_gets_404_and_supervisor_cannot_edit(client):
    agency, units = agency_with_units()
    _other, other_units = agency_with_units()
    plan = plan_for(agency)
    client.force_login(coordinator(other_units[0]))
    assert client.get(reverse("plans:staff-detail", args=[plan.pk])).status_code == 404
    client.force_login(supervisor(units[0]))
    assert client.get(reverse("plans:staff-detail", args=[plan.pk])).status_code == 200
    assert client.post(reverse("plans:staff-node-add", args=[plan.pk]),
                       {"text": "甲"}).status_code == 403


def test_import_preview_then_confirm(client):
    names = ("業務一組", "業務二組", "快遞機放組", "法務緝案組", "稽查組", "竹圍分關", "松山分關",
             "秘書室", "資訊室", "人事室", "機動稽核組")
    agency, units = agency_with_units(names)
    plan = plan_for(agency)
    client.force_login(coordinator(units[0]))
    url = reverse("plans:staff-import", args=[plan.pk])
    with SEED.open("rb") as handle:
        response = client.post(url, {"file": handle, "numbering": "generated"})
    page = response.content.decode()
    assert "完備基礎服務項目" in page and "經常性辦理" in page and not plan.nodes.exists()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert plan.actions.count() == 27
    exported = client.get(reverse("plans:staff-sheet", args=[plan.pk, "export"]),
                          {"format": "ods"})
    assert exported.status_code == 200 and exported["Content-Type"].endswith("spreadsheet")
    template = client.get(reverse("plans:staff-sheet", args=[plan.pk, "template"]),
                          {"format": "csv"})
    assert template.content.decode("utf-8-sig").splitlines() == [
        "執行策略,策略細項,具體推動做法,完成期限,執行單位,預期效益,重點指標,衡量標準,目標值,權重"]


def test_report_submit_and_review_through_the_pages(client):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    node = action_under(plan, None, "辦理", units[:1])
    period = quarter(plan)
    services.period_open(actor=superuser(), period=period)
    report = ProgressReport.objects.get()
    client.force_login(supervisor(units[0]))
    url = reverse("plans:staff-report", args=[report.pk])
    client.post(url, {"status": "done", "narrative": "已完成", "version": report.version,
                      "submit": "1"})
    report.refresh_from_db()
    assert report.review_state == "submitted"
    client.force_login(coordinator(units[1]))
    client.post(reverse("plans:staff-report-review", args=[report.pk]),
                {"review-decision": "accept", "review-version": report.version})
    report.refresh_from_db()
    assert report.review_state == "accepted"
    assert node.action.reports.count() == 1


def test_overview_and_detail_take_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    strategy = services.node_add(actor=superuser(), plan=plan, text="策略")
    for index in range(12):
        action_under(plan, strategy, f"作法{index}", units[:2],
                     deadline=deadlines.on_date(dt.date(2025, 3, 1)))
    services.period_open(actor=superuser(), period=quarter(plan))
    services.indicator_save(actor=superuser(), plan=plan, name="提案數", targets={2025: 5})
    client.force_login(coordinator(units[0]))
    with django_assert_max_num_queries(25):
        response = client.get(reverse("plans:staff-overview", args=[plan.pk]))
    assert "作法0" in response.content.decode()
    with django_assert_max_num_queries(25):
        client.get(reverse("plans:staff-detail", args=[plan.pk]))


def test_documents_download_and_public_page_only_when_published(client):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    action_under(plan, None, "辦理", units[:1])
    public = reverse("plans:public-detail", args=[agency.code, plan.year])
    assert client.get(public).status_code == 404
    services.plan_publish(actor=superuser(), plan=plan, expected_version=plan.version)
    page = client.get(public)
    assert page.status_code == 200 and "辦理" in page.content.decode()
    assert plan.title in client.get(reverse("plans:public-list")).content.decode()
    pdf = client.get(reverse("plans:public-document", args=[agency.code, plan.year, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    client.force_login(coordinator(units[0]))
    odt = client.get(reverse("plans:staff-document", args=[plan.pk, "odt"]))
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"


def test_list_and_period_pages_take_a_fixed_number_of_queries(client,
                                                              django_assert_max_num_queries):
    agency, units = agency_with_units()
    user = coordinator(units[0])
    for year in (2024, 2025, 2026):
        plan = plan_for(agency, year=year)
    for index in range(8):
        action_under(plan, None, f"作法{index}", units[:2])
    period = quarter(plan)
    services.period_open(actor=superuser(), period=period)
    client.force_login(user)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("plans:staff-list"))
    assert page.content.decode().count("年度提升服務執行計畫") == 3
    with django_assert_max_num_queries(20):
        page = client.get(reverse("plans:staff-period", args=[plan.pk, period.pk]))
    assert page.content.decode().count("作法") == 16


def test_evidence_uploaded_with_a_report_is_downloaded_only_within_scope(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from minfu.plans.models import ReportEvidence

    agency, units = agency_with_units()
    plan = plan_for(agency)
    action_under(plan, None, "辦理", units[:2])
    services.period_open(actor=superuser(), period=quarter(plan))
    report = ProgressReport.objects.get(unit=units[0])
    client.force_login(supervisor(units[0]))
    client.post(reverse("plans:staff-report", args=[report.pk]), {
        "status": "done", "narrative": "完成", "version": report.version,
        "evidence": SimpleUploadedFile("成果.pdf", b"%PDF-1.4\n%x\n")})
    evidence = ReportEvidence.objects.get()
    response = client.get(reverse("plans:staff-evidence", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(
        b"%PDF")
    client.force_login(supervisor(units[1]))
    assert client.get(reverse("plans:staff-evidence", args=[evidence.pk])).status_code == 404
    rejected = ProgressReport.objects.get(unit=units[1])
    response = client.post(reverse("plans:staff-report", args=[rejected.pk]), {
        "status": "done", "narrative": "完成", "version": rejected.version,
        "evidence": SimpleUploadedFile("a.exe", b"MZ\x90\x00")})
    assert response.status_code == 200 and ReportEvidence.objects.count() == 1


def test_coordinator_adds_a_half_year_period_in_roc_dates(client):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    url = reverse("plans:staff-period-new", args=[plan.pk])
    client.force_login(coordinator(units[0]))
    assert url in client.get(reverse("plans:staff-detail", args=[plan.pk])).content.decode()
    wrong = client.post(url, {"label": "上半年", "start": "114/06/30", "end": "114/01/01",
                              "due": "114/07/10"})
    assert wrong.status_code == 400 and not plan.periods.exists()
    response = client.post(url, {"label": "上半年", "start": "114/01/01", "end": "114/06/30",
                                 "due": "114/07/10"})
    period = plan.periods.get()
    assert (period.label, period.start, period.end, period.due) == (
        "上半年", dt.date(2025, 1, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 10))
    assert response.url == reverse("plans:staff-period", args=[plan.pk, period.pk])
    client.post(url, {"label": "上半年", "start": "114/01/01", "end": "114/06/30",
                      "due": "114/07/10"})  # sent twice: still one period
    assert plan.periods.count() == 1


def test_a_supervisor_cannot_add_a_period_and_another_agency_cannot_see_the_page(client):
    agency, units = agency_with_units()
    _other, other_units = agency_with_units()
    plan = plan_for(agency)
    url = reverse("plans:staff-period-new", args=[plan.pk])
    client.force_login(supervisor(units[0]))
    assert client.get(url).status_code == 403
    client.force_login(coordinator(other_units[0]))
    assert client.post(url, {"label": "上半年", "start": "114/01/01", "end": "114/06/30",
                             "due": "114/07/10"}).status_code == 404
    assert not plan.periods.exists()


def test_a_stale_publish_button_publishes_nothing(client):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    read = plan.version
    services.plan_update(actor=superuser(), plan=plan, expected_version=read, title="改過的標題")
    client.force_login(coordinator(units[0]))
    response = client.post(reverse("plans:staff-publish", args=[plan.pk]), {"version": read},
                           follow=True)
    plan.refresh_from_db()
    assert not plan.is_published and plan.title == "改過的標題"
    assert "已被其他人修改" in response.content.decode()


def test_a_stale_actual_value_is_refused_on_the_page_with_what_was_typed(client):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    indicator = services.indicator_save(actor=superuser(), plan=plan, name="提案數",
                                        targets={2025: 5})
    read = indicator.version
    services.indicator_record_actual(actor=superuser(), indicator=indicator, value=4,
                                     evidence_text="同事的清冊", expected_version=read)
    client.force_login(coordinator(units[0]))
    response = client.post(reverse("plans:staff-indicator-actual", args=[indicator.pk]),
                           {"version": read, "value": "7", "evidence_text": "我的清冊"})
    page = response.content.decode()
    assert response.status_code == 400 and "我的清冊" in page and "已被其他人修改" in page
    indicator.refresh_from_db()
    assert indicator.manual_actual == 4 and indicator.evidence_text == "同事的清冊"


def test_a_review_of_a_report_changed_since_it_was_read_keeps_the_comment(client):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    action_under(plan, None, "辦理", units[:1])
    services.period_open(actor=superuser(), period=quarter(plan))
    report = ProgressReport.objects.get()
    writer = supervisor(units[0])
    report = services.report_save(actor=writer, action=report.action, unit=report.unit,
                                  period=report.period, status="done", narrative="已完成",
                                  expected_version=report.version)
    report = services.report_submit(actor=writer, report=report, expected_version=report.version)
    client.force_login(coordinator(units[1]))
    response = client.post(reverse("plans:staff-report-review", args=[report.pk]), {
        "review-decision": "return", "review-comment": "請補充簽到表",
        "review-version": report.version - 1})
    page = response.content.decode()
    assert response.status_code == 400 and "請補充簽到表" in page and "已被其他人修改" in page
    report.refresh_from_db()
    assert report.review_state == "submitted" and report.review_comment == ""


def test_items_keep_their_written_numbers_and_may_skip_a_level(client):
    agency, units = agency_with_units()
    plan = plan_for(agency, levels=[("構面", "chinese"), ("指標", "arabic"), ("作法", "none")])
    services.plan_update(actor=superuser(), plan=plan, expected_version=plan.version,
                         numbering="as_written")
    client.force_login(coordinator(units[0]))
    add = reverse("plans:staff-node-add", args=[plan.pk])
    client.post(add, {"text": "基礎服務", "number": "1"})
    top = PlanNode.objects.get()
    form = client.get(add, {"parent": top.pk}).content.decode()
    assert 'name="level"' in form and "作法" in form
    client.post(add, {"parent": top.pk, "text": "直接作法", "number": "1.1", "level": "2"})
    child = PlanNode.objects.get(parent=top)
    assert (child.level, child.depth, child.number) == (2, 1, "1.1")
    page = client.get(reverse("plans:staff-detail", args=[plan.pk])).content.decode()
    assert "1 基礎服務" in page and "1.1 直接作法" in page


def test_an_indicator_is_added_under_an_item_and_the_tree_shows_its_score(client):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    services.plan_update(actor=superuser(), plan=plan, expected_version=plan.version,
                         uses_weights=True)
    node = services.node_add(actor=superuser(), plan=plan, text="系統建置")
    client.force_login(coordinator(units[0]))
    add = reverse("plans:staff-indicator-add", args=[plan.pk])
    assert f'value="{node.pk}" selected' in client.get(add, {"node": node.pk}).content.decode()
    response = client.post(add, {"name": "系統上線", "node": node.pk, "weight": "20",
                                 "direction": "higher", "target_1": "完成系統上線"})
    assert response.status_code == 302
    indicator = plan.indicators.get()
    assert indicator.node == node and indicator.targets.get().text == "完成系統上線"
    client.post(reverse("plans:staff-indicator-actual", args=[indicator.pk]), {
        "version": indicator.version, "actual_text": "已上線", "judgement": "near",
        "evidence_text": "公告"})
    page = client.get(reverse("plans:staff-detail", args=[plan.pk])).content.decode()
    assert "完成系統上線" in page and "已上線" in page and "50.0%" in page
