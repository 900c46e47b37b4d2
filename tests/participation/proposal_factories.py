"""Proposal and session test data, built through the services like real data."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.utils import timezone

from minfu.org.models import Role, Unit
from minfu.participation import proposals_services, sessions_services
from minfu.participation.models import Participant
from minfu.participation.models.sessions import Session
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user
from tests.participation import factories

TAIPEI = ZoneInfo("Asia/Taipei")
_numbers = itertools.count(1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TAIPEI)


def agency_unit() -> Unit:
    return UnitFactory(organisation=OrganisationFactory(), code="SVC")


def participant(address: str = "") -> Participant:
    """A verified address of its own (what verification_confirm makes)."""
    return factories.participant(address or f"person{next(_numbers)}@example.tw")


def screener(unit: Unit):
    return staff_user(unit, Role.OFFICER)


def responder(unit: Unit):
    return staff_user(unit, Role.SUPERVISOR)


def proposal(unit: Unit, **overrides):
    values = {"organisation": unit.organisation, "proposer": participant(),
              "title": "戶政事務所延長夜間服務",
              "text": "希望戶政事務所每週至少一天延長服務至晚上八點，方便上班族辦理。"}
    values.update(overrides)
    return proposals_services.proposal_submit(**values)


def open_proposal(unit: Unit, *, threshold: int = 3, signing_days: int = 60, **overrides):
    created, _code = proposal(unit, **overrides)
    return proposals_services.proposal_open_signing(
        actor=screener(unit), proposal=created, threshold=threshold, signing_days=signing_days,
        expected_version=created.version)


def session(unit: Unit, *, capacity: int = 2, starts_at: dt.datetime | None = None,
            **overrides) -> Session:
    starts_at = starts_at or timezone.now() + dt.timedelta(days=7)
    values = {"organisation": unit.organisation, "title_zh": "戶籍謄本線上申請體驗會",
              "starts_at": starts_at, "ends_at": starts_at + dt.timedelta(hours=2),
              "place": "本局三樓會議室", "capacity": capacity}
    values.update(overrides)
    return sessions_services.session_save(actor=staff_user(unit, Role.OFFICER),
                                          session=Session(**values))
