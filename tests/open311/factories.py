"""Open311 test data, built through the services like real data."""

from __future__ import annotations

from minfu.open311 import services
from minfu.open311.models import ApiKey, Open311Service, RequestType, ServiceKind
from minfu.org.models import Role, Unit
from tests.catalog.factories import published, sample_questions
from tests.org.factories import staff_user
from tests.voice.factories import agency_unit, category

BASE = "/open311/v2"


def admin_of(unit: Unit):
    return staff_user(unit, Role.AGENCY_ADMIN)


def petition_service(unit: Unit, *, code: str = "streetlight", type: str = RequestType.REALTIME,
                     **overrides) -> Open311Service:
    cat = category(unit, code=code)
    values = {"organisation": unit.organisation, "code": code, "kind": ServiceKind.PETITION,
              "petition_category": cat, "type": type, "group_zh": "陳情",
              "group_en": "Petitions", "keywords": "路燈, light"}
    values.update(overrides)
    return services.open311_service_save(actor=admin_of(unit), service=Open311Service(**values))


def application_service(unit: Unit, *, code: str = "tax-cert", type: str = RequestType.BATCH,
                        service_code: str = "TAX-CERT", **content) -> Open311Service:
    content.setdefault("questions", sample_questions())
    version = published(unit, service_code, **content)
    return services.open311_service_save(actor=admin_of(unit), service=Open311Service(
        organisation=unit.organisation, code=code, kind=ServiceKind.APPLICATION,
        service_type=version.service_type, type=type))


def key_for(unit: Unit, *, rate: int = 600, name: str = "City app") -> tuple[ApiKey, str]:
    return services.api_key_issue(actor=admin_of(unit), organisation=unit.organisation,
                                  name=name, rate_per_hour=rate)


def agency(code: str = "") -> Unit:
    return agency_unit(code)


PETITION_BODY = {
    "service_code": "streetlight", "lat": "25.033012", "long": "121.565418",
    "address_string": "臺北市信義區市府路1號", "description": "路燈不亮兩週了，晚上很危險。",
    "first_name": "小明", "last_name": "王", "email": "ming@example.tw", "phone": "0912345678",
    "attribute[minfu_consent]": "yes",
}

APPLICATION_BODY = {
    "service_code": "tax-cert", "first_name": "小明", "last_name": "王",
    "email": "ming@example.tw", "attribute[minfu_consent]": "yes",
    "attribute[minfu_applicant_id]": "A123456789", "attribute[income_year]": "113",
    "attribute[purpose]": "loan", "attribute[copies]": "2",
}
