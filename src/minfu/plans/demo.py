"""Demo data of plans; `manage.py load_demo` calls `load()`, which is safe to run again.

The Ministry of Finance's programme (財政部提升服務實施計畫) with its measures, and Taipei
Customs' 114 execution plan (關務署臺北關114年度提升服務執行計畫) entered from the seed
through the importer (`data/tpc-114-actions.csv`), with key indicators (those the metrics
engine measures bound to it, the others entered by hand), quarterly reporting periods
and Q1–Q3 progress reports in varied review states; and the 115 plan copied from it,
with its own Q1–Q3 reports, since most of the demo's live data falls in 115."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from minfu.org import services as org_services
from minfu.org.models import Organisation, Unit
from minfu.plans import selectors, services
from minfu.plans.models import Measure, Plan, Programme, ProgressReport, UnitGroup

DATA = Path(__file__).parent / "data"
YEAR = 2025  # ROC 114

# Units the 114 plan names that the organisation demo does not create.
EXTRA_TPC_UNITS = (("LAW", "法務緝案組", "Legal and Seizure Division"),
                   ("HR", "人事室", "Personnel Office"),
                   ("AUD", "機動稽核組", "Mobile Audit Division"))

MOF_MEASURES = (
    ("完備基礎服務項目，注重服務特性差異化", (
        "建立業務標準作業流程，維持服務措施處理一致性；確保資訊提供、問題回應或申辦案件處理正確性，適時檢討改進流程與作業方式。",
        "提供民眾易讀、易懂、易用之服務申辦資訊及進度查詢管道，提升服務流程透明度。",
        "注重服務人員禮貌態度，提高民眾臨櫃洽公或網站使用便利性，建置合宜服務環境。",
        "因應業務屬性及服務特性差異，汲取創新趨勢，投入品質改善，發展優質服務。")),
    ("重視全程意見回饋及參與，力求服務切合民眾需求", (
        "納入民眾參與服務設計或邀請民間協力合作，提供符合民眾需求服務。",
        "善用各類意見調查工具與機制，蒐集民眾對服務需求或建議，適予調整服務措施。",
        "依據服務特性辦理滿意度調查，瞭解民眾對服務看法，據以檢討改善既有措施。",
        "傾聽民眾意見，積極回應，有效協助民眾解決問題。")),
    ("便捷服務遞送過程與方式，提升民眾生活便利度", (
        "擴大單一窗口業務涵蓋範疇，減除申辦案件所需檢附書表謄本，提高業務申辦便捷度。",
        "衡酌實際需求，開發線上申辦及跨平臺通用服務，增加民眾使用意願。",
        "推動跨單位、跨機關服務流程整合及政府資訊資源共用共享，提供全程整合服務。",
        "關注社經發展新趨勢，運用創新策略，持續精進服務遞送過程及作法，提升服務效能。")),
    ("關懷多元對象及城鄉差距，促進社會資源公平使用", (
        "體認服務對象屬性差異，對特殊或弱勢族群提供適性服務，降低其取得服務成本。",
        "搭配複合策略，延伸服務據點，提高偏遠或交通不便地區民眾服務可近性。",
        "考量服務對象數位落差，發展網路服務或輔以其他方式，提供可替代服務管道。")),
    ("開放政府透明治理，優化機關管理創新", (
        "建構友善安全資料開放環境，落實資料公開透明，便利共享創新應用。",
        "促進民眾運用實體或網路等多方管道參與決策制定，強化政策溝通及對話交流。",
        "檢討機關內部作業，減省不必要審核及行政作業，聚焦核心業務，推動服務創新。")),
    ("掌握社經發展趨勢，專案規劃前瞻服務", (
        "主動發掘關鍵議題，前瞻規劃服務策略預為因應。",
        "善用法規調適、資通訊技術應用及流程簡化，擴大本機關或第一線機關服務措施運作彈性。",
        "結合跨域整合、引進民間資源、社會創新及開放社群協作等策略，務實解決服務或公共問題。",
        "權衡服務措施必要性，及投入成本與產出效益間之合理性，重視服務制度化及持續性。")),
)

TPC_OBJECTIVES = ("推動以人為本之全方位服務，於重視效率、品質及創新基礎上，納入「公平共享」、"
                  "「參與合作」及「開放透明」的精神，善用數位科技資源並規劃前瞻創新服務，"
                  "帶動本關服務效能全面躍升。")
TPC_CLOSING = (
    ("伍、管制考核",
     "一、秉持簡政便民理念，依循「服務、便捷、安全、廉能」願景，落實執行「提升服務執行計畫」，"
     "致力達成一個高效能的服務團隊。\n"
     "二、運用PDCAB理論，鼓勵各單位檢討、研提各項興革意見，落實推動「提升服務執行計畫」，"
     "精進服務效能。"),
    # The seed numbers these two without a heading.
    ("", "依據「財政部為民服務不定期考核工作計畫」，追蹤「提升服務執行計畫」辦理進度，"
         "考核執行情形並納為年度服務獎參獎參考。"),
    ("", "本計畫如有未盡事宜，得依實際需要修正或另行補充規定。"),
)
TPC_DIRECTIVES = (
    ("行政院106年1月9日院授發社字第1061300008號函頒「政府服務躍升方案」。",
     dt.date(2017, 1, 9), "院授發社字第1061300008號"),
    ("財政部109年1月2日台財綜字第10815932160號函訂定「財政部提升服務實施計畫」。",
     dt.date(2020, 1, 2), "台財綜字第10815932160號"),
)

# (name, definition, unit, direction, baseline, targets for 114-116, tolerance, metric, actual)
TPC_INDICATORS = (
    ("人民申請案件依限辦結率", "依限辦結件數 ÷ 辦結件數 × 100", "%", "higher", "97.20",
     ("98", "98.5", "99"), "1", "cases.on_time_rate", None),
    ("服務滿意度", "滿意度調查中表示滿意以上之比率", "%", "higher", "88.00",
     ("90", "91", "92"), "2", "surveys.satisfaction_share", None),
    ("陳情案件如期回復率", "於處理期限內回復之陳情件數 ÷ 應回復件數 × 100", "%", "higher",
     "94.00", ("95", "96", "97"), "1", "voice.on_time_reply_rate", None),
    ("線上申辦比率", "線上申辦件數 ÷ 申辦總件數 × 100", "%", "higher", "62.00",
     ("65", "68", "70"), "3", "cases.online_share", None),
    ("創新服務提案數", "同仁提出並經審查通過之創新服務提案件數", "件", "higher", "8",
     ("12", "14", "15"), "2", "", ("9", "114年第1至3季創新提案審查會議紀錄，通過9件。")),
    ("標準作業流程檢討件數", "完成檢討修正之標準作業流程件數", "件", "higher", "20",
     ("24", "26", "28"), "2", "", ("25", "各單位標準作業流程檢討清冊（114年9月30日止）。")),
)


def load() -> None:
    with transaction.atomic():
        mof = Organisation.objects.filter(code="MOF").first()
        tpc = Organisation.objects.filter(code="TPC").first()
        if mof is None or tpc is None:
            return
        actor = _user("tpc-coordinator") or _user("admin")
        programme = _load_programme(mof)
        _load_units(tpc)
        plan = Plan.objects.filter(organisation=tpc, year=YEAR).first()
        if plan is None:
            plan = _load_plan(tpc, programme, actor)
        if not plan.is_published:   # published plans are frozen
            _load_indicators(plan, actor)
            plan.refresh_from_db()
            services.plan_publish(actor=actor, plan=plan, expected_version=plan.version,
                                  today=dt.date(YEAR, 1, 24))
        _load_progress(plan, actor)
        _load_progress(_next_year(plan, actor), actor)
        ntbt = Organisation.objects.filter(code="NTBT").first()
        if ntbt is not None:
            _load_five_level_plan(ntbt, programme, _user("ntbt-coordinator") or actor)


def _next_year(plan: Plan, actor) -> Plan:
    """The 115 plan, copied from 114 as an agency does each January and published: the
    demo's live data (the past twelve months) mostly falls in it."""
    following = Plan.objects.filter(organisation=plan.organisation, year=plan.year + 1).first()
    if following is None:
        following = services.plan_copy_to_next_year(actor=actor, plan=plan)
        services.plan_publish(actor=actor, plan=following, expected_version=following.version,
                              today=dt.date(plan.year + 1, 1, 23))
    return following


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _load_programme(mof: Organisation) -> Programme:
    programme, _created = Programme.objects.get_or_create(code="mof-service-improvement", defaults={
        "organisation": mof, "title": "財政部提升服務實施計畫", "issued_on": dt.date(2017, 6, 5),
        "document_number": "台財綜字第10615912470號",
        "objectives": "為落實執行「政府服務躍升方案」，於重視效率、品質及創新基礎上，導入"
                      "「公平共享」、「參與合作」及「開放透明」精神，推動以民為本服務，"
                      "帶動本部服務效能全面躍升。"})
    for position, (text, children) in enumerate(MOF_MEASURES, start=1):
        measure, _created = Measure.objects.get_or_create(
            programme=programme, parent=None, position=position,
            defaults={"text": text, "numbering": f"{'一二三四五六'[position - 1]}、"})
        for child_position, child_text in enumerate(children, start=1):
            Measure.objects.get_or_create(
                programme=programme, parent=measure, position=child_position,
                defaults={"text": child_text,
                          "numbering": f"({'一二三四'[child_position - 1]})"})
    return programme


def _load_units(tpc: Organisation) -> None:
    last = Unit.objects.filter(organisation=tpc).order_by("-sort_order").first()
    order = last.sort_order if last else 0
    for code, name_zh, name_en in EXTRA_TPC_UNITS:
        if not Unit.objects.filter(organisation=tpc, code=code).exists():
            order += 10
            org_services.unit_save(unit=Unit(organisation=tpc, code=code, name_zh=name_zh,
                                             name_en=name_en, sort_order=order))


def _load_plan(tpc: Organisation, programme: Programme, actor) -> Plan:
    plan = services.plan_create(
        actor=actor, organisation=tpc, year=YEAR, programme=programme,
        title="關務署臺北關114年度提升服務執行計畫", objectives=TPC_OBJECTIVES,
        executing_units="本關各單位。", closing_sections=TPC_CLOSING)
    for text, issued_on, number in TPC_DIRECTIVES:
        services.directive_add(actor=actor, plan=plan, text=text, issued_on=issued_on,
                               document_number=number)
    source = DATA / "tpc-114-actions.csv"
    sheet = selectors.plan_sheet_read(plan, content=source.read_bytes(), filename=source.name,
                                      keep_numbers=False)
    services.plan_import(actor=actor, plan=plan, sheet=sheet, keep_numbers=False)
    # Each strategy follows the programme measure of the same number.
    measures = {m.position: m for m in programme.measures.filter(parent=None)}
    for strategy in plan.nodes.filter(parent=None):
        strategy.measure = measures.get(strategy.position)
        strategy.save(update_fields=["measure"])
    return plan


NTBT_OBJECTIVES = ("精進本局為民服務之理念，透過創新與強化為民服務作為，落實全方位優質服務，"
                   "以「便民與禮民」為努力目標，達到「求迅速、講效率」全方位服務之目標。")


# The closing sections of the seed (伍 to 捌), as the bureau adapts them; 獎勵方式 with a
# table, the last one numbered without a heading.
NTBT_CLOSING = (
    ("實施步驟", "一、依據財政部函頒之實施計畫，由本局各單位主管組成為民服務任務編組，研討訂定本局"
                 "執行計畫，簽奉局長核定後公開於本局網站及服務場所。\n"
                 "二、各推動作法由承辦單位研議執行，並由為民服務任務編組辦理考核。"),
    ("考核作業", "一、為民服務任務編組每半年至少召開會議1次，辦理考核作業。\n"
                 "二、依「為民服務不定期考核項目及評分表」不定期辦理考核。"),
    ("獎勵方式", "不定期考核結果依下表辦理："),
    ("", "本計畫奉局長核定後實施，修正時亦同。"),
)
NTBT_AWARD_TABLE = (("考核總成績", "處理方式"),
                    ("900分以上", "承辦人員敘獎"),
                    ("750分至899分", "持續精進"),
                    ("未達750分", "提出具體改善作法並列管追蹤"))


# (indicator, value, in words, judgement, evidence) entered by the bureau's coordinator.
NTBT_ACTUALS = (
    ("民眾滿意度", "87.5", "", "", "114年第1至3季民意調查報告。"),
    ("線上查詢項目數", "6", "", "", "本局網站「案件進度查詢」項目清單。"),
    ("即時評價機制上線", None, "已於114年5月上線", "met", "上線公告及系統畫面。"),
)


def _load_five_level_plan(ntbt: Organisation, programme: Programme, actor) -> Plan:
    """The Taipei National Taxation Bureau's 114 plan in the five levels of the award's
    evaluation framework (構面 > 評估項目 > 指標 > 子指標 > 推動作法), its own numbers kept,
    branches of uneven depth (an action right under an indicator, another right under an
    evaluation item), imported from `data/ntbt-114-plan.csv` (actions, deadlines and
    benefits from the Administrative Enforcement Agency's seed plan); some actions are
    given to the unit group 各業務科 (its three business divisions); five carry weighted
    key indicators (a target in words among them) that score the items above them. Published on 5
    February: after the programme's end-of-January deadline."""
    plan = Plan.objects.filter(organisation=ntbt, year=YEAR).first()
    if plan is not None:
        return plan
    business = Unit.objects.filter(organisation=ntbt, code__in=("IIT", "VAT", "SVC"))
    if not UnitGroup.objects.filter(organisation=ntbt, name="各業務科").exists():
        services.unit_group_save(actor=actor, organisation=ntbt, name="各業務科",
                                 units=business)
    plan = services.plan_create(
        actor=actor, organisation=ntbt, year=YEAR, programme=programme, levels=(),
        title="財政部臺北國稅局114年度提升服務執行計畫", objectives=NTBT_OBJECTIVES,
        executing_units="本局各單位辦理為民服務作業情形。", closing_sections=NTBT_CLOSING)
    plan = services.plan_update(actor=actor, plan=plan, expected_version=plan.version,
                                layout=Plan.Layout.HEADINGS)
    # The seed's own headings: 實施對象 for the units, its name for the items' section.
    for section in plan.sections.filter(kind__in=["units", "tree"]):
        services.section_save(actor=actor, plan=plan, section=section, kind=section.kind,
                              heading={"units": "實施對象",
                                       "tree": "執行策略及具體推動作法"}[section.kind])
    for text, issued_on, number in TPC_DIRECTIVES:
        services.directive_add(actor=actor, plan=plan, text=text, issued_on=issued_on,
                               document_number=number)
    awards = plan.sections.get(heading="獎勵方式")
    services.section_save(actor=actor, plan=plan, section=awards, heading=awards.heading,
                          kind=awards.kind, paragraphs=awards.paragraphs, table=NTBT_AWARD_TABLE)
    source = DATA / "ntbt-114-plan.csv"
    sheet = selectors.plan_sheet_read(plan, content=source.read_bytes(), filename=source.name,
                                      keep_numbers=True)
    services.plan_import(actor=actor, plan=plan, sheet=sheet, keep_numbers=True)
    plan.refresh_from_db()
    plan = services.plan_update(actor=actor, plan=plan, expected_version=plan.version,
                                uses_weights=True)
    for name, value, words, judgement, evidence in NTBT_ACTUALS:
        indicator = plan.indicators.get(name=name)
        services.indicator_record_actual(actor=actor, indicator=indicator, value=value,
                                         actual_text=words, judgement=judgement,
                                         expected_version=indicator.version,
                                         evidence_text=evidence)
    return services.plan_publish(actor=actor, plan=plan, expected_version=plan.version,
                                 today=dt.date(YEAR, 2, 5))


def _load_indicators(plan: Plan, actor) -> None:
    from minfu.metrics.registry import metrics

    known = metrics()
    existing = {indicator.name: indicator for indicator in plan.indicators.all()}
    for (name, definition, unit, direction, baseline, targets, tolerance, code,
         actual) in TPC_INDICATORS:
        if name in existing:
            indicator = existing[name]
            if code and code in known and not indicator.metric_code:
                services.indicator_save(
                    actor=actor, plan=plan, indicator=indicator,
                    expected_version=indicator.version, name=name, definition=definition,
                    unit_of_measure=unit, direction=direction, baseline=baseline,
                    tolerance=tolerance, metric_code=code,
                    targets={plan.year + i: value for i, value in enumerate(targets)})
            continue
        indicator = services.indicator_save(
            actor=actor, plan=plan, name=name, definition=definition, unit_of_measure=unit,
            direction=direction, baseline=baseline, tolerance=tolerance,
            metric_code=code if code in known else "",
            targets={plan.year + i: value for i, value in enumerate(targets)})
        if actual is not None:
            services.indicator_record_actual(actor=actor, indicator=indicator,
                                             expected_version=indicator.version,
                                             value=actual[0], evidence_text=actual[1])


NARRATIVES = {
    ProgressReport.Status.DONE: "本季已依計畫完成，相關紀錄已彙整備查。",
    ProgressReport.Status.IN_PROGRESS: "本季持續辦理中，已完成初步檢討，預計下季完成。",
    ProgressReport.Status.DELAYED: "因配合系統更新，辦理進度延後，已訂定改善時程。",
}


def _load_progress(plan: Plan, actor) -> None:
    """Q1 accepted, Q2 a mix of accepted, submitted and returned, Q3 partly submitted;
    Q4 not yet asked for."""
    if plan.periods.exists():
        return
    periods = services.periods_create_quarterly(actor=actor, plan=plan)
    reviewer = _user("tpc-coordinator") or actor
    for index, period in enumerate(periods[:3]):
        services.period_open(actor=actor, period=period)
        reports = list(period.reports.select_related("unit", "action__plan__organisation",
                                                     "period").order_by("id"))
        for number, report in enumerate(reports):
            _advance(report, index, number, actor, reviewer)


def _advance(report: ProgressReport, quarter: int, number: int, actor, reviewer) -> None:
    statuses = (ProgressReport.Status.DONE, ProgressReport.Status.IN_PROGRESS,
                ProgressReport.Status.DONE, ProgressReport.Status.DELAYED)
    if quarter == 2 and number % 3 == 0:
        return  # still a draft: the unit has not written it yet
    status = statuses[(number + quarter) % len(statuses)]
    report = services.report_save(actor=actor, action=report.action, unit=report.unit,
                                  period=report.period, occurrence=report.occurrence,
                                  status=status, narrative=NARRATIVES[status],
                                  expected_version=report.version)
    if quarter == 2 and number % 3 == 1:
        return  # written, not yet submitted
    report = services.report_submit(actor=actor, report=report, expected_version=report.version)
    if quarter == 0 or (quarter == 1 and number % 4 != 3):
        services.report_review(actor=reviewer, report=report, decision="accept",
                               expected_version=report.version)
    elif quarter == 1:
        services.report_review(actor=reviewer, report=report, decision="return",
                               expected_version=report.version, comment="請補充具體辦理成果及佐證資料。")
