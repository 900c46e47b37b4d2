"""The pure slot rules (appointments/slots.py): weekly hours on working days, make-up
Saturdays, days off, special days and closures."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from minfu.appointments.slots import (
    MAKEUP_DAY,
    Hours,
    SlotTime,
    SpecialHours,
    cut,
    day_slots,
    first_overlap,
    slots_between,
)

T = dt.time
WEEK = [Hours(weekday, T(8, 30), T(12, 30)) for weekday in range(5)] + \
       [Hours(weekday, T(13, 30), T(17, 30)) for weekday in range(5)]
SATURDAY_SERVICE = Hours(5, T(9), T(12), on_days_off=True)
MONDAY = dt.date(2025, 3, 3)
SATURDAY = dt.date(2025, 3, 8)


def test_a_working_weekday_opens_with_its_hours_cut_into_slots():
    slots = day_slots(MONDAY, working=True, hours=WEEK, minutes=30)
    assert len(slots) == 16
    assert slots[0] == SlotTime(MONDAY, T(8, 30), T(9))
    assert slots[-1] == SlotTime(MONDAY, T(17), T(17, 30))
    assert SlotTime(MONDAY, T(12, 30), T(13)) not in slots  # lunch


def test_a_weekday_holiday_has_no_slots_unless_a_window_opens_on_days_off():
    assert day_slots(MONDAY, working=False, hours=WEEK, minutes=30) == []


def test_saturday_service_opens_on_a_day_off_only_where_marked():
    assert day_slots(SATURDAY, working=False, hours=WEEK, minutes=60) == []
    assert day_slots(SATURDAY, working=False, hours=WEEK + [SATURDAY_SERVICE], minutes=60) == [
        SlotTime(SATURDAY, T(9), T(10)), SlotTime(SATURDAY, T(10), T(11)),
        SlotTime(SATURDAY, T(11), T(12))]


def test_a_makeup_saturday_opens_with_makeup_hours_or_else_mondays():
    makeup = dt.date(2025, 2, 8)  # 補行上班
    assert len(day_slots(makeup, working=True, hours=WEEK, minutes=60)) == 8
    only_morning = WEEK + [Hours(MAKEUP_DAY, T(8, 30), T(12, 30))]
    assert len(day_slots(makeup, working=True, hours=only_morning, minutes=60)) == 4


def test_a_special_day_decides_alone():
    closed = day_slots(MONDAY, working=True, hours=WEEK, minutes=30, special=SpecialHours())
    evening = day_slots(SATURDAY, working=False, hours=WEEK, minutes=60,
                        special=SpecialHours(((T(18), T(20)),)))
    assert closed == []
    assert evening == [SlotTime(SATURDAY, T(18), T(19)), SlotTime(SATURDAY, T(19), T(20))]


def test_a_closure_removes_the_day_or_the_slots_it_touches():
    assert day_slots(MONDAY, working=True, hours=WEEK, minutes=30, closures=[None]) == []
    afternoon = day_slots(MONDAY, working=True, hours=WEEK, minutes=60,
                          closures=[(T(14, 30), T(23, 59))])
    assert [slot.starts for slot in afternoon] == [T(8, 30), T(9, 30), T(10, 30), T(11, 30),
                                                   T(13, 30)]


def test_days_the_calendar_does_not_cover_have_no_slots():
    slots = slots_between(MONDAY, MONDAY + dt.timedelta(days=6),
                          is_working=lambda day: None if day.day == 4 else day.weekday() < 5,
                          hours=WEEK, minutes=60)
    assert {slot.day for slot in slots} == {MONDAY, dt.date(2025, 3, 5), dt.date(2025, 3, 6),
                                           dt.date(2025, 3, 7)}


times = st.builds(lambda h, m: T(h, m), st.integers(0, 23), st.integers(0, 59))


@given(opens=times, closes=times, minutes=st.integers(5, 240))
def test_slots_fill_a_window_without_overlap_or_overrun(opens, closes, minutes):
    slots = cut(MONDAY, (opens, closes), minutes)
    for slot in slots:
        assert opens <= slot.starts < slot.ends <= closes
        length = dt.datetime.combine(MONDAY, slot.ends) - dt.datetime.combine(MONDAY, slot.starts)
        assert length == dt.timedelta(minutes=minutes)
    assert all(a.ends <= b.starts for a, b in zip(slots, slots[1:], strict=False))
    if opens < closes:
        left = dt.datetime.combine(MONDAY, closes) - dt.datetime.combine(
            MONDAY, slots[-1].ends if slots else opens)
        assert left < dt.timedelta(minutes=minutes)


@given(working=st.booleans(), weekday=st.integers(0, 6),
       closure=st.one_of(st.none(), st.tuples(times, times).filter(lambda s: s[0] < s[1])))
def test_no_slot_touches_a_closure_and_days_off_open_only_marked_windows(working, weekday,
                                                                         closure):
    day = MONDAY + dt.timedelta(days=weekday)
    hours = WEEK + [SATURDAY_SERVICE]
    slots = day_slots(day, working=working, hours=hours, minutes=30, closures=[closure])
    if closure is None:
        assert slots == []
    for slot in slots:
        assert not (slot.starts < closure[1] and closure[0] < slot.ends)
    if not working:
        assert all(weekday == 5 and T(9) <= slot.starts for slot in slots)


def test_windows_that_touch_do_not_overlap():
    assert first_overlap([(T(13, 30), T(17)), (T(8, 30), T(13, 30))]) is None
    assert first_overlap([(T(8, 30), T(12, 30)), (T(12), T(17))]) == (
        (T(8, 30), T(12, 30)), (T(12), T(17)))


@given(st.lists(st.tuples(st.integers(0, 21), st.integers(1, 120)), max_size=6))
def test_an_overlap_is_found_exactly_when_two_windows_share_a_minute(spans):
    windows = [(T(hour), (dt.datetime.combine(MONDAY, T(hour)) + dt.timedelta(minutes=length)
                          ).time()) for hour, length in spans]
    minutes = [set(range(hour * 60, hour * 60 + length)) for hour, length in spans]
    shared = any(minutes[i] & minutes[j] for i in range(len(spans))
                 for j in range(i + 1, len(spans)))
    assert (first_overlap(windows) is not None) == shared
