"""Metric sources against hand-counted data."""

import datetime as dt

import pytest

from minfu.metrics.registry import aggregate, metric
from minfu.org.models import Role
from minfu.surveys import services
from tests.org.factories import UnitFactory, staff_user
from tests.surveys.factories import GOOD, answer, at, published_survey, wave

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


def test_satisfaction_share_and_response_count():
    unit = UnitFactory()
    coordinator = staff_user(unit, Role.QUALITY_COORDINATOR)
    version, _actor = published_survey(actor=coordinator, organisation=unit.organisation)
    current = wave(version, coordinator)
    # overall 5, 4, 3 on DAY (staff question 4 is not overall: ignored); 1 the next day
    for value in (5, 4, 3):
        answer(current, {**GOOD, "overall": str(value)}, unit=unit, now=at(DAY))
    answer(current, {**GOOD, "overall": "1"}, unit=unit, now=at(DAY + dt.timedelta(days=1)))
    share = metric("surveys.satisfaction_share")
    facts = list(share.source(DAY, DAY))
    assert len(facts) == 1
    assert (facts[0].numerator, facts[0].denominator) == (2, 3)
    assert facts[0].unit_id == unit.pk and facts[0].channel == "web"
    both = list(share.source(DAY, DAY + dt.timedelta(days=1)))
    assert aggregate(share.kind, both) == pytest.approx(50.0)
    responses = metric("surveys.responses")
    assert aggregate(responses.kind, responses.source(DAY, DAY + dt.timedelta(days=1))) == 4


def test_realtime_rating_mean():
    unit = UnitFactory()
    for index, score in enumerate((5, 4, 2)):
        services.rating_submit(unit=unit, service_type=None, channel="tablet", score=score,
                               idempotency_key=f"{index:032d}", now=at(DAY, 9 + index))
    services.rating_submit(unit=unit, service_type=None, channel="online", score=1,
                           idempotency_key="x" * 32, now=at(DAY))
    mean = metric("surveys.realtime_rating_mean")
    facts = list(mean.source(DAY, DAY))
    assert {(f.channel, f.numerator, f.denominator) for f in facts} == {
        ("tablet", 11, 3), ("online", 1, 1)}
    assert aggregate(mean.kind, facts) == pytest.approx(3.0)
    assert list(mean.source(DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=1))) == []
