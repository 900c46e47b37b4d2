"""Petition test data, built through the services like real data."""

import datetime as dt
from zoneinfo import ZoneInfo

from minfu.org.models import Role, Unit
from minfu.voice import notices, services
from minfu.voice.models import Category, LimitUnit, Petition
from minfu.voice.services import Petitioner
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user

TAIPEI = ZoneInfo("Asia/Taipei")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TAIPEI)


def agency_unit(code: str = "", unit_code: str = "SVC") -> Unit:
    organisation = OrganisationFactory(code=code) if code else OrganisationFactory()
    return UnitFactory(organisation=organisation, code=unit_code)


def category(unit: Unit, *, code: str = "general", value: int = 30,
             limit_unit: str = LimitUnit.CALENDAR_DAYS) -> Category:
    return Category.objects.create(organisation=unit.organisation, code=code,
                                   name_zh="一般陳情", name_en="General", limit_value=value,
                                   limit_unit=limit_unit, default_unit=unit)


def person(**overrides) -> Petitioner:
    values = {"name": "王小明", "email": "ming@example.tw", "phone": "0912345678"}
    values.update(overrides)
    return Petitioner(**values)


def submit(unit: Unit, *, received_at: dt.datetime | None = None, cat: Category | None = None,
           **overrides) -> tuple[Petition, str | None]:
    values = {"organisation": unit.organisation, "kind": "complaint", "channel": "web",
              "petitioner": person(), "subject": "路燈不亮",
              "text": "中山路二段路燈已經壞了兩週，晚上很危險，請儘速修復。",
              "consent_given": True, "received_at": received_at,
              "category": cat if cat is not None else category_of(unit)}
    values.update(overrides)
    return services.petition_submit(**values)


def confirm_contact(petition: Petition) -> Petition:
    """What the petitioner does with the link of the receipt: confirm the address."""
    return services.petition_contact_confirm(token=notices.confirm_token(petition))


def submit_confirmed(unit: Unit, **overrides) -> tuple[Petition, str | None]:
    """A petition from the public form whose petitioner confirmed the contact address, so
    that its notices are sent."""
    petition, code = submit(unit, **overrides)
    return confirm_contact(petition), code


def category_of(unit: Unit) -> Category:
    existing = Category.objects.filter(organisation=unit.organisation, code="general").first()
    return existing or category(unit)


def officer(unit: Unit, role: str = Role.OFFICER):
    return staff_user(unit, role)


def supervisor(unit: Unit):
    return staff_user(unit, Role.SUPERVISOR)
