import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.assessment import deadlines, workflow
from minfu.assessment.workflow import ItemStatus
from minfu.records.workflow import StepRefused


def test_item_goes_open_replied_closed_or_back():
    machine = workflow.MACHINE
    assert machine.next_state("open", "reply") == ItemStatus.REPLIED
    assert machine.next_state("replied", "return") == ItemStatus.RETURNED
    assert machine.next_state("returned", "reply") == ItemStatus.REPLIED
    assert machine.next_state("replied", "close") == ItemStatus.CLOSED
    for status, action in (("open", "close"), ("closed", "reply"), ("nonsense", "reply")):
        with pytest.raises(StepRefused):
            machine.next_state(status, action)


def test_a_reply_under_review_is_not_overdue():
    day = dt.date(2025, 3, 1)
    assert workflow.is_overdue("open", day, day + dt.timedelta(days=1))
    assert not workflow.is_overdue("replied", day, day + dt.timedelta(days=1))
    assert not workflow.is_overdue("open", day, day)


@pytest.mark.parametrize(("start", "expected"), [
    (dt.date(2025, 3, 5), dt.date(2025, 4, 5)),
    (dt.date(2025, 1, 31), dt.date(2025, 2, 28)),
    (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
    (dt.date(2025, 12, 15), dt.date(2026, 1, 15)),
])
def test_one_month_is_the_corresponding_day(start, expected):
    assert deadlines.add_months(start, 1) == expected


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 1, 1)),
       st.integers(0, 36))
def test_add_months_lands_in_the_right_month(start, months):
    end = deadlines.add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day <= start.day
    assert deadlines.calendar_days_to(start, months) == (end - start).days


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2050, 1, 1)))
def test_period_starts(day):
    assert deadlines.quarter_start(day) <= day
    assert deadlines.quarter_start(day).month in (1, 4, 7, 10)
    assert deadlines.month_start(day).day == 1


def test_reply_due_on_every_day_of_a_year_is_the_next_working_day_from_one_month(db):
    from minfu.assessment.services import reply_due_on
    from minfu.workcal.selectors import calendar_for
    from tests.org.factories import OrganisationFactory

    organisation = OrganisationFactory.agency()
    calendar = calendar_for(organisation)
    day = dt.date(2025, 1, 1)
    while day.year == 2025:
        due = reply_due_on(organisation, day)
        nominal = deadlines.add_months(day, 1)
        assert due >= nominal and calendar.is_working_day(due)
        gap = nominal
        while gap < due:
            assert not calendar.is_working_day(gap)
            gap += dt.timedelta(days=1)
        day += dt.timedelta(days=1)


def test_api_refuses_item_keys_that_are_not_ids(world):
    from minfu.assessment import services
    from minfu.core.errors import ValidationFailed
    from tests.assessment.factories import sheet

    s = sheet(world.agency, actor=world.coordinator)
    inspection = services.inspection_create(
        actor=world.coordinator, organisation=world.agency, sheet=s, kind="scheduled",
        title="t", inspected_on=dt.date(2025, 3, 5), convener=world.officer)
    with pytest.raises(ValidationFailed):
        services.inspection_score(actor=world.officer, inspection=inspection,
                                  points={"abc": 1})
