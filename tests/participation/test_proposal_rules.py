"""The pure rules of proposals and sessions (proposals_rules, sessions_rules)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from minfu.participation import proposals_rules as rules
from minfu.participation import sessions_rules

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))


def test_defaults_follow_the_national_rule():
    assert (rules.DEFAULT_THRESHOLD, rules.DEFAULT_SIGNING_DAYS, rules.RESPONSE_MONTHS) == \
        (5000, 60, 2)


@given(st.integers(-10, 10_000), st.integers(-10, 400))
def test_an_agency_may_lower_the_threshold_but_not_raise_it(threshold, signing_days):
    errors = rules.policy_errors(threshold=threshold, signing_days=signing_days)
    assert ("threshold" in errors) == (not 1 <= threshold <= 5000)
    assert ("signing_days" in errors) == (not 1 <= signing_days <= 365)


@given(days, st.integers(1, 365))
def test_the_signing_period_counts_its_first_day(opened, length):
    closes = rules.signing_closes_on(opened, length)
    assert (closes - opened).days + 1 == length
    assert rules.signing_open(closes_on=closes, today=closes)
    assert not rules.signing_open(closes_on=closes, today=closes + dt.timedelta(days=1))


@given(st.integers(0, 10_000), st.integers(1, 5000))
def test_threshold_is_reached_at_exactly_the_count(count, threshold):
    assert rules.threshold_reached(count, threshold) == (count >= threshold)


@given(days, st.integers(0, 24))
def test_months_after_keeps_the_day_or_takes_the_month_end(day, months):
    later = rules.months_after(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and
                                    (later + dt.timedelta(days=1)).day == 1)


def test_months_after_at_month_ends():
    assert rules.months_after(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)
    assert rules.months_after(dt.date(2027, 12, 30), 2) == dt.date(2028, 2, 29)
    assert rules.response_period_days(dt.date(2026, 12, 7), 2) == 62


@given(st.integers(1, 500), st.integers(0, 500), st.integers(0, 500))
def test_promotions_fill_free_places_only(capacity, confirmed, waiting):
    promoted = sessions_rules.promotions(capacity=capacity, confirmed=confirmed, waiting=waiting)
    assert 0 <= promoted <= waiting
    assert confirmed + promoted <= max(capacity, confirmed)
    if waiting > promoted:  # someone still waits only when the session is full
        assert confirmed + promoted >= capacity


@given(days, st.integers(1, 4), st.integers(-3, 8))
def test_reminders_cover_the_days_up_to_the_next_working_day(today, gap, offset):
    next_working = today + dt.timedelta(days=gap)
    session_day = today + dt.timedelta(days=offset)
    due = sessions_rules.reminder_due(session_day=session_day, today=today,
                                      next_working_day=next_working)
    assert due == (0 < offset <= gap)
