"""Each applications metric against hand-counted data (tests/metrics/factories.populate),
both computed directly and from the rollups."""

import datetime as dt

import pytest

from minfu.metrics import selectors, services
from tests.metrics.factories import populate, world

pytestmark = pytest.mark.django_db

Q3 = (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
Q4 = (dt.date(2025, 10, 1), dt.date(2025, 12, 31))


@pytest.fixture
def data():
    w = world()
    populate(w)
    services.rollups_refresh(start=dt.date(2025, 6, 1), end=dt.date(2025, 12, 31))
    return w


def both(code, period, organisation_ids, **filters):
    start, end = period
    direct = selectors.metric_value_direct(code=code, start=start, end=end,
                                           organisation_ids=organisation_ids, **filters)
    rolled = selectors.metric_value(code=code, start=start, end=end,
                                    organisation_ids=organisation_ids, **filters)
    assert rolled == pytest.approx(direct)
    return rolled


@pytest.mark.parametrize(("code", "expected"), [
    ("cases.received", 5),                     # withdrawn counts as received
    ("cases.closed", 3),                       # withdrawn is not closed
    ("cases.on_time_rate", 200 / 3),
    ("cases.overdue_rate", 100 / 3),
    ("cases.mean_days_to_close", 20 / 3),      # (5 + 12 + 3) / 3
    ("cases.deficiency_notice_rate", 200 / 3),  # 2 of 3 closed had a notice
    ("cases.repeat_notice_rate", 100 / 3),     # 1 second notice of 3 notices
    ("cases.online_share", 60),                # 3 of 5 online
])
def test_agency_a_third_quarter(data, code, expected):
    assert both(code, Q3, [data.agency_a.pk]) == pytest.approx(expected)


def test_ministry_adds_its_agencies(data):
    ids = [data.agency_a.pk, data.agency_b.pk]
    assert both("cases.received", Q3, ids) == 6
    assert both("cases.closed", Q3, ids) == 4
    assert both("cases.on_time_rate", Q3, ids) == pytest.approx(50)
    assert both("cases.overdue_rate", Q4, ids) == pytest.approx(0)


def test_days_are_taipei_days(data):
    # received 00:10 on 2 July in Taipei is 1 July in UTC; it counts on 2 July.
    one_day = (dt.date(2025, 7, 2), dt.date(2025, 7, 2))
    assert both("cases.received", one_day, [data.agency_a.pk]) == 1
    # received 23:59 on 30 September counts in the third quarter, not the fourth.
    assert both("cases.received", Q4, [data.agency_a.pk]) == 1


def test_filters_by_unit_service_and_channel(data):
    a = [data.agency_a.pk]
    assert both("cases.received", Q3, a, unit_id=data.unit_a2.pk) == 1
    assert both("cases.received", Q3, a, service_type_id=data.service_a2.service_type_id) == 1
    assert both("cases.received", Q3, a, channel="counter") == 1
    assert both("cases.on_time_rate", Q3, a, channel="counter") == 0


def test_a_ratio_with_nothing_to_divide_is_none(data):
    empty = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert both("cases.on_time_rate", empty, [data.agency_a.pk]) is None
    assert both("cases.received", empty, [data.agency_a.pk]) == 0


def test_series_by_month_and_by_unit(data):
    months = selectors.metric_series(code="cases.received", start=Q3[0], end=Q3[1],
                                     organisation_ids=[data.agency_a.pk], by="month")
    assert [(period.label, value) for period, value in months] == [
        ("114年7月", 4), ("114年8月", 0), ("114年9月", 1)]
    units = selectors.metric_series(code="cases.received", start=Q3[0], end=Q3[1],
                                    organisation_ids=[data.agency_a.pk], by="unit")
    assert units == [(data.unit_a1.pk, 4), (data.unit_a2.pk, 1)]
