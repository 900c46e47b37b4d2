"""Application test data, built through the services like real data."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from minfu.cases import services
from minfu.cases.models import Case
from minfu.cases.services import Applicant
from minfu.catalog.models import ServiceTypeVersion
from minfu.org.models import Role, Unit
from minfu.records.uploads import IncomingFile
from tests.catalog.factories import agency_with_unit, published
from tests.org.factories import staff_user

TAIPEI = ZoneInfo("Asia/Taipei")
VALID_NATIONAL_ID = "A123456789"
VALID_BUSINESS_NUMBER = "04595257"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment in office hours on `day`, Taipei time."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TAIPEI)


def person(**overrides) -> Applicant:
    values = {"kind": "person", "name": "王小明", "id_number": VALID_NATIONAL_ID,
              "email": "ming@example.tw"}
    values.update(overrides)
    return Applicant(**values)


def service(unit: Unit | None = None, *, code: str = "TAX-CERT", **overrides
            ) -> ServiceTypeVersion:
    """A published service (4 working days, norm 1 by default) of a fresh agency."""
    return published(unit or agency_with_unit(f"A{Unit.objects.count() + 1}"), code,
                     **overrides)


def document(name: str = "form.pdf", content: bytes = b"%PDF-1.4 test",
             required_document_id: int | None = None) -> IncomingFile:
    return IncomingFile(file=ContentFile(content, name=name), name=name,
                        content_type="application/pdf",
                        required_document_id=required_document_id)


def submit(version: ServiceTypeVersion, *, received_at: dt.datetime | None = None,
           **overrides) -> tuple[Case, str | None]:
    values = {"organisation": version.service_type.organisation, "channel": "online",
              "applicant": person(), "consent_given": True, "service_type_version": version,
              "received_at": received_at}
    values.update(overrides)
    return services.case_submit(**values)


def officer(unit: Unit, role: str = Role.OFFICER):
    return staff_user(unit, role)
