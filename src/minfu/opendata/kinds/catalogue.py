"""Datasets of the service catalogue: the services in force with their required documents
and periods, and the processing-period table (人民申請案件處理期間表) as published."""

import datetime as dt

from minfu.catalog import period_table
from minfu.catalog.periods import describe_period
from minfu.catalog.selectors import period_tables, public_versions
from minfu.opendata.registry import DatasetKind, Field, Table, TableSpec

SERVICES = TableSpec("services", "服務項目", "Services", (
    Field("service_code", "string", "服務代碼", "Service code",
          "機關內唯一的服務代碼", "The service's code, unique within the agency"),
    Field("name_zh", "string", "服務名稱", "Name (Chinese)"),
    Field("name_en", "string", "英文名稱", "Name (English)"),
    Field("description_zh", "string", "說明", "Description (Chinese)"),
    Field("responsible_unit", "string", "承辦單位", "Responsible unit"),
    Field("legal_basis", "string", "法令依據", "Legal basis"),
    Field("period_value", "integer", "處理期限", "Processing period",
          "法定處理期間的數值", "The value of the legal processing period"),
    Field("period_unit", "string", "處理期限單位", "Processing period unit",
          "working_days 工作日、calendar_days 日曆天、hours 小時",
          "working_days, calendar_days or hours"),
    Field("norm_value", "integer", "服務標準", "Service norm",
          "機關自訂較法定期間更短的服務標準；空白為未訂",
          "The agency's own faster target; empty when none"),
    Field("norm_unit", "string", "服務標準單位", "Service norm unit"),
    Field("fee_amount", "integer", "規費（新臺幣元）", "Fee (NT$)",
          "空白為免費或依說明", "Empty when free or as the notes say"),
    Field("online", "boolean", "可線上申辦", "Online"),
    Field("counter", "boolean", "可臨櫃申辦", "At the counter"),
    Field("mail", "boolean", "可郵寄申辦", "By mail"),
    Field("effective_from", "date", "生效日期", "In force from"),
), primary_key=("service_code",))

DOCUMENTS = TableSpec("documents", "應備文件", "Required documents", (
    Field("service_code", "string", "服務代碼", "Service code"),
    Field("order", "integer", "項次", "No."),
    Field("name_zh", "string", "文件名稱", "Document (Chinese)"),
    Field("name_en", "string", "英文名稱", "Document (English)"),
    Field("requirement", "string", "要求", "Requirement",
          "mandatory 必備、conditional 視情況",
          "mandatory or conditional"),
    Field("condition_zh", "string", "應備條件", "When it is needed"),
    Field("fetched_by_agency", "boolean", "由機關查調免附", "Fetched by the agency",
          "true 表示民眾免附，由機關逕行查調",
          "true: the applicant need not bring it, the agency fetches it"),
), primary_key=("service_code", "order"))


def _versions(organisation, today: dt.date):
    return list(public_versions(on=today).filter(service_type__organisation=organisation)
                .prefetch_related("documents"))


def build_catalogue(organisation, today: dt.date) -> list[Table]:
    versions = _versions(organisation, today)
    services = [[
        version.service_type.code, version.name_zh, version.name_en, version.description_zh,
        version.responsible_unit.name_zh if version.responsible_unit else "",
        version.legal_basis_zh, version.period_value, version.period_unit,
        version.norm_value, version.norm_unit or None, version.fee_amount,
        version.offered_online, version.offered_at_counter, version.offered_by_mail,
        version.effective_from,
    ] for version in versions]
    documents = [[
        version.service_type.code, position, document.name_zh, document.name_en,
        document.requirement, document.condition_zh, document.fetched_by_agency,
    ] for version in versions
        for position, document in enumerate(version.documents.all(), start=1)]
    return [Table(SERVICES, services), Table(DOCUMENTS, documents)]


PERIODS = TableSpec("processing_periods", "人民申請案件處理期間表",
                    "Processing periods of applications", (
    Field("item_no", "integer", "項次", "No."),
    Field("application_type", "string", "申請案件類別", "Type of application"),
    Field("application_type_en", "string", "申請案件類別（英文）", "Type of application (English)"),
    Field("legal_basis", "string", "法令依據", "Legal basis"),
    Field("processing_period", "string", "處理期間", "Processing period"),
    Field("processing_period_en", "string", "處理期間（英文）", "Processing period (English)"),
    Field("service_standard", "string", "服務標準", "Service standard"),
    Field("responsible_unit", "string", "承辦單位", "Responsible unit"),
), primary_key=("item_no",))


def build_periods(organisation, today: dt.date) -> list[Table]:
    tables = period_tables(on=today, organisation_code=organisation.code)
    if not tables:
        return [Table(PERIODS, [])]
    versions = tables[0].versions
    zh = period_table.rows(versions, "zh-hant")
    rows = [[row[0], row[1], version.name_en or None, row[2], row[3],
             describe_period(version.period, "en"), row[4], row[5]]
            for row, version in zip(zh, versions, strict=True)]
    return [Table(PERIODS, rows)]


def _has_services(organisation) -> bool:
    return organisation.service_types.exists()


DATASETS = [
    DatasetKind(
        code="catalogue", slug="services",
        title_zh="{organisation}服務項目及應備文件", title_en="{organisation}: services and required documents",
        description_zh="本機關受理之人民申請案件服務項目、法令依據、處理期間、服務標準、規費、申辦管道及應備文件（一次告知）。",
        description_en="The services the agency offers: legal basis, processing period, service norm, fee, channels and every required document.",
        tables=(SERVICES, DOCUMENTS), build=build_catalogue, frequency="irregular",
        keywords_zh="服務項目,應備文件,處理期間,申辦", keywords_en="services,documents,processing period",
        applies=_has_services),
    DatasetKind(
        code="periods", slug="processing-periods",
        title_zh="{organisation}人民申請案件處理期間表", title_en="{organisation}: processing periods of applications",
        description_zh="依行政程序法第51條訂定並公告之人民申請案件處理期間。",
        description_en="The processing period of each kind of application, set and published under Administrative Procedure Act article 51.",
        tables=(PERIODS,), build=build_periods, frequency="irregular",
        keywords_zh="處理期間,行政程序法,人民申請案件", keywords_en="processing period,applications",
        applies=_has_services),
]
