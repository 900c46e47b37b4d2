"""The dataset of the execution plan (提升服務執行計畫): the newest published plan of the
agency, as its last published revision says (what its public page shows), with its
strategies, measures and actions and its key indicators with their targets."""

import datetime as dt

from minfu.opendata.registry import DatasetKind, Field, Table, TableSpec
from minfu.plans.selectors import latest_revision, published_plans

ITEMS = TableSpec("plan_items", "執行策略及具體做法", "Strategies, measures and actions", (
    Field("year", "integer", "計畫年度（西元）", "Plan year (AD)"),
    Field("item_no", "integer", "序號", "No.", "依計畫書順序", "In the plan's order"),
    Field("level", "integer", "層級", "Level", "0 為最上層（執行策略）", "0 for the top level"),
    Field("level_label", "string", "層級名稱", "Level name", "如執行策略、策略細項、具體做法",
          "As the plan names it, e.g. strategy, measure, action"),
    Field("text", "string", "內容", "Text", "含計畫書之編號", "With the plan's numbering"),
    Field("deadline", "string", "完成期限", "Deadline"),
    Field("responsible_units", "string", "執行單位", "Responsible units"),
    Field("expected_benefit", "string", "預期效益", "Expected benefit"),
), primary_key=("year", "item_no"))

INDICATORS = TableSpec("key_indicators", "關鍵績效指標", "Key indicators", (
    Field("year", "integer", "計畫年度（西元）", "Plan year (AD)"),
    Field("item_no", "integer", "序號", "No."),
    Field("name", "string", "指標名稱", "Indicator"),
    Field("definition", "string", "衡量標準", "Definition"),
    Field("under", "string", "所屬策略", "Under", "指標所屬之策略或做法",
          "The strategy or action it measures"),
    Field("target", "string", "年度目標值", "Target of the year"),
    Field("weight", "number", "權重", "Weight"),
), primary_key=("year", "item_no"))


def build_plan(organisation, today: dt.date) -> list[Table]:
    plan = published_plans().filter(organisation=organisation, year__lte=today.year).first()
    revision = latest_revision(plan) if plan is not None else None
    if revision is None:
        return [Table(ITEMS, []), Table(INDICATORS, [])]
    snapshot = revision.snapshot
    items = [[plan.year, number, node["level"], node["level_label"], node["label"],
              node["deadline"], node["units"], node["benefit"]]
             for number, node in enumerate(snapshot.get("nodes", []), start=1)]
    indicators = [[plan.year, number, one["label"], one["definition"], one["node"],
                   one["target"], float(one["weight"]) if one["weight"] else None]
                  for number, one in enumerate(snapshot.get("indicators", []), start=1)]
    return [Table(ITEMS, items), Table(INDICATORS, indicators)]


def _has_plan(organisation) -> bool:
    return published_plans().filter(organisation=organisation).exists()


DATASETS = [
    DatasetKind(
        code="plan", slug="execution-plan",
        title_zh="{organisation}提升服務執行計畫", title_en="{organisation}: service improvement execution plan",
        description_zh="本機關年度提升服務執行計畫之執行策略、策略細項、具體做法、執行單位、完成期限及關鍵績效指標與目標值。",
        description_en="The agency's yearly execution plan: strategies, measures, actions with their units and deadlines, and key indicators with their targets.",
        tables=(ITEMS, INDICATORS), build=build_plan, frequency="yearly",
        keywords_zh="提升服務,執行計畫,關鍵績效指標", keywords_en="execution plan,key indicators",
        applies=_has_plan),
]
