"""The day grouping every metric source shares: a date-time counts on its local (Asia/Taipei)
day, a date as it is, both ends of the period included; facts carry what was sliced."""

import datetime as dt

import pytest
from django.db.models import Count

from minfu.core.localtime import TAIPEI
from minfu.metrics.sources import daily, facts, organisation_and_unit
from minfu.voice.models import Petition
from tests.voice.factories import agency_unit, submit

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 5)


def _received(unit, moment: dt.datetime) -> Petition:
    return submit(unit, received_at=moment)[0]


def test_a_moment_counts_on_its_local_day_within_the_period():
    unit = agency_unit("A1")
    _received(unit, dt.datetime.combine(DAY, dt.time(0, 30), tzinfo=TAIPEI))
    _received(unit, dt.datetime.combine(DAY, dt.time(23, 30), tzinfo=TAIPEI))
    _received(unit, dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(0, 10),
                                        tzinfo=TAIPEI))
    _received(unit, dt.datetime.combine(DAY - dt.timedelta(days=1), dt.time(23, 50),
                                        tzinfo=TAIPEI))

    rows = daily(Petition.objects.all(), "received_at", DAY, DAY,
                 slices=organisation_and_unit(channel="channel"), n=Count("id"))

    assert [(f.day, f.organisation_id, f.unit_id, f.channel, f.numerator, f.denominator)
            for f in facts(rows)] == [(DAY, unit.organisation_id, unit.pk, "web", 2.0, 0.0)]


def test_a_date_is_taken_as_it_is_and_the_last_day_is_included():
    unit = agency_unit("A1")
    first = _received(unit, dt.datetime.combine(DAY, dt.time(10), tzinfo=TAIPEI))
    _received(unit, dt.datetime.combine(DAY, dt.time(11), tzinfo=TAIPEI))
    due = first.due_date

    rows = daily(Petition.objects.all(), "due_date", due, due,
                 slices={"organisation_id": "organisation_id"}, n=Count("id"), d=Count("id"))

    [fact] = facts(rows, channel="web")
    assert (fact.day, fact.unit_id, fact.service_type_id, fact.channel) == (due, None, None,
                                                                             "web")
    assert (fact.numerator, fact.denominator) == (2.0, 2.0)
    assert list(daily(Petition.objects.all(), "due_date", due + dt.timedelta(days=1),
                      due + dt.timedelta(days=9), slices={}, n=Count("id"))) == []


def test_slices_of_a_related_record_follow_the_prefix():
    assert organisation_and_unit("case__", channel="case__channel") == {
        "organisation_id": "case__organisation_id", "unit_id": "case__unit_id",
        "channel": "case__channel"}
