"""The recount of a locality's open applications after a closure: in chunks, the same due
dates as the case-by-case computation, closed and other cases untouched, idempotent."""

import datetime as dt
import logging

import pytest
import time_machine

from minfu.cases import actions, services
from minfu.cases.models import Case, CaseEvent
from minfu.org.models import Locality, Role
from minfu.records import recount
from minfu.workcal.models import PendingRecount
from minfu.workcal.services import closure_create, pending_recounts_run
from tests.cases.factories import at, officer, service, submit
from tests.catalog.factories import agency_with_unit

pytestmark = pytest.mark.django_db

MARCH_3 = dt.date(2025, 3, 3)  # a Monday
CLOSED_ON = dt.date(2025, 3, 5)
DUE_FIELDS = ("legal_due_date", "legal_due_at", "norm_due_date", "norm_due_at")


@pytest.fixture(autouse=True)
def _on_march_4():
    with time_machine.travel(at(dt.date(2025, 3, 4)), tick=False):
        yield


@pytest.fixture
def mix():
    """Open cases of every kind in Taipei, a withdrawn one, and one in Keelung."""
    days = service(period_value=5, norm_value=2)
    calendar_days = service(period_value=10, period_unit="calendar_days", norm_value=None,
                            norm_unit="")
    hours = service(period_value=12, period_unit="hours", norm_value=4, norm_unit="hours")
    plain = [submit(days, received_at=at(MARCH_3, hour))[0] for hour in (9, 10, 11)]
    by_calendar = submit(calendar_days, received_at=at(MARCH_3))[0]
    by_hours = submit(hours, received_at=at(MARCH_3, 15))[0]
    clerk = officer(days.responsible_unit)
    paused = submit(days, received_at=at(MARCH_3))[0]
    services.case_pause_start(case=paused, reason="land registry", legal_basis="§51",
                              actor=clerk)  # still open: counts as ending now
    extended = submit(days, received_at=at(MARCH_3))[0]
    services.case_extend(case=extended, reason="site visit", extra_value=3, actor=clerk,
                         approved_by=officer(days.responsible_unit, Role.SUPERVISOR))
    withdrawn = submit(days, received_at=at(MARCH_3))[0]
    services.case_withdraw(case=withdrawn, reason="no longer needed")
    keelung = agency_with_unit("KL")
    keelung.organisation.locality = Locality.KEELUNG
    keelung.organisation.save()
    elsewhere = submit(service(keelung, period_value=5), received_at=at(MARCH_3))[0]
    return {"open": [*plain, by_calendar, by_hours, paused, extended],
            "untouched": [withdrawn, elsewhere]}


def stored(case: Case) -> tuple:
    fresh = Case.objects.get(pk=case.pk)
    return (*(getattr(fresh, name) for name in DUE_FIELDS), fresh.version)


def close_offices_without_recount():
    """Record the closure; the recount that follows the commit is left to the test."""
    closure_create(locality=Locality.TAIPEI, date=CLOSED_ON, notice_reference="北市府 114-001")


def one_by_one(cases) -> dict[int, tuple]:
    """The due dates the case-by-case computation gives (what the recount must match)."""
    expected = {}
    for case in cases:
        fresh = services.recalculate_due_dates(Case.objects.get(pk=case.pk))
        expected[case.pk] = tuple(getattr(fresh, name) for name in DUE_FIELDS)
    return expected


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 2000])
def test_the_recount_gives_the_case_by_case_due_dates_in_any_chunking(mix, chunk_size,
                                                                       caplog):
    untouched = {case.pk: stored(case) for case in mix["untouched"]}
    before = {case.pk: stored(case) for case in mix["open"]}
    close_offices_without_recount()
    expected = one_by_one(mix["open"])
    assert sum(expected[pk] != before[pk][:4] for pk in expected) >= 5  # the closure bites

    with caplog.at_level(logging.INFO, logger=recount.__name__):
        moved = services.cases_recalculate_for_locality(locality=Locality.TAIPEI,
                                                        chunk_size=chunk_size)

    assert moved == sum(expected[pk] != before[pk][:4] for pk in expected)
    for case in mix["open"]:
        due, version = stored(case)[:4], stored(case)[4]
        assert due == expected[case.pk]
        assert version == before[case.pk][4] + (due != before[case.pk][:4])
    assert {case.pk: stored(case) for case in mix["untouched"]} == untouched
    progress = [record.getMessage() for record in caplog.records]
    total = len(mix["open"])
    chunks = -(-total // chunk_size)
    assert len(progress) == chunks and f"{total}/{total} done" in progress[-1]
    events = CaseEvent.objects.filter(action=actions.CASE_DUE_DATES_RECALCULATED)
    assert events.count() == moved
    for event in events:
        assert event.data["locality"] == Locality.TAIPEI
        assert event.data["after"]["legal_due_date"] == \
            expected[event.case_id][0].isoformat() != event.data["before"]["legal_due_date"]


def test_a_second_recount_changes_nothing(mix):
    close_offices_without_recount()
    assert services.cases_recalculate_for_locality(locality=Locality.TAIPEI) > 0
    after_first = {case.pk: stored(case) for case in mix["open"]}
    events = CaseEvent.objects.count()
    assert services.cases_recalculate_for_locality(locality=Locality.TAIPEI) == 0
    assert {case.pk: stored(case) for case in mix["open"]} == after_first
    assert CaseEvent.objects.count() == events


def test_a_recount_that_stopped_half_way_finishes_when_run_again(mix, monkeypatch):
    close_offices_without_recount()
    expected = one_by_one(mix["open"])
    real_chunk = services._recount_cases
    calls = []

    def crash_on_the_second_chunk(ids, **kwargs):
        calls.append(ids)
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real_chunk(ids, **kwargs)

    monkeypatch.setattr(services, "_recount_cases", crash_on_the_second_chunk)
    with pytest.raises(RuntimeError):
        services.cases_recalculate_for_locality(locality=Locality.TAIPEI, chunk_size=3)
    done = [case for case in mix["open"] if case.pk in calls[0]]
    assert all(stored(case)[:4] == expected[case.pk] for case in done)
    assert any(stored(case)[:4] != expected[case.pk] for case in mix["open"])

    monkeypatch.setattr(services, "_recount_cases", real_chunk)
    assert PendingRecount.objects.filter(locality=Locality.TAIPEI).exists()
    pending_recounts_run()  # what beat and run_daily_jobs do
    assert all(stored(case)[:4] == expected[case.pk] for case in mix["open"])
    assert not PendingRecount.objects.exists()


def test_a_case_withdrawn_during_the_recount_is_left_alone(mix, monkeypatch):
    close_offices_without_recount()
    first, *_rest, last = sorted(mix["open"], key=lambda case: case.pk)
    before = stored(last)
    real_chunk = services._recount_cases

    def withdraw_the_last_after_the_first_chunk(ids, **kwargs):
        moved = real_chunk(ids, **kwargs)
        if first.pk in ids:
            services.case_withdraw(case=Case.objects.get(pk=last.pk), reason="changed mind")
        return moved

    monkeypatch.setattr(services, "_recount_cases", withdraw_the_last_after_the_first_chunk)
    services.cases_recalculate_for_locality(locality=Locality.TAIPEI, chunk_size=1)
    fresh = Case.objects.get(pk=last.pk)
    assert fresh.state == "withdrawn"
    assert tuple(getattr(fresh, name) for name in DUE_FIELDS) == before[:4]
    assert not fresh.events.filter(action=actions.CASE_DUE_DATES_RECALCULATED).exists()
