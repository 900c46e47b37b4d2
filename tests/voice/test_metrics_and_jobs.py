"""Metric sources against hand-counted data; the daily jobs; the statistics module."""

import datetime as dt

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from minfu.metrics.registry import aggregate, metric
from minfu.notify.models import OutboxMessage
from minfu.voice import jobs, services, stats
from minfu.voice.models import Petition
from tests.voice.factories import agency_unit, at, officer, submit, supervisor

pytestmark = pytest.mark.django_db

MARCH_3 = dt.date(2025, 3, 3)


def _reply(unit, petition, when):
    with time_machine.travel(when, tick=False):
        services.reply_draft(actor=officer(unit), petition=petition, text="已處理。")
        services.reply_approve(actor=supervisor(unit),
                               petition=Petition.objects.get(pk=petition.pk))


def test_received_counts_by_day_and_channel():
    unit = agency_unit()
    submit(unit, received_at=at(MARCH_3))
    submit(unit, received_at=at(MARCH_3, 15))
    submit(unit, received_at=at(MARCH_3), channel="hotline", actor=officer(unit))
    submit(unit, received_at=at(dt.date(2025, 3, 4)))
    facts = list(metric("voice.received").source(MARCH_3, MARCH_3))
    assert {(f.channel, f.numerator) for f in facts} == {("web", 2), ("hotline", 1)}
    assert aggregate(metric("voice.received").kind, metric("voice.received").source(
        MARCH_3, dt.date(2025, 3, 4))) == 4


def test_on_time_reply_rate_and_satisfaction():
    unit = agency_unit()
    early, _ = submit(unit, received_at=at(dt.date(2025, 1, 2)))
    late, _ = submit(unit, received_at=at(dt.date(2025, 1, 2)))
    _reply(unit, early, at(dt.date(2025, 1, 20)))
    _reply(unit, late, at(dt.date(2025, 3, 3)))  # due 2025-02-03: late
    day_facts = list(metric("voice.on_time_reply_rate").source(MARCH_3, MARCH_3))
    assert [(f.numerator, f.denominator) for f in day_facts] == [(0, 1)]
    whole = metric("voice.on_time_reply_rate").source(dt.date(2025, 1, 1), MARCH_3)
    assert aggregate(metric("voice.on_time_reply_rate").kind, whole) == 50.0
    with time_machine.travel(at(dt.date(2025, 2, 10)), tick=False):
        services.rating_submit(token=services.rating_token(early.ratings.get()), score=5)
    with time_machine.travel(at(MARCH_3, 16), tick=False):
        services.rating_submit(token=services.rating_token(late.ratings.get()), score=2)
    satisfaction = metric("voice.reply_satisfaction")
    assert aggregate(satisfaction.kind, satisfaction.source(MARCH_3, MARCH_3)) == 0.0
    assert aggregate(satisfaction.kind,
                     satisfaction.source(dt.date(2025, 2, 1), MARCH_3)) == 50.0


def test_daily_jobs_send_once_and_skip_days_off():
    unit = agency_unit()
    clerk, boss = officer(unit), supervisor(unit)
    petition, _ = submit(unit, received_at=at(dt.date(2025, 1, 2)))
    services.petition_start(actor=clerk, petition=petition)
    on = dt.date(2025, 3, 3)
    first = jobs.daily_jobs_run(on=on)
    second = jobs.daily_jobs_run(on=on)
    assert first["petition_digest"].queued == 1 and first["petition_escalation"].queued == 1
    assert second["petition_digest"].queued == 0 and second["petition_escalation"].queued == 0
    assert OutboxMessage.objects.filter(event="petition.overdue_escalation",
                                        recipient=boss.email).count() == 1
    assert not jobs.daily_jobs_run(on=dt.date(2025, 3, 1))["petition_digest"].ran  # Saturday


def test_the_digest_names_a_mailbox_petition_by_number_only():
    unit = agency_unit()
    clerk = officer(unit)
    mailbox, _ = submit(unit, channel="mailbox", subject="首長信箱密件",
                        received_at=at(dt.date(2025, 1, 2)))
    web, _ = submit(unit, subject="路燈不亮", received_at=at(dt.date(2025, 1, 2)))
    Petition.objects.filter(pk__in=[mailbox.pk, web.pk]).update(assigned_officer=clerk)
    jobs.officer_digests_send(on=dt.date(2025, 3, 3))
    digest = OutboxMessage.objects.get(event="petition.officer_digest")
    assert mailbox.number in digest.body and "首長信箱密件" not in digest.body
    assert "路燈不亮" in digest.body


days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31))


@given(st.lists(days, max_size=40), st.sampled_from([stats.MONTH, stats.QUARTER]))
def test_statistics_volumes_add_up(received_days, by):
    rows = [stats.Received(day, "complaint", "web", "一般", "服務科") for day in received_days]
    result = stats.statistics(year=2025, by=by, received=rows, replied=[], rated=[])
    assert sum(row.received for row in result.rows) == len(rows) == result.total_received
    assert sum(result.by_kind.values()) == len(rows)
    assert len(result.rows) == (12 if by == stats.MONTH else 4)


@given(st.lists(days, max_size=40), st.sampled_from(["", "q1", "q3", "m2", "m12"]))
def test_a_breakdown_counts_the_petitions_of_its_period(received_days, breakdown):
    rows = [stats.Received(day, "complaint", "web", "一般", "服務科") for day in received_days]
    by = stats.MONTH if breakdown.startswith("m") else stats.QUARTER
    result = stats.statistics(year=2025, by=by, received=rows, replied=[], rated=[],
                              breakdown=breakdown)
    expected = (len(rows) if not breakdown
                else result.rows[int(breakdown[1:]) - 1].received)
    assert sum(result.by_unit.values()) == sum(result.by_kind.values()) == expected
    assert result.breakdown_label == ("" if not breakdown else
                                      result.rows[int(breakdown[1:]) - 1].label)


def test_statistics_rates_by_hand():
    replied = [stats.Replied(dt.date(2025, 2, 1), True), stats.Replied(dt.date(2025, 2, 2), False),
               stats.Replied(dt.date(2025, 5, 1), True)]
    rated = [stats.Rated(dt.date(2025, 2, 3), True)]
    result = stats.statistics(year=2025, by=stats.QUARTER, received=[], replied=replied,
                              rated=rated)
    assert result.rows[0].on_time_rate == 50.0 and result.rows[1].on_time_rate == 100.0
    assert result.rows[0].label == "114年第1季" and result.satisfaction_rate == 100.0
    assert result.on_time_rate == 66.7
