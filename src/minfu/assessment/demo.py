"""Demo data of assessment; `manage.py load_demo` calls `load()`, which is safe to run again.

Taipei Customs (TPC) inspects its 業務一組 with a 1000-point sheet and scores it under 750,
so an improvement plan is required; the report is signed off, the findings become items,
the unit replies with evidence and the coordinator closes some, and a summary is
published; the report of a second inspection (業務二組) awaits approval. Courtesy tests over three months, two proposals
(one adopted, one not), nominations, and a Ministry of Finance award round with TPC and
NTBT: overall and project awards, five entries, three judges (one conflict of interest),
through every stage to publication. Everything goes through the services, as the demo users."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minfu.assessment import inspection_signoff, services
from minfu.assessment.models import (
    AwardAssignment,
    AwardRound,
    AwardStageEntry,
    CourtesyTest,
    ImprovementItem,
    Inspection,
    InspectionKind,
    InspectionPublication,
    InspectionState,
    Nomination,
    Proposal,
    RecognitionKind,
    ScoreItem,
    ScoreSheet,
    SheetKind,
)
from minfu.org.models import Organisation, Unit
from minfu.surveys.models import FollowUp as SurveyFollowUp

INSPECTION_SECTIONS = [
    {"title_zh": "服務環境", "title_en": "Service environment", "items": [
        {"title_zh": "洽公環境整潔明亮", "max_points": 60, "guidance": "櫃台、等候區及廁所整潔。"},
        {"title_zh": "服務指引標示清楚", "max_points": 70, "guidance": "動線、樓層及櫃台標示明確。"},
        {"title_zh": "無障礙及友善設施", "max_points": 70, "guidance": "無障礙坡道、哺乳室、老花眼鏡等。"}]},
    {"title_zh": "服務態度", "title_en": "Attitude", "items": [
        {"title_zh": "臨櫃服務禮貌", "max_points": 150, "guidance": "主動問候、耐心說明。"},
        {"title_zh": "電話禮貌", "max_points": 150, "guidance": "報明單位及姓名、轉接確實。"}]},
    {"title_zh": "服務效能", "title_en": "Efficiency", "items": [
        {"title_zh": "案件依限辦結", "max_points": 150, "guidance": "抽查案件是否於處理期限內辦結。"},
        {"title_zh": "一次告知補正", "max_points": 150, "guidance": "補正通知是否一次列明所缺文件。"}]},
    {"title_zh": "創新與民意回應", "title_en": "Innovation and responsiveness", "items": [
        {"title_zh": "創新便民措施", "max_points": 100, "guidance": "推動之創新服務及成效。"},
        {"title_zh": "民意反映處理", "max_points": 100, "guidance": "陳情及意見之回應速度與品質。"}]},
]
INSPECTION_TIERS = [{"name_zh": "優等", "name_en": "Excellent", "lower_bound": 900},
                    {"name_zh": "甲等", "name_en": "Very good", "lower_bound": 800},
                    {"name_zh": "乙等", "name_en": "Good", "lower_bound": 700}]
COURTESY_SECTIONS = [{"title_zh": "電話禮貌", "title_en": "Telephone courtesy", "items": [
    {"title_zh": "問候語及報明單位", "max_points": 20, "guidance": "接聽時問候並報明單位。"},
    {"title_zh": "語氣態度", "max_points": 20, "guidance": "語氣親切、不急躁。"},
    {"title_zh": "答復正確", "max_points": 20, "guidance": "答復內容正確完整。"},
    {"title_zh": "轉接處理", "max_points": 20, "guidance": "轉接前告知並確認接通。"},
    {"title_zh": "結束語", "max_points": 20, "guidance": "禮貌結束通話。"}]}]
AWARD_SECTIONS = [{"title_zh": "政府服務獎評核構面", "title_en": "Criteria", "items": [
    {"title_zh": "服務遞送", "max_points": 40, "guidance": "服務流程、便捷度與一致性。"},
    {"title_zh": "服務量能", "max_points": 30, "guidance": "內部管理、人員訓練與資源整合。"},
    {"title_zh": "開放創新", "max_points": 30, "guidance": "民眾參與、資料開放與創新作法。"}]}]
AWARD_TIERS = [{"name_zh": "優等", "lower_bound": 85}, {"name_zh": "甲等", "lower_bound": 75},
               {"name_zh": "乙等", "lower_bound": 65}]
PROJECT_SECTIONS = [{"title_zh": "專案獎評核構面", "title_en": "Project criteria", "items": [
    {"title_zh": "問題分析", "max_points": 30, "guidance": "問題界定與民眾需求分析。"},
    {"title_zh": "創新作法", "max_points": 40, "guidance": "作法之創新性與可推廣性。"},
    {"title_zh": "具體成效", "max_points": 30, "guidance": "量化及質化成效。"}]}]
AWARD_PRIZES = [
    {"name_zh": "特優", "name_en": "Outstanding", "prizes": 1, "min_mean": 85,
     "prize_zh": "頒發獎座1座，承辦人員記功1次。"},
    {"name_zh": "優等", "name_en": "Excellent", "prizes": 1, "min_mean": 80,
     "prize_zh": "頒發獎狀1幀，承辦人員嘉獎2次。"},
    {"name_zh": "甲等", "name_en": "Very good", "prizes": 2, "min_mean": 70,
     "prize_zh": "頒發獎狀1幀。"}]
JUDGES = ("mof-judge-1", "mof-judge-2", "mof-judge-3")
FINDINGS = ["服務台未設置引導人員，民眾需自行尋找櫃台。",
            "電話轉接時未先告知來電者，有兩通電話轉接後斷線。",
            "補正通知未一次列明所缺文件，抽查案件中有重複通知情形。"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _points(sheet: ScoreSheet, values) -> dict[int, Decimal]:
    items = ScoreItem.objects.filter(section__sheet=sheet).order_by("section__position",
                                                                    "position")
    return {item.pk: Decimal(value) for item, value in zip(items, values, strict=True)}


def _sheet(actor, organisation, kind, code, name_zh, name_en, sections, tiers, below):
    existing = ScoreSheet.objects.filter(organisation=organisation, code=code,
                                         is_current=True).first()
    return existing or services.score_sheet_save(
        actor=actor, organisation=organisation, kind=kind, code=code, name_zh=name_zh,
        name_en=name_en, sections=sections, tiers=tiers, improvement_below=below)


def load() -> None:
    mof = Organisation.objects.filter(code="MOF").first()
    tpc = Organisation.objects.filter(code="TPC").first()
    ntbt = Organisation.objects.filter(code="NTBT").first()
    if not (mof and tpc and ntbt):
        return
    coordinator = _user("tpc-coordinator")
    bus1 = Unit.objects.get(organisation=tpc, code="BUS1")
    inspection_sheet = _sheet(coordinator, tpc, SheetKind.INSPECTION, "service-inspection",
                              "為民服務不定期考核評分表", "Service inspection score sheet",
                              INSPECTION_SECTIONS, INSPECTION_TIERS, 750)
    courtesy_sheet = _sheet(coordinator, tpc, SheetKind.COURTESY, "telephone-courtesy",
                            "電話禮貌測試評分表", "Telephone-courtesy score sheet",
                            COURTESY_SECTIONS, [], 70)
    _inspection(tpc, bus1, inspection_sheet)
    _awaiting_approval(tpc, inspection_sheet)
    _courtesy_tests(bus1, courtesy_sheet)
    _proposals(bus1)
    _nominations(bus1)
    _tracked_follow_up(tpc)
    evaluator = _user("mof-evaluator")
    award_sheet = _sheet(evaluator, mof, SheetKind.AWARD, "service-award",
                         "政府服務獎評獎標準", "Government Service Award criteria",
                         AWARD_SECTIONS, AWARD_TIERS, None)
    project_sheet = _sheet(evaluator, mof, SheetKind.AWARD, "service-award-project",
                           "政府服務獎專案獎評獎標準", "Government Service Award project criteria",
                           PROJECT_SECTIONS, [], None)
    _award_round(mof, tpc, ntbt, award_sheet, project_sheet)


def _inspection(tpc, bus1, sheet) -> None:
    """Scored under 750, signed off (submitted by the convener, reviewed by the agency's
    administrator, approved by the ministry's evaluator as the designated official), its
    findings tracked and two of them closed; then published in a summary form."""
    title = "業務一組為民服務不定期考核"
    inspection = Inspection.objects.filter(organisation=tpc, title=title).first()
    if inspection is None:
        inspection = _signed_off_inspection(tpc, bus1, sheet, title)
    _published_summary(inspection)


def _signed_off_inspection(tpc, bus1, sheet, title) -> Inspection:
    coordinator, supervisor = _user("tpc-coordinator"), _user("tpc-supervisor")
    admin, officer = _user("tpc-admin"), _user("tpc-officer")
    evaluator = _user("mof-evaluator")
    inspection = services.inspection_create(
        actor=coordinator, organisation=tpc, unit=bus1, sheet=sheet,
        kind=InspectionKind.UNANNOUNCED, title=title,
        inspected_on=timezone.localdate() - dt.timedelta(days=7), convener=coordinator,
        secretary=admin, members=[officer], approver=evaluator)
    services.inspection_score(actor=coordinator, inspection=inspection,
                              points=_points(sheet, [50, 45, 55, 110, 95, 120, 100, 70, 80]),
                              comments={}, files=[SimpleUploadedFile("考核照片.pdf", PDF)])
    services.inspection_score(actor=admin, inspection=inspection,
                              points=_points(sheet, [52, 48, 50, 115, 90, 118, 95, 72, 75]))
    services.inspection_score(actor=officer, inspection=inspection,
                              points=_points(sheet, [55, 50, 58, 120, 100, 125, 105, 75, 82]))
    for text in FINDINGS:
        services.finding_add(actor=coordinator, inspection=inspection, text=text)
    inspection = inspection_signoff.inspection_submit(
        actor=coordinator, inspection=inspection, expected_version=inspection.version,
        summary="總分未達750分，請業務一組提出具體改善作法，並於一個月內函復改善情形。",
        comment="考核報告如附，敬請審核。")
    inspection = inspection_signoff.inspection_review(
        actor=admin, inspection=inspection, expected_version=inspection.version,
        comment="評分及發現事項均已核對。")
    inspection = inspection_signoff.inspection_approve(
        actor=evaluator, inspection=inspection, expected_version=inspection.version,
        comment="同意，請業務一組依限改善。")
    for item in list(inspection.items.order_by("pk"))[:2]:
        item = services.improvement_item_reply(
            actor=supervisor, item=item, expected_version=item.version,
            reply="已完成改善，並辦理同仁教育訓練，檢附辦理情形及照片。",
            files=[SimpleUploadedFile("改善情形.pdf", PDF)])
        services.improvement_item_review(actor=_user("tpc-coordinator"), item=item,
                                         expected_version=item.version, close=True,
                                         note="經查核已改善，同意解除列管。")
    return inspection


def _published_summary(inspection: Inspection) -> None:
    if inspection.state != InspectionState.APPROVED or \
            InspectionPublication.objects.filter(inspection=inspection).exists():
        return
    coordinator = _user("tpc-coordinator")
    publication = inspection_signoff.inspection_publication_save(
        actor=coordinator, inspection=inspection, expected_version=None,
        title_zh="臺北關業務一組為民服務考核結果", title_en="Taipei Customs, Business Division 1: "
        "service inspection result", show_total=True, show_sections=True,
        strengths_zh="臨櫃人員服務態度親切，案件多能於處理期限內辦結。",
        strengths_en="Counter staff are courteous, and most applications are settled "
        "within their processing periods.",
        findings_zh="服務台引導、電話轉接及一次告知補正尚待改善，已列管追蹤並限期改善。",
        findings_en="Guidance at the front desk, call transfers and one-time notices of "
        "missing documents are being improved, and tracked until done.")
    inspection_signoff.inspection_publish(actor=coordinator, publication=publication,
                                          expected_version=publication.version)


def _awaiting_approval(tpc, sheet) -> None:
    """A second inspection, of 業務二組: submitted and reviewed, awaiting the approval of
    the ministry's evaluator."""
    title = "業務二組為民服務不定期考核"
    bus2 = Unit.objects.filter(organisation=tpc, code="BUS2").first()
    if bus2 is None or Inspection.objects.filter(organisation=tpc, title=title).exists():
        return
    coordinator, admin = _user("tpc-coordinator"), _user("tpc-admin")
    inspection = services.inspection_create(
        actor=coordinator, organisation=tpc, unit=bus2, sheet=sheet,
        kind=InspectionKind.SCHEDULED, title=title,
        inspected_on=timezone.localdate() - dt.timedelta(days=3), convener=coordinator,
        secretary=admin, approver=_user("mof-evaluator"))
    services.inspection_score(actor=coordinator, inspection=inspection,
                              points=_points(sheet, [58, 65, 62, 140, 135, 140, 138, 90, 92]))
    services.inspection_score(actor=admin, inspection=inspection,
                              points=_points(sheet, [56, 66, 64, 142, 130, 138, 140, 88, 95]))
    services.finding_add(actor=coordinator, inspection=inspection,
                         text="等候區叫號顯示器字體偏小，年長民眾不易辨識。")
    inspection = inspection_signoff.inspection_submit(
        actor=coordinator, inspection=inspection, expected_version=inspection.version,
        summary="整體表現優良，請持續維持並改善叫號顯示。", comment="敬請審核。")
    inspection_signoff.inspection_review(actor=admin, inspection=inspection,
                                         expected_version=inspection.version,
                                         comment="請核定。")


def _tracked_follow_up(tpc) -> None:
    """A citizen's complaint in a survey answer, taken into tracking by the coordinator."""
    if ImprovementItem.objects.filter(organisation=tpc, survey_follow_up__isnull=False).exists():
        return
    follow_up = (SurveyFollowUp.objects.filter(organisation=tpc, unit__isnull=False)
                 .order_by("created_at", "pk").first())
    if follow_up is not None:
        services.follow_up_to_item(actor=_user("tpc-coordinator"), follow_up=follow_up,
                                   owner_unit=follow_up.unit)


def _courtesy_tests(bus1, sheet) -> None:
    if CourtesyTest.objects.filter(unit=bus1).exists():
        return
    coordinator, officer = _user("tpc-coordinator"), _user("tpc-officer")
    supervisor = _user("tpc-supervisor")
    today = timezone.localdate()
    calls = [  # (days ago, answered by, points, rings)
        (80, officer, [20, 19, 20, 18, 19], 2), (75, supervisor, [18, 18, 17, 16, 18], 3),
        (50, officer, [20, 20, 19, 19, 20], 1), (45, None, [12, 13, 15, 10, 14], 6),
        (20, officer, [19, 20, 20, 18, 19], 2), (15, supervisor, [17, 18, 18, 17, 18], 3),
    ]
    for days, person, values, rings in calls:
        called_at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days),
                                                            dt.time(10, 30)))
        services.courtesy_test_record(
            actor=coordinator, unit=bus1, sheet=sheet, called_at=called_at,
            number_called="03-398-6100", rings=rings, points=_points(sheet, values),
            answered_by=person, idempotency_key=f"demo-courtesy-{days}")


def _proposals(bus1) -> None:
    if Proposal.objects.filter(unit=bus1).exists():
        return
    officer, coordinator = _user("tpc-officer"), _user("tpc-coordinator")
    adopted = services.proposal_submit(
        actor=officer, unit=bus1, title="報關案件線上預約臨櫃服務",
        description="民眾可於網站預約臨櫃時段，減少現場等候。",
        expected_benefit="平均等候時間縮短一半。", idempotency_key="demo-proposal-1")
    services.proposal_decide(actor=coordinator, proposal=adopted,
                             expected_version=adopted.version, adopted=True)
    rejected = services.proposal_submit(
        actor=officer, unit=bus1, title="夜間延長服務至晚上九點",
        description="每週三延長櫃台服務時間。", idempotency_key="demo-proposal-2")
    services.proposal_decide(actor=coordinator, proposal=rejected,
                             expected_version=rejected.version, adopted=False,
                             reason="夜間洽公需求低，人力成本過高，改以線上服務替代。")


def _nominations(bus1) -> None:
    if Nomination.objects.filter(unit=bus1).exists():
        return
    supervisor, coordinator = _user("tpc-supervisor"), _user("tpc-coordinator")
    officer = _user("tpc-officer")
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    courtesy = services.nomination_create(
        actor=supervisor, unit=bus1, kind=RecognitionKind.MONTHLY_COURTESY,
        period_day=last_month, nominee=officer, reason="電話應對親切，答復詳實正確。",
        manual_figures={"民眾致函表揚": 2})
    services.nomination_select(actor=coordinator, nomination=courtesy)
    services.nomination_create(
        actor=supervisor, unit=bus1, kind=RecognitionKind.QUARTERLY_EXEMPLARY,
        period_day=last_month, nominee=officer, reason="主動協助民眾，獲民眾致函表揚。",
        manual_figures={"民眾致函表揚": 5, "臨櫃即時評價": "4.8"})


def _award_round(mof, tpc, ntbt, sheet, project_sheet) -> None:
    """A round with the overall and the project award, five entries, three judges (one
    declares a conflict of interest and is replaced), through every stage, published."""
    year = timezone.localdate().year - 1
    branch = Organisation.objects.filter(code="NTBT-DA").first()
    judges = list(get_user_model().objects.filter(username__in=JUDGES).order_by("username"))
    if AwardRound.objects.filter(ministry=mof, year=year).exists() or branch is None or \
            len(judges) != len(JUDGES):
        return
    convener = _user("mof-evaluator")
    award_round = services.award_round_create(
        actor=convener, ministry=mof, year=year, title=f"{year - 1911}年度財政部服務獎評獎",
        sheet=sheet, project_sheet=project_sheet, tiers=AWARD_PRIZES,
        submission_due_on=timezone.localdate() - dt.timedelta(days=120))
    overall, project = list(award_round.categories.order_by("position"))
    submissions = [
        ("tpc-coordinator", tpc, overall, "", "推動通關線上預約及書表減量，民眾滿意度達92%。"),
        ("ntbt-coordinator", ntbt, overall, "", "推動跨機關合作及稅務資料開放，線上申辦比率達85%。"),
        ("ntbt-admin", branch, overall, "", "分局臨櫃服務導入預約叫號，平均等候時間縮短至8分鐘。"),
        ("tpc-coordinator", tpc, project, "快遞貨物通關線上預約", "以線上預約取代現場排隊，每日節省業者等候約300小時。"),
        ("ntbt-coordinator", ntbt, project, "綜所稅線上申辦一站式服務", "整合扣繳憑單與申報資料，民眾免附證明文件。"),
    ]
    entries = [services.award_entry_submit(
        actor=_user(username), award_round=award_round, organisation=organisation,
        category=category, title=title, self_evaluation=text,
        files=[SimpleUploadedFile("自評報告.pdf", PDF)] if organisation == tpc else [])
        for username, organisation, category, title, text in submissions]
    award_round.refresh_from_db()
    services.award_judges_set(actor=convener, award_round=award_round, judges=judges,
                              expected_version=award_round.version)
    first, review, visit, final = list(award_round.stages.order_by("position"))
    due = award_round.submission_due_on
    for stage, start, end in ((first, -60, 0), (review, 1, 30), (visit, 31, 60), (final, 61, 75)):
        services.award_stage_dates_set(actor=convener, stage=stage,
                                       starts_on=due + dt.timedelta(days=start),
                                       ends_on=due + dt.timedelta(days=end),
                                       expected_version=stage.version)
    _decide(convener, first, "自評資料齊備，全數進入初審。", advancing=entries)
    one, two, three = judges
    # First review: two judges per entry; judge two declares a conflict with NTBT and is
    # replaced by judge three.
    _stage_scores(convener, review, {entries[0]: [(one, [34, 25, 24]), (two, [33, 24, 25])],
                                     entries[1]: [(one, [32, 24, 22]), (two, None)],
                                     entries[2]: [(one, [26, 20, 19]), (two, [25, 19, 18])],
                                     entries[3]: [(one, [26, 34, 25]), (two, [25, 33, 26])],
                                     entries[4]: [(one, [25, 33, 24]), (two, [26, 32, 23])]},
                  replacement=(three, [31, 23, 23]))
    _decide(convener, review, "書面審查平均分數70分以上者進入實地訪查。",
            advancing=[entries[0], entries[1], entries[3], entries[4]])
    _stage_scores(convener, visit, {entries[0]: [(one, [35, 26, 25]), (three, [34, 25, 25])],
                                    entries[1]: [(one, [33, 24, 23]), (three, [32, 25, 22])],
                                    entries[3]: [(one, [27, 35, 26]), (two, [26, 34, 26])],
                                    entries[4]: [(one, [25, 33, 25]), (two, [26, 32, 24])]})
    _decide(convener, visit, "實地訪查完成，全數進入決審。",
            advancing=[entries[0], entries[1], entries[3], entries[4]])
    _stage_scores(convener, final, {
        entries[0]: [(one, [36, 26, 25]), (two, [35, 27, 25]), (three, [36, 26, 26])],
        entries[1]: [(one, [33, 24, 22]), (three, [34, 24, 23])],
        entries[3]: [(one, [27, 36, 26]), (two, [26, 35, 27]), (three, [27, 35, 26])],
        entries[4]: [(one, [25, 33, 24]), (two, [24, 34, 25]), (three, [26, 33, 24])]})
    _decide(convener, final, "依決審平均分數及獎項名額評定等第。", citations={
        entries[0].pk: "通關線上預約及書表減量成效卓著，服務遞送流程簡化有感。",
        entries[1].pk: "跨機關資料整合完善，線上申辦比率持續提升。",
        entries[3].pk: "以預約制度大幅縮短業者等候時間，創新作法值得推廣。",
        entries[4].pk: "申報資料一站整合，民眾免附證明文件。"})
    award_round.refresh_from_db()
    services.award_round_publish(actor=convener, award_round=award_round,
                                 expected_version=award_round.version)


def _decide(convener, stage, reasons, *, advancing=(), citations=None) -> None:
    stage.refresh_from_db()
    services.award_stage_decide(actor=convener, stage=stage, expected_version=stage.version,
                                reasons=reasons, advancing=[entry.pk for entry in advancing],
                                citations=citations,
                                files=[SimpleUploadedFile("評審會議紀錄.pdf", PDF)])


def _stage_scores(convener, stage, plan, replacement=None) -> None:
    """Assign the judges of each entry, let each declare and score; `None` instead of
    scores declares a conflict, and the judge who replaces them scores `replacement`."""
    for entry, scores in plan.items():
        row = AwardStageEntry.objects.get(stage=stage, entry=entry)
        services.award_assign(actor=convener, stage_entry=row,
                              judges=[judge for judge, _values in scores])
        for judge, values in scores:
            assignment = AwardAssignment.objects.get(stage_entry=row, judge=judge)
            if values is None:
                services.award_conflict_declare(actor=judge, assignment=assignment,
                                                conflict=True, reason="曾擔任該局服務品質顧問。")
                stand_in = AwardAssignment.objects.get(replaces=assignment)
                judge, values, assignment = replacement[0], replacement[1], stand_in
            services.award_conflict_declare(actor=judge, assignment=assignment, conflict=False)
            services.award_entry_score(actor=judge, assignment=assignment,
                                       points=_points(entry.category.sheet, values))
