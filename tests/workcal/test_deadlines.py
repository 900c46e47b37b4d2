"""The pure deadline engine: agreement with a day-by-day reference model on random
calendars, algebraic properties on the shipped calendar, and table tests of real years."""

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minfu.workcal.deadlines import TAIPEI, CalendarGapError, WorkCalendar
from minfu.workcal.periods import Period, PeriodUnit
from tests.workcal.factories import shipped_calendar, shipped_days, shipped_pairs

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def at(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TAIPEI)


# ----- a day-by-day reference model ----------------------------------------------------

class Reference:
    """The rules written the slow, obvious way: walk one day (or minute) at a time."""

    def __init__(self, days: dict, closures=()):
        self.working = {day: is_working and day not in closures for day, is_working in days.items()}

    def covered(self, first, last):
        day = first
        while day <= last:
            if day not in self.working:
                return False
            day += ONE_DAY
        return True

    def add_working_days(self, start, n, pauses=()):
        if start not in self.working:
            raise CalendarGapError([start.year])
        day, counted = start, 0
        while counted < n:
            day += ONE_DAY
            if day not in self.working:
                raise CalendarGapError([day.year])
            if self.working[day] and not any(a <= day < b for a, b in pauses):
                counted += 1
        return day

    def add_calendar_days(self, start, n, pauses=()):
        day, counted = start, 0
        while counted < n:
            day += ONE_DAY
            if not any(a <= day < b for a, b in pauses):
                counted += 1
        last = max(self.working)
        while not self.working.get(day) or any(a <= day < b for a, b in pauses):
            day += ONE_DAY
            if day > last:
                raise CalendarGapError([day.year])
        if not self.covered(start, day):
            raise CalendarGapError([start.year])
        return day

    def working_days_between(self, a, b, pauses=()):
        count, day = 0, a + ONE_DAY
        while day <= b:
            if self.working[day] and not any(x <= day < y for x, y in pauses):
                count += 1
            day += ONE_DAY
        return count

    def add_office_minutes(self, start, minutes, windows, pauses=()):
        """Counts whole minutes: minute [t, t+1) counts when it is office time on a
        working day and not paused; the result is the end of the last counted minute."""
        moment, counted = start, 0
        step = dt.timedelta(minutes=1)
        while counted < minutes:
            day = moment.date()
            if day not in self.working:
                raise CalendarGapError([day.year])
            clock = moment.time()
            in_office = self.working[day] and any(a <= clock < b for a, b in windows)
            if in_office and not any(a <= moment < b for a, b in pauses):
                counted += 1
            moment += step
        return moment


# ----- random calendars ----------------------------------------------------------------

@st.composite
def random_calendars(draw):
    """(days {date: is_working}, closures) over 60-200 days, sometimes with a gap."""
    first = draw(st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 1, 1)))
    length = draw(st.integers(60, 200))
    flags = draw(st.lists(st.booleans(), min_size=length, max_size=length))
    days = {first + dt.timedelta(days=i): flag or i % 3 == 0 for i, flag in enumerate(flags)}
    if draw(st.booleans()):
        gap_start = draw(st.integers(10, length - 20))
        for i in range(gap_start, gap_start + draw(st.integers(1, 15))):
            days.pop(first + dt.timedelta(days=i), None)
    closures = set(draw(st.lists(st.sampled_from(sorted(days)), max_size=8)))
    return days, closures


def outcome(function, *args):
    """The result, or the gap error's type, so that both sides compare."""
    try:
        return function(*args)
    except CalendarGapError:
        return CalendarGapError


def pauses_within(draw, days, count_max=3):
    first, last = min(days), max(days)
    pauses = []
    for _ in range(draw(st.integers(0, count_max))):
        start = draw(st.dates(min_value=first, max_value=last))
        pauses.append((start, start + dt.timedelta(days=draw(st.integers(0, 20)))))
    return pauses


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), calendar=random_calendars(), n=st.integers(0, 40))
def test_working_days_agree_with_the_reference(data, calendar, n):
    days, closures = calendar
    engine, reference = WorkCalendar(days.items(), closures), Reference(days, closures)
    start = data.draw(st.sampled_from(sorted(days)))
    pauses = pauses_within(data.draw, days)
    assert outcome(engine.add_working_days, start, n, pauses) == \
        outcome(reference.add_working_days, start, n, pauses)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), calendar=random_calendars(), n=st.integers(0, 60))
def test_calendar_days_agree_with_the_reference(data, calendar, n):
    days, closures = calendar
    engine, reference = WorkCalendar(days.items(), closures), Reference(days, closures)
    start = data.draw(st.sampled_from(sorted(days)))
    pauses = pauses_within(data.draw, days)
    assert outcome(engine.add_calendar_days, start, n, pauses) == \
        outcome(reference.add_calendar_days, start, n, pauses)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), calendar=random_calendars())
def test_working_days_between_agrees_with_the_reference(data, calendar):
    days, closures = calendar
    first, last = min(days), max(days)
    days_full = {first + dt.timedelta(days=i): days.get(first + dt.timedelta(days=i), False)
                 for i in range((last - first).days + 1)}
    engine = WorkCalendar(days_full.items(), closures)
    a = data.draw(st.dates(min_value=first, max_value=last))
    b = data.draw(st.dates(min_value=first, max_value=last))
    pauses = pauses_within(data.draw, days_full)
    assert engine.working_days_between(a, b, pauses) == \
        Reference(days_full, closures).working_days_between(a, b, pauses)


WINDOWS = ((dt.time(8, 30), dt.time(12, 30)), (dt.time(13, 30), dt.time(17, 30)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), calendar=random_calendars(), minutes=st.integers(0, 16 * 60))
def test_office_hours_agree_with_the_reference(data, calendar, minutes):
    days, closures = calendar
    engine, reference = WorkCalendar(days.items(), closures), Reference(days, closures)
    start_day = data.draw(st.sampled_from(sorted(days)))
    start = dt.datetime.combine(start_day, dt.time(data.draw(st.integers(0, 23)),
                                                   data.draw(st.integers(0, 59))), tzinfo=TAIPEI)
    pauses = []
    for _ in range(data.draw(st.integers(0, 2))):
        pause_start = start + dt.timedelta(minutes=data.draw(st.integers(-600, 3000)))
        pauses.append((pause_start, pause_start + dt.timedelta(minutes=data.draw(
            st.integers(0, 2000)))))
    expected = outcome(reference.add_office_minutes, start, minutes, WINDOWS, pauses)
    got = outcome(engine.add_office_hours, start, minutes / 60, pauses)
    if minutes == 0 and expected is not CalendarGapError:
        assert got == start
    else:
        assert got == expected


# ----- properties on the shipped calendar ----------------------------------------------

# Receipts early enough that the longest periods drawn below end before 2028.
starts_with_data = st.dates(min_value=D(2019, 1, 1), max_value=D(2027, 6, 30))


@settings(deadline=None)
@given(start=starts_with_data, n=st.integers(1, 60))
def test_a_working_day_period_ends_on_a_working_day(start, n):
    calendar = shipped_calendar()
    assert calendar.is_working_day(calendar.add_working_days(start, n))


@settings(deadline=None)
@given(start=starts_with_data, n=st.integers(0, 90))
def test_a_calendar_day_period_ends_on_a_working_day_on_or_after_the_plain_sum(start, n):
    calendar = shipped_calendar()
    due = calendar.add_calendar_days(start, n)
    assert calendar.is_working_day(due)
    assert due >= start + dt.timedelta(days=n)
    # Every day between the plain sum and the due date is a day off (§48 moves only over them).
    day = start + dt.timedelta(days=n)
    while day < due:
        assert not calendar.is_working_day(day)
        day += ONE_DAY


@settings(deadline=None)
@given(start=starts_with_data, n=st.integers(0, 60), m=st.integers(0, 30))
def test_working_days_are_monotone_and_additive(start, n, m):
    calendar = shipped_calendar()
    after_n = calendar.add_working_days(start, n)
    assert calendar.add_working_days(start, n + 1) > after_n
    assert calendar.add_working_days(after_n, m) == calendar.add_working_days(start, n + m)
    assert calendar.add_calendar_days(start, n + m) >= calendar.add_calendar_days(start, n)


@settings(deadline=None)
@given(start=starts_with_data, n=st.integers(0, 60))
def test_working_days_between_inverts_add_working_days(start, n):
    calendar = shipped_calendar()
    assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


@settings(deadline=None)
@given(start=starts_with_data, n=st.integers(1, 40), pause_offset=st.integers(-10, 40),
       pause_length=st.integers(0, 30),
       unit=st.sampled_from([PeriodUnit.WORKING_DAYS, PeriodUnit.CALENDAR_DAYS]))
def test_pauses_only_move_the_due_date_later(start, n, pause_offset, pause_length, unit):
    calendar = shipped_calendar()
    pause_start = start + dt.timedelta(days=pause_offset)
    pause = (pause_start, pause_start + dt.timedelta(days=pause_length))
    plain = calendar.due(start, Period(n, unit))
    paused = calendar.due(start, Period(n, unit), [pause])
    assert paused >= plain
    if unit == PeriodUnit.WORKING_DAYS:
        # The clock resumes where it stopped: the paused working days are added back.
        used = calendar.working_days_between(start, paused, [pause])
        assert used == n


@settings(deadline=None)
@given(start=starts_with_data, hours=st.integers(1, 80), pause_offset=st.integers(-48, 200),
       pause_hours=st.integers(0, 200))
def test_pauses_only_move_an_hours_deadline_later(start, hours, pause_offset, pause_hours):
    calendar = shipped_calendar()
    receipt = dt.datetime.combine(start, dt.time(10, 15), tzinfo=TAIPEI)
    pause_start = receipt + dt.timedelta(hours=pause_offset)
    pause = (pause_start, pause_start + dt.timedelta(hours=pause_hours))
    plain = calendar.add_office_hours(receipt, hours)
    paused = calendar.add_office_hours(receipt, hours, [pause])
    assert paused >= plain
    assert calendar.office_hours_between(receipt, paused, [pause]) == hours


@settings(max_examples=40, deadline=None)
@given(start=starts_with_data, n=st.integers(0, 40),
       closure_offsets=st.sets(st.integers(0, 60), max_size=5),
       unit=st.sampled_from(list(PeriodUnit)))
def test_closures_only_move_the_due_date_later(start, n, closure_offsets, unit):
    closures = {start + dt.timedelta(days=offset) for offset in closure_offsets}
    plain_calendar = shipped_calendar()
    closed_calendar = WorkCalendar(shipped_pairs(), closures)
    receipt = dt.datetime.combine(start, dt.time(9), tzinfo=TAIPEI) \
        if unit == PeriodUnit.HOURS else start
    plain = plain_calendar.due(receipt, Period(n, unit))
    try:
        closed = closed_calendar.due(receipt, Period(n, unit))
    except CalendarGapError:
        return  # pushed past the data: later still
    assert closed >= plain
    if unit != PeriodUnit.HOURS:
        assert closed not in closures or n == 0


def test_due_many_gives_what_due_gives():
    calendar = shipped_calendar()
    starts = [D(2025, 1, 24), D(2024, 2, 7), at(2025, 1, 24, 16), D(2027, 12, 30), D(2022, 6, 1)]
    periods = [Period(5, PeriodUnit.WORKING_DAYS), Period(10, PeriodUnit.CALENDAR_DAYS),
               Period(8, PeriodUnit.HOURS), Period(1, PeriodUnit.CALENDAR_DAYS),
               Period(0, PeriodUnit.WORKING_DAYS)]
    pauses = [[], [(D(2024, 2, 8), D(2024, 2, 20))], [], [], []]
    assert calendar.due_many(starts[:3], periods[:3], pauses[:3]) == \
        [calendar.due(s, p, q) for s, p, q in zip(starts[:3], periods[:3], pauses[:3], strict=True)]
    assert calendar.due_many(starts[4:], periods[4:]) == [D(2022, 6, 1)]
    with pytest.raises(CalendarGapError):
        calendar.due_many(starts[3:4], periods[3:4])
    with pytest.raises(ValueError, match="same length"):
        calendar.due_many(starts, periods[:2])


def test_due_each_gives_an_item_that_cannot_be_counted_its_error_in_its_place():
    calendar = shipped_calendar()
    starts = [D(2025, 1, 24), D(2027, 12, 30), D(2025, 3, 3)]
    periods = [Period(5, PeriodUnit.WORKING_DAYS), Period(1, PeriodUnit.CALENDAR_DAYS),
               Period(2, PeriodUnit.WORKING_DAYS)]
    pauses = [[], [], [(D(2025, 3, 5), D(2025, 3, 4))]]
    first, gap, backwards = calendar.due_each(starts, periods, pauses)
    assert first == calendar.due(starts[0], periods[0])
    assert isinstance(gap, CalendarGapError) and gap.years == (2028,)
    assert isinstance(backwards, ValueError)
    assert calendar.due_each(starts[:1], periods[:1]) == [first]


@st.composite
def cases(draw):
    """(start, period, pauses) of every kind due_many distinguishes."""
    day = draw(starts_with_data)
    unit = draw(st.sampled_from(list(PeriodUnit)))
    start = dt.datetime.combine(day, dt.time(draw(st.integers(0, 23)), draw(
        st.integers(0, 59))), tzinfo=TAIPEI) if draw(st.booleans()) else day
    pauses = []
    for _ in range(draw(st.integers(0, 2))):
        pause_start = day + dt.timedelta(days=draw(st.integers(-5, 30)))
        pauses.append((pause_start, pause_start + dt.timedelta(days=draw(st.integers(0, 15)))))
    return start, Period(draw(st.integers(0, 50)), unit), pauses


@settings(max_examples=100, deadline=None)
@given(batch=st.lists(cases(), min_size=1, max_size=30))
def test_due_many_agrees_with_due(batch):
    calendar = shipped_calendar()
    starts, periods, pauses = (list(column) for column in zip(*batch, strict=True))
    expected = []
    for start, period, case_pauses in batch:
        try:
            expected.append(calendar.due(start, period, case_pauses))
        except CalendarGapError:
            with pytest.raises(CalendarGapError):
                calendar.due_many(starts, periods, pauses)
            return
    assert calendar.due_many(starts, periods, pauses) == expected


# ----- agreement with the official calendar, day by day --------------------------------

def test_the_next_working_day_of_every_covered_day_is_the_next_day_the_file_marks_0():
    calendar = shipped_calendar()
    days = shipped_days()
    by_date = {day.day: day for day in days}
    checked = 0
    for official in days:
        following = official.day + ONE_DAY
        while following in by_date and by_date[following].is_day_off:
            following += ONE_DAY
        if following in by_date:
            assert calendar.add_working_days(official.day, 1) == following, official.day
            checked += 1
        else:
            # The next working day lies after 2027: no data, no guess.
            with pytest.raises(CalendarGapError):
                calendar.add_working_days(official.day, 1)
    assert checked > 3250


# ----- real years ----------------------------------------------------------------------

@pytest.mark.parametrize(("day", "is_working"), [
    # 2024 Lunar New Year: 2024-02-08..14 off, make-up Saturday 2024-02-17 working.
    (D(2024, 2, 7), True), (D(2024, 2, 8), False), (D(2024, 2, 9), False),
    (D(2024, 2, 12), False), (D(2024, 2, 13), False), (D(2024, 2, 14), False),
    (D(2024, 2, 15), True), (D(2024, 2, 17), True), (D(2024, 2, 18), False),
    # 2025 Lunar New Year: 2025-01-25..02-02 off; make-up Saturday 2025-02-08.
    (D(2025, 1, 24), True), (D(2025, 1, 25), False), (D(2025, 1, 27), False),
    (D(2025, 1, 31), False), (D(2025, 2, 2), False), (D(2025, 2, 3), True),
    (D(2025, 2, 8), True), (D(2025, 2, 9), False),
    # Holidays added in 2025 are in the shipped file.
    (D(2025, 9, 29), False), (D(2025, 10, 24), False), (D(2025, 12, 25), False),
])
def test_real_days(day, is_working):
    assert shipped_calendar().is_working_day(day) is is_working


@pytest.mark.parametrize(("start", "period", "due"), [
    # Working days count from the day after receipt and skip the whole new-year break.
    (D(2024, 2, 7), Period(1, PeriodUnit.WORKING_DAYS), D(2024, 2, 15)),
    (D(2024, 2, 7), Period(3, PeriodUnit.WORKING_DAYS), D(2024, 2, 17)),  # make-up Saturday
    (D(2024, 2, 16), Period(1, PeriodUnit.WORKING_DAYS), D(2024, 2, 17)),
    (D(2024, 2, 17), Period(1, PeriodUnit.WORKING_DAYS), D(2024, 2, 19)),
    (D(2025, 1, 24), Period(1, PeriodUnit.WORKING_DAYS), D(2025, 2, 3)),
    (D(2025, 1, 24), Period(6, PeriodUnit.WORKING_DAYS), D(2025, 2, 8)),
    (D(2025, 1, 24), Period(7, PeriodUnit.WORKING_DAYS), D(2025, 2, 10)),
    (D(2025, 9, 26), Period(1, PeriodUnit.WORKING_DAYS), D(2025, 9, 30)),
    (D(2025, 10, 23), Period(1, PeriodUnit.WORKING_DAYS), D(2025, 10, 27)),
    (D(2025, 12, 24), Period(1, PeriodUnit.WORKING_DAYS), D(2025, 12, 26)),
    # §48: calendar days, a day off at the end moves to the next working day.
    (D(2025, 1, 20), Period(5, PeriodUnit.CALENDAR_DAYS), D(2025, 2, 3)),
    (D(2025, 3, 3), Period(5, PeriodUnit.CALENDAR_DAYS), D(2025, 3, 10)),  # Saturday → Monday
    (D(2025, 3, 3), Period(4, PeriodUnit.CALENDAR_DAYS), D(2025, 3, 7)),
    (D(2025, 2, 1), Period(7, PeriodUnit.CALENDAR_DAYS), D(2025, 2, 8)),  # make-up Saturday
    (D(2025, 1, 1), Period(30, PeriodUnit.CALENDAR_DAYS), D(2025, 2, 3)),
    (D(2025, 3, 3), Period(0, PeriodUnit.WORKING_DAYS), D(2025, 3, 3)),
    # Two months of working days across the 2025 added holidays.
    (D(2025, 9, 1), Period(40, PeriodUnit.WORKING_DAYS), D(2025, 10, 31)),
])
def test_real_deadlines(start, period, due):
    assert shipped_calendar().due(start, period) == due


@pytest.mark.parametrize(("start", "hours", "due"), [
    (at(2025, 3, 3, 9), 8, at(2025, 3, 4, 9)),
    (at(2025, 3, 3, 8, 30), 8, at(2025, 3, 3, 17, 30)),  # ends at closing, not next opening
    (at(2025, 3, 3, 8, 30), 4, at(2025, 3, 3, 12, 30)),
    (at(2025, 3, 3, 12, 0), 1, at(2025, 3, 3, 14, 0)),  # lunch does not count
    (at(2025, 3, 3, 7, 0), 1, at(2025, 3, 3, 9, 30)),  # before opening: starts at 08:30
    (at(2025, 3, 3, 19, 0), 1, at(2025, 3, 4, 9, 30)),  # after closing: next opening
    (at(2025, 3, 8, 10, 0), 1, at(2025, 3, 10, 9, 30)),  # Saturday: Monday
    (at(2025, 1, 24, 16, 0), 8, at(2025, 2, 3, 16, 0)),  # over the new-year break
    (at(2025, 2, 7, 17, 0), 1, at(2025, 2, 8, 9, 0)),  # make-up Saturday works
    (at(2025, 3, 3, 9), 0, at(2025, 3, 3, 9)),
])
def test_real_office_hours(start, hours, due):
    assert shipped_calendar().add_office_hours(start, hours) == due


def test_hours_accept_other_time_zones_and_answer_in_taipei_time():
    utc_start = dt.datetime(2025, 3, 3, 1, 0, tzinfo=dt.UTC)  # 09:00 in Taipei
    due = shipped_calendar().add_office_hours(utc_start, 8)
    assert due == at(2025, 3, 4, 9)
    assert due.utcoffset() == dt.timedelta(hours=8)


def test_a_pause_stops_the_clock_and_it_resumes_where_it_stopped():
    calendar = shipped_calendar()
    # Received Monday 2025-03-03, 10 working days → 2025-03-17. A deficiency notice on
    # 03-05 pauses it until the documents arrive on 03-12: 03-05..03-11 do not count
    # (5 working days), so the due date moves by 5 working days.
    assert calendar.add_working_days(D(2025, 3, 3), 10) == D(2025, 3, 17)
    pause = (D(2025, 3, 5), D(2025, 3, 12))
    assert calendar.add_working_days(D(2025, 3, 3), 10, [pause]) == D(2025, 3, 24)
    assert calendar.working_days_between(D(2025, 3, 3), D(2025, 3, 24), [pause]) == 10
    # Pause bounds given as datetimes count by their local dates.
    assert calendar.add_working_days(
        D(2025, 3, 3), 10, [(at(2025, 3, 5, 15), at(2025, 3, 12, 9))]) == D(2025, 3, 24)


def test_calendar_days_skip_paused_days_and_never_end_inside_a_pause():
    calendar = shipped_calendar()
    assert calendar.add_calendar_days(D(2025, 3, 3), 10) == D(2025, 3, 13)
    assert calendar.add_calendar_days(D(2025, 3, 3), 10, [(D(2025, 3, 5), D(2025, 3, 8))]) \
        == D(2025, 3, 17)  # 03-16 is a Sunday
    # Only 03-13 is paused: it is not counted, so the tenth day is 03-14.
    assert calendar.add_calendar_days(D(2025, 3, 3), 10, [(D(2025, 3, 13), D(2025, 3, 14))]) \
        == D(2025, 3, 14)
    # A period of no days ends on its start, even when a pause begins the day after (a
    # case hypothesis found on 2026-12-05: the end used to jump over the pause).
    assert calendar.add_calendar_days(D(2025, 3, 3), 0, [(D(2025, 3, 4), D(2025, 3, 6))]) \
        == D(2025, 3, 3)


def test_an_hours_pause_takes_out_only_office_time():
    calendar = shipped_calendar()
    # Received Monday 09:00, 8 hours. Paused from Monday 11:00 to Tuesday 10:00: 2 hours
    # ran before the pause, the other 6 run from Tuesday 10:00 (2.5 + 3.5) to 17:00.
    due = calendar.add_office_hours(at(2025, 3, 3, 9), 8,
                                    [(at(2025, 3, 3, 11), at(2025, 3, 4, 10))])
    assert due == at(2025, 3, 4, 17)


def test_overlapping_and_unsorted_pauses_count_once():
    calendar = shipped_calendar()
    single = calendar.add_working_days(D(2025, 3, 3), 10, [(D(2025, 3, 5), D(2025, 3, 14))])
    split = calendar.add_working_days(D(2025, 3, 3), 10, [
        (D(2025, 3, 10), D(2025, 3, 14)), (D(2025, 3, 5), D(2025, 3, 11)),
        (D(2025, 3, 7), D(2025, 3, 7))])
    assert single == split


def test_a_pause_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        shipped_calendar().add_working_days(D(2025, 3, 3), 5, [(D(2025, 3, 10), D(2025, 3, 5))])


def test_negative_periods_are_refused():
    with pytest.raises(ValueError):
        shipped_calendar().add_working_days(D(2025, 3, 3), -1)
    with pytest.raises(ValueError):
        shipped_calendar().add_office_hours(at(2025, 3, 3, 9), -1)


# ----- 2021 (ROC 110) ---------------------------------------------------------------------

@pytest.mark.parametrize(("start", "period", "due"), [
    # 2021-01-01 a holiday, then a weekend.
    (D(2020, 12, 30), Period(5, PeriodUnit.WORKING_DAYS), D(2021, 1, 7)),
    (D(2020, 12, 20), Period(15, PeriodUnit.CALENDAR_DAYS), D(2021, 1, 4)),
    (at(2020, 12, 31, 16), Period(8, PeriodUnit.HOURS), at(2021, 1, 4, 16)),
    # Lunar New Year 2021-02-10..16 off; make-up Saturday 2021-02-20.
    (D(2021, 2, 9), Period(1, PeriodUnit.WORKING_DAYS), D(2021, 2, 17)),
    (D(2021, 2, 19), Period(1, PeriodUnit.WORKING_DAYS), D(2021, 2, 20)),
    # Received late in 2021: 2021-12-31 is a day off (補假), so is the weekend after it.
    (D(2021, 12, 27), Period(5, PeriodUnit.WORKING_DAYS), D(2022, 1, 4)),
    (D(2021, 12, 1), Period(30, PeriodUnit.CALENDAR_DAYS), D(2022, 1, 3)),
    (D(2020, 12, 20), Period(400, PeriodUnit.CALENDAR_DAYS), D(2022, 1, 24)),
])
def test_periods_through_2021_are_counted_on_its_official_calendar(start, period, due):
    assert shipped_calendar().due(start, period) == due


# ----- gaps ------------------------------------------------------------------------------

def test_past_the_last_published_year_names_the_next_year():
    with pytest.raises(CalendarGapError, match=r"2028 \(ROC 117\)"):
        shipped_calendar().add_working_days(D(2027, 12, 30), 5)
    with pytest.raises(CalendarGapError, match=r"2018 \(ROC 107\)"):
        shipped_calendar().add_working_days(D(2018, 12, 30), 5)
    with pytest.raises(CalendarGapError) as raised:
        shipped_calendar().due(D(2028, 6, 1), Period(0, PeriodUnit.WORKING_DAYS))
    assert str(raised.value) == "office calendar has no data for 2028 (ROC 117)"


def test_a_span_over_several_missing_years_names_them_all():
    calendar = WorkCalendar(pair for pair in shipped_pairs() if pair[0].year != 2021)
    with pytest.raises(CalendarGapError) as raised:
        calendar.add_working_days(D(2020, 6, 1), 2000)
    assert raised.value.years == (2021, 2028)


def test_an_empty_calendar_reports_the_gap():
    with pytest.raises(CalendarGapError, match="2025"):
        WorkCalendar([]).add_working_days(D(2025, 3, 3), 1)
    assert WorkCalendar([]).covered_years == ()


def test_the_shipped_calendar_covers_2019_to_2027():
    assert shipped_calendar().covered_years == tuple(range(2019, 2028))


def test_office_hours_are_configurable():
    days = [(D(2025, 3, 3) + dt.timedelta(days=i), True) for i in range(5)]
    calendar = WorkCalendar(days, office_hours=[(dt.time(9), dt.time(17))])
    assert calendar.add_office_hours(at(2025, 3, 3, 9), 8) == at(2025, 3, 3, 17)
    assert calendar.add_office_hours(at(2025, 3, 3, 9), 9) == at(2025, 3, 4, 10)
    with pytest.raises(ValueError):
        WorkCalendar(days, office_hours=[(dt.time(13), dt.time(12))])


def test_a_day_given_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        WorkCalendar([(D(2025, 1, 1), True), (D(2025, 1, 1), False)])


def test_naive_datetimes_are_read_as_local_time():
    calendar = shipped_calendar()
    assert calendar.add_office_hours(dt.datetime(2025, 3, 3, 9), 8) == at(2025, 3, 4, 9)


def test_a_pause_outside_the_data_changes_nothing_it_need_not():
    calendar = shipped_calendar()
    far = [(at(2035, 1, 1, 9), at(2035, 2, 1, 9))]
    assert calendar.add_office_hours(at(2025, 3, 3, 9), 8, far) == at(2025, 3, 4, 9)
    assert calendar.add_working_days(D(2025, 3, 3), 1, [(D(2035, 1, 1), D(2035, 2, 1))]) \
        == D(2025, 3, 4)


def test_the_engine_imports_no_django():
    code = ("import sys, minfu.workcal.deadlines; "
            "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
