"""The daily escalation of overdue items (days off skipped) and each metric against
hand-counted rows."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from minfu.assessment import jobs, metrics, services
from minfu.assessment.models import (
    ImprovementItem,
    InspectionKind,
    ItemSource,
    ItemStatus,
    Proposal,
    ProposalStatus,
    SheetKind,
)
from minfu.metrics.registry import aggregate, metric
from minfu.notify.models import OutboxMessage
from tests.assessment.factories import points, sheet, sign_off

TAIPEI = ZoneInfo("Asia/Taipei")
PEACE_MEMORIAL_DAY = dt.date(2025, 2, 28)
SUNDAY = dt.date(2025, 3, 2)
MONDAY = dt.date(2025, 3, 3)


def on(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=TAIPEI), tick=False)


def _item(world, due_on, opened=dt.date(2025, 2, 3)):
    with on(opened):
        return services.improvement_item_open(
            actor=world.coordinator, organisation=world.agency, owner_unit=world.unit,
            source=ItemSource.MEETING, title="補強櫃台引導", due_on=due_on)


def escalations():
    return list(OutboxMessage.objects.filter(event=jobs.EVENT))


def test_overdue_items_escalate_on_working_days_only_and_once_a_day(world):
    _item(world, dt.date(2025, 2, 25))
    replied = _item(world, dt.date(2025, 2, 25))
    services.improvement_item_reply(actor=world.supervisor, item=replied,
                                    expected_version=replied.version, reply="已改善")
    _item(world, dt.date(2025, 3, 10))  # not yet due
    assert jobs.overdue_items_escalate(on=PEACE_MEMORIAL_DAY).ran is False
    assert jobs.overdue_items_escalate(on=SUNDAY).ran is False
    assert escalations() == []
    result = jobs.overdue_items_escalate(on=MONDAY)
    assert result.ran and result.queued == 2  # the unit's supervisor and the coordinator
    assert {m.recipient for m in escalations()} == {world.supervisor.email,
                                                    world.coordinator.email}
    assert "補強櫃台引導" in escalations()[0].body
    assert jobs.overdue_items_escalate(on=MONDAY).queued == 0


def test_metrics_against_hand_counted_rows(world):
    s = sheet(world.agency, actor=world.coordinator)
    day = dt.date(2025, 3, 5)
    for scores, inspector in (((500, 300), world.officer), ((400, 200), world.supervisor)):
        inspection = services.inspection_create(
            actor=world.coordinator, organisation=world.agency, unit=world.unit, sheet=s,
            kind=InspectionKind.SCHEDULED, title="考核", inspected_on=day,
            convener=world.coordinator, members=[inspector])
        services.inspection_score(actor=inspector, inspection=inspection,
                                  points=points(s, *scores))
        with on(day):
            sign_off(world, inspection)
    facts = list(metric("assessment.inspection_score_mean").source(day, day))
    assert aggregate(metric("assessment.inspection_score_mean").kind, facts) == 700

    c = sheet(world.agency, actor=world.coordinator, kind=SheetKind.COURTESY, code="c",
              maxima=(50, 50), improvement_below="60", tiers=[])
    for total in ((40, 40), (20, 30)):
        services.courtesy_test_record(
            actor=world.coordinator, unit=world.unit, sheet=c, number_called="1", rings=1,
            called_at=dt.datetime(2025, 3, 5, 23, 30, tzinfo=TAIPEI), points=points(c, *total))
    courtesy = metric("assessment.courtesy_score_mean")
    assert aggregate(courtesy.kind, courtesy.source(day, day)) == 65
    assert list(courtesy.source(day + dt.timedelta(days=1), day + dt.timedelta(days=1))) == []

    # Items: one from the low courtesy test (opened today), plus these three.
    on_time = _item(world, dt.date(2025, 3, 10), opened=dt.date(2025, 3, 3))
    late = _item(world, dt.date(2025, 3, 4), opened=dt.date(2025, 3, 3))
    _item(world, dt.date(2025, 3, 4), opened=dt.date(2025, 3, 3))  # stays open: overdue
    for item, closed_on in ((on_time, dt.date(2025, 3, 6)), (late, dt.date(2025, 3, 6))):
        item = services.improvement_item_reply(actor=world.supervisor, item=item,
                                               expected_version=item.version, reply="完成")
        with on(closed_on):
            services.improvement_item_review(actor=world.coordinator, item=item,
                                             expected_version=item.version, close=True)
    opened = metric("assessment.items_opened")
    assert aggregate(opened.kind, opened.source(dt.date(2025, 3, 3), dt.date(2025, 3, 3))) == 3
    closed = metric("assessment.items_closed_on_time")
    assert aggregate(closed.kind, closed.source(dt.date(2025, 3, 6), dt.date(2025, 3, 6))) == 50
    overdue = metric("assessment.items_overdue_open")
    with on(dt.date(2025, 3, 7)):
        assert aggregate(overdue.kind, overdue.source(dt.date(2025, 3, 1),
                                                      dt.date(2025, 3, 31))) == 1
    assert ImprovementItem.objects.filter(status=ItemStatus.CLOSED).count() == 2

    for status in (ProposalStatus.ADOPTED, ProposalStatus.NOT_ADOPTED,
                   ProposalStatus.IMPLEMENTED, ProposalStatus.SUBMITTED):
        Proposal.objects.create(organisation=world.agency, unit=world.unit,
                                submitted_by=world.officer, submitted_on=day, title="t",
                                description="d", status=status,
                                decided_on=None if status == ProposalStatus.SUBMITTED else day)
    adoption = metric("assessment.proposal_adoption_rate")
    value = aggregate(adoption.kind, adoption.source(day, day))
    assert Decimal(str(value)).quantize(Decimal("0.01")) == Decimal("66.67")
    assert {m.code for m in metrics.METRICS} >= {"assessment.items_overdue_open"}
