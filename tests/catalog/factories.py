"""Catalogue test data, built through the services like real data."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from minfu.catalog import services
from minfu.catalog.models import ClassificationTag, ServiceTypeVersion
from minfu.catalog.services import DocumentItem, VersionContent
from minfu.org.models import Role, Unit
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user

LONG_AGO = dt.date(2020, 1, 1)


def tags() -> dict[str, ClassificationTag]:
    """The seeded tags, by code."""
    services.classification_tags_seed()
    return {tag.code: tag for tag in ClassificationTag.objects.all()}


def documents() -> tuple[DocumentItem, ...]:
    return (
        DocumentItem(name_zh="申請書", name_en="Application form"),
        DocumentItem(name_zh="戶籍謄本", name_en="Household registration record",
                     fetched_by_agency=True, notes_zh="機關代為查詢"),
        DocumentItem(name_zh="委任書", name_en="Letter of authorisation",
                     requirement="conditional", condition_zh="委託他人申請時",
                     condition_en="When someone applies for you"),
    )


def content(unit: Unit, **overrides) -> VersionContent:
    seeded = tags()
    values = {
        "name_zh": "納稅證明書申請", "name_en": "Tax payment certificate",
        "description_zh": "核發納稅證明書", "description_en": "Certificates of tax paid",
        "responsible_unit": unit, "channels": ("online", "counter"),
        "applicant_kinds": ("person",), "legal_basis_zh": "稅捐稽徵法第33條",
        "legal_basis_en": "Tax Collection Act, article 33",
        "period_value": 4, "period_unit": "working_days", "norm_value": 1,
        "norm_unit": "working_days", "fee_amount": 0,
        "where_to_apply_zh": "服務櫃檯", "where_to_apply_en": "Service counter",
        "topic_tag": seeded["FIN-TAX"], "policy_tag": seeded["POL-TAX"],
        "service_tag": seeded["S08"], "documents": documents(),
    }
    values.update(overrides)
    return VersionContent(**values)


def draft(unit: Unit | None = None, code: str = "TAX-CERT", **overrides) -> ServiceTypeVersion:
    unit = unit or UnitFactory()
    return services.service_type_create(organisation=unit.organisation, code=code,
                                        content=content(unit, **overrides))


def published(unit: Unit | None = None, code: str = "TAX-CERT",
              effective_from: dt.date = LONG_AGO, **overrides) -> ServiceTypeVersion:
    version = draft(unit, code, **overrides)
    return services.service_type_version_publish(version=version,
                                                 expected_version=version.version,
                                                 effective_from=effective_from)


def agency_with_unit(code: str, unit_code: str = "SVC") -> Unit:
    return UnitFactory(organisation=OrganisationFactory(code=code), code=unit_code)


def editor(unit: Unit, role: str = Role.AGENCY_ADMIN):
    return staff_user(unit, role)


def count_queries(action) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def sample_questions() -> tuple:
    """所得年度 (number), 用途 (single choice), 份數 (number), 附註 (optional text)."""
    from minfu.catalog.questions import Choice, Question

    return (
        Question(code="income_year", kind="number", label_zh="所得年度",
                 label_en="Income year", min_value=100, max_value=200,
                 help_zh="以民國年填寫", help_en="In ROC years"),
        Question(code="purpose", kind="single_choice", label_zh="用途", label_en="Purpose",
                 choices=(Choice("loan", "貸款", "Loan"), Choice("visa", "簽證", "Visa"),
                          Choice("other", "其他", "Other"))),
        Question(code="copies", kind="number", label_zh="份數", label_en="Copies",
                 min_value=1, max_value=10),
        Question(code="remarks", kind="long_text", label_zh="附註", label_en="Remarks",
                 required=False),
    )
