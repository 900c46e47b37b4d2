"""Metrics test data: applications written straight into the tables with exactly the
fields the metrics read (receipt, closure, on time, working days, notices), so that each
figure can be counted by hand. The workflow that fills these fields is tested in
tests/cases."""

import datetime as dt
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from minfu.cases.models import Case, CaseState, DeficiencyNotice
from minfu.catalog.models import ServiceTypeVersion
from minfu.org.models import Organisation, Unit
from tests.catalog.factories import published
from tests.org.factories import OrganisationFactory, UnitFactory

TAIPEI = ZoneInfo("Asia/Taipei")
_numbers = itertools.count(1)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TAIPEI)


def case(version: ServiceTypeVersion, unit: Unit, *, received: dt.datetime,
         channel: str = "online", closed: dt.datetime | None = None,
         on_time: bool | None = None, days: int | None = None, notices: int = 0,
         state: str | None = None, notice_at: dt.datetime | None = None) -> Case:
    number = next(_numbers)
    created = Case.objects.create(
        organisation=unit.organisation, unit=unit, service_type_version=version,
        number=f"T-{number:07d}", access_code_hmac="x" * 64, channel=channel,
        applicant_kind="person", applicant_name="王小明", applicant_id_number="A123456789",
        consent_at=received, received_at=received,
        state=state or (CaseState.CLOSED if closed else CaseState.IN_REVIEW),
        closed_at=closed, decided_at=closed, legal_on_time=on_time,
        norm_on_time=on_time, working_days_used=days)
    for sequence in range(1, notices + 1):
        DeficiencyNotice.objects.create(
            case=created, sequence=sequence, items=[], supplement_due_date=received.date(),
            reason_for_repeat="" if sequence == 1 else "新發現缺漏",
            issued_at=notice_at or received + dt.timedelta(hours=sequence))
    return created


@dataclass
class World:
    ministry: Organisation
    agency_a: Organisation
    agency_b: Organisation
    unit_a1: Unit
    unit_a2: Unit
    unit_b1: Unit
    service_a: ServiceTypeVersion
    service_a2: ServiceTypeVersion
    service_b: ServiceTypeVersion


def world() -> World:
    """A ministry with two agencies; agency A has two units and two services."""
    ministry = OrganisationFactory.ministry(code="MIN")
    agency_a = OrganisationFactory.agency(code="AGA", parent=ministry)
    agency_b = OrganisationFactory.agency(code="AGB", parent=ministry)
    unit_a1 = UnitFactory(organisation=agency_a, code="A1")
    unit_a2 = UnitFactory(organisation=agency_a, code="A2")
    unit_b1 = UnitFactory(organisation=agency_b, code="B1")
    return World(ministry, agency_a, agency_b, unit_a1, unit_a2, unit_b1,
                 published(unit_a1, "SVC-A"), published(unit_a1, "SVC-A2"),
                 published(unit_b1, "SVC-B"))


def populate(w: World) -> None:
    """Cases over two quarters of 2025 (ROC 114), with local-midnight edges."""
    d = dt.date
    # Agency A, unit A1, July 2025
    case(w.service_a, w.unit_a1, received=at(d(2025, 7, 1), 23, 30), channel="online",
         closed=at(d(2025, 7, 10)), on_time=True, days=5, notices=1)
    case(w.service_a, w.unit_a1, received=at(d(2025, 7, 2), 0, 10), channel="counter",
         closed=at(d(2025, 7, 20)), on_time=False, days=12, notices=2)
    case(w.service_a2, w.unit_a1, received=at(d(2025, 7, 3)), channel="online",
         closed=at(d(2025, 8, 1)), on_time=True, days=3)
    # A withdrawn application: received, never counted as closed.
    case(w.service_a, w.unit_a1, received=at(d(2025, 7, 4)), channel="mail",
         closed=at(d(2025, 7, 5)), state=CaseState.WITHDRAWN)
    # Agency A, unit A2, September and October
    case(w.service_a, w.unit_a2, received=at(d(2025, 9, 30), 23, 59), channel="online",
         closed=at(d(2025, 10, 2)), on_time=True, days=2)
    case(w.service_a, w.unit_a2, received=at(d(2025, 10, 1), 9), channel="counter")
    # Agency B
    case(w.service_b, w.unit_b1, received=at(d(2025, 7, 15)), channel="online",
         closed=at(d(2025, 7, 31), 23, 50), on_time=False, days=9, notices=1)
    case(w.service_b, w.unit_b1, received=at(d(2025, 11, 3)), channel="counter",
         closed=at(d(2025, 11, 20)), on_time=True, days=4)
