"""The dataset of the performance statistics: the same figures as the public performance
page (minfu.opendata.performance), with the same small-number protection, in long form:
one row per month, table and column."""

import datetime as dt

from django.utils import translation

from minfu.opendata.registry import DatasetKind, Field, Table, TableSpec
from minfu.opendata.selectors import performance_report

FIGURES = TableSpec("monthly_figures", "每月服務績效", "Monthly performance figures", (
    Field("month", "yearmonth", "月份", "Month", "西元年-月", "AD year and month"),
    Field("topic", "string", "主題", "Topic",
          "applications 申請案件、on_time 如期辦結、working_days 平均處理工作日、satisfaction 滿意度、ratings 即時評價、improvement 改善事項",
          "applications, on_time, working_days, satisfaction, ratings or improvement"),
    Field("measure", "string", "項目代碼", "Measure code"),
    Field("measure_zh", "string", "項目", "Measure"),
    Field("value", "number", "數值", "Value",
          "空白且 suppressed 為 true 者，為人數少於門檻而不公開",
          "Empty with suppressed true: withheld because it counts too few people"),
    Field("unit", "string", "單位", "Unit"),
    Field("suppressed", "boolean", "不公開", "Suppressed",
          "小數值保護：少於門檻人數之格及可推算該格之格不公開",
          "Small-number protection: cells counting fewer people than the threshold, and cells from which one could be recomputed, are withheld"),
), primary_key=("month", "topic", "measure"))

PETITIONS = TableSpec("petitions_received", "每月人民陳情收件統計", "Petitions received by month", (
    Field("month", "yearmonth", "月份", "Month"),
    Field("breakdown", "string", "分類方式", "Breakdown",
          "kind 類型、category 類別、channel 管道", "kind, category or channel"),
    Field("group", "string", "分類代碼", "Group code", "total 為當月合計", "total for the month's total"),
    Field("group_zh", "string", "分類", "Group"),
    Field("count", "integer", "件數", "Count"),
    Field("suppressed", "boolean", "不公開", "Suppressed"),
), primary_key=("month", "breakdown", "group"))

_BREAKDOWN = {"petitions_kind": "kind", "petitions_category": "category",
              "petitions_channel": "channel"}


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def build_performance(organisation, today: dt.date) -> list[Table]:
    with translation.override("zh-hant"):
        report = performance_report(organisation)
    figures, petitions = [], []
    for table in report.tables:
        breakdown = _BREAKDOWN.get(table.key)
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                value = _number(cell.value)
                if breakdown:
                    petitions.append([row.key, breakdown, column.key, column.label,
                                      value, cell.suppressed])
                else:
                    figures.append([row.key, table.key, column.key,
                                    f"{table.title}：{column.label}", value, table.unit,
                                    cell.suppressed])
    return [Table(FIGURES, figures), Table(PETITIONS, petitions)]


DATASETS = [
    DatasetKind(
        code="performance", slug="performance",
        title_zh="{organisation}服務績效統計", title_en="{organisation}: service performance statistics",
        description_zh="近12個月每月人民申請案件收件及結案數、依法定期間及服務標準如期辦結比率、平均處理工作日、人民陳情依類型、類別及管道之收件數、如期回復比率、滿意度、即時評價及改善事項開立與結案數。",
        description_en="For each of the last 12 months: applications received and closed, on-time share against the legal period and the service norm, average working days, petitions by kind, category and channel, on-time reply share, satisfaction, real-time ratings, and improvement items opened and closed.",
        tables=(FIGURES, PETITIONS), build=build_performance, frequency="daily",
        keywords_zh="服務績效,如期辦結,人民陳情,滿意度", keywords_en="performance,on-time rate,petitions,satisfaction",
        note_zh="小數值保護：計算人數少於門檻（預設3人）之格不公開，並不公開可據以推算之格。",
        note_en="Small-number protection: cells counting fewer people than the threshold (3 by default) are withheld, and so are cells from which they could be recomputed."),
]
