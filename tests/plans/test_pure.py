import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.plans import deadlines, numbering, workflow
from minfu.plans.deadlines import DeadlineKind, Recurrence, Standing
from minfu.plans.indicators import Light, traffic_light
from minfu.records.workflow import StepRefused

years = st.integers(min_value=1990, max_value=2150)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2150, 12, 31))


# Deadlines ------------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "expected"), [
    ("114年6月30日", deadlines.on_date(dt.date(2025, 6, 30))),
    ("民國114年3月5日", deadlines.on_date(dt.date(2025, 3, 5))),
    ("114/03/05", deadlines.on_date(dt.date(2025, 3, 5))),
    ("114年12月", deadlines.in_month(2025, 12)),
    ("107年3月", deadlines.in_month(2018, 3)),
    ("每月", deadlines.recurring(Recurrence.MONTHLY)),
    ("每季", deadlines.recurring(Recurrence.QUARTERLY)),
    ("每半年", deadlines.recurring(Recurrence.HALF_YEARLY)),
    ("每年", deadlines.recurring(Recurrence.YEARLY)),
    ("經常性辦理", deadlines.standing(Standing.REGULAR)),
    (" 隨時辦理 ", deadlines.standing(Standing.AS_NEEDED)),
])
def test_parse_reads_each_phrase_of_the_seeds(phrase, expected):
    assert deadlines.parse(phrase) == expected


@pytest.mark.parametrize("phrase", ["", "明年", "114年13月", "114年2月30日", "每週", "ASAP"])
def test_parse_refuses_what_is_not_a_deadline(phrase):
    with pytest.raises(deadlines.DeadlineParseError):
        deadlines.parse(phrase)


deadline_values = st.one_of(
    days.map(deadlines.on_date),
    st.builds(deadlines.in_month, years, st.integers(1, 12)),
    st.sampled_from(list(Recurrence)).map(deadlines.recurring),
    st.sampled_from(list(Standing)).map(deadlines.standing),
)


@given(deadline_values)
def test_label_and_parse_are_inverse(deadline):
    assert deadlines.parse(deadlines.label(deadline)) == deadline


@given(st.sampled_from(list(Recurrence)), years)
def test_recurring_occurrences_are_period_ends_spread_over_the_year(recurrence, year):
    found = deadlines.occurrences(deadlines.recurring(recurrence), year)
    assert len(found) == {"monthly": 12, "quarterly": 4, "half_yearly": 2, "yearly": 1}[recurrence]
    assert found == sorted(found) and found[-1] == dt.date(year, 12, 31)
    assert all((day + dt.timedelta(days=1)).day == 1 for day in found)


@given(deadline_values, years)
def test_standing_has_no_occurrence_and_date_at_most_one(deadline, year):
    found = deadlines.occurrences(deadline, year)
    if deadline.kind is DeadlineKind.STANDING:
        assert found == []
    if deadline.kind in (DeadlineKind.DATE, DeadlineKind.MONTH):
        assert len(found) <= 1


@given(deadline_values, days, years)
def test_standing_is_never_past_and_done_is_never_past(deadline, today, year):
    if deadline.kind is DeadlineKind.STANDING:
        assert not deadlines.is_past(deadline, today=today, year=year)
    if deadline.kind in (DeadlineKind.DATE, DeadlineKind.MONTH):
        assert not deadlines.is_past(deadline, today=today, year=year, done=True)
    if deadline.kind is DeadlineKind.RECURRING:
        every = deadlines.occurrences(deadline, year)
        assert not deadlines.is_past(deadline, today=today, year=year, done_occurrences=every)


def test_date_and_month_are_past_only_after_their_last_day():
    month = deadlines.in_month(2025, 6)
    assert not deadlines.is_past(month, today=dt.date(2025, 6, 30), year=2025)
    assert deadlines.is_past(month, today=dt.date(2025, 7, 1), year=2025)
    day = deadlines.on_date(dt.date(2025, 3, 5))
    assert deadlines.is_past(day, today=dt.date(2025, 3, 6), year=2025)


def test_recurring_is_past_when_an_occurrence_gone_by_was_not_done():
    quarterly = deadlines.recurring(Recurrence.QUARTERLY)
    today = dt.date(2025, 7, 15)
    assert deadlines.is_past(quarterly, today=today, year=2025,
                             done_occurrences=[dt.date(2025, 3, 31)])
    assert not deadlines.is_past(quarterly, today=today, year=2025,
                                 done_occurrences=[dt.date(2025, 3, 31), dt.date(2025, 6, 30)])


@given(deadline_values)
def test_shift_years_moves_dates_by_one_year_and_keeps_kind(deadline):
    shifted = deadlines.shift_years(deadline, 1)
    assert shifted.kind is deadline.kind
    if deadline.day is not None:
        assert shifted.day.year == deadline.day.year + 1
        assert shifted.day.month == deadline.day.month
    else:
        assert shifted == deadline


def test_occurrences_between_takes_those_inside_the_period():
    monthly = deadlines.recurring(Recurrence.MONTHLY)
    found = deadlines.occurrences_between(monthly, dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert found == [dt.date(2025, 4, 30), dt.date(2025, 5, 31), dt.date(2025, 6, 30)]


# Traffic light --------------------------------------------------------------------------

numbers = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(numbers, numbers, st.decimals(min_value=0, max_value=50, places=2))
def test_light_is_mirrored_by_direction(actual, target, tolerance):
    higher = traffic_light(actual=actual, target=target, direction="higher", tolerance=tolerance)
    lower = traffic_light(actual=-actual, target=-target, direction="lower", tolerance=tolerance)
    assert higher is lower


@given(numbers, numbers)
def test_met_whenever_the_target_is_reached(actual, target):
    light = traffic_light(actual=actual, target=target, direction="higher", tolerance=0)
    assert (light is Light.MET) == (actual >= target)
    assert light is not Light.NEAR


def test_near_within_tolerance_and_unknown_without_values():
    assert traffic_light(actual=93, target=95, direction="higher", tolerance=3) is Light.NEAR
    assert traffic_light(actual=90, target=95, direction="higher", tolerance=3) is Light.MISSED
    assert traffic_light(actual=Decimal("2.5"), target=2, direction="lower",
                         tolerance=1) is Light.NEAR
    assert traffic_light(actual=None, target=95, direction="higher") is Light.UNKNOWN
    assert traffic_light(actual=1, target=None, direction="higher") is Light.UNKNOWN


# Review workflow ------------------------------------------------------------------------

def test_review_workflow_paths():
    machine = workflow.MACHINE
    state = machine.next_state("draft", "submit")
    assert state == workflow.ReviewState.SUBMITTED
    assert machine.next_state(state, "return") == workflow.ReviewState.RETURNED
    assert machine.next_state("returned", "submit") == workflow.ReviewState.SUBMITTED
    assert machine.next_state("submitted", "accept") == workflow.ReviewState.ACCEPTED


@given(st.lists(st.sampled_from(list(workflow.ReviewAction)), max_size=12))
def test_accepted_is_final_and_only_draft_or_returned_is_editable(steps):
    state = workflow.ReviewState.DRAFT
    for step in steps:
        try:
            new = workflow.MACHINE.next_state(state, step)
        except StepRefused:
            assert step not in workflow.MACHINE.allowed_steps(state)
            continue
        assert state != workflow.ReviewState.ACCEPTED
        state = new
    assert workflow.is_editable(state) == (state in {"draft", "returned"})


# Numbering ------------------------------------------------------------------------------

@pytest.mark.parametrize(("style", "position", "expected"), [
    ("formal", 1, "壹、"), ("formal", 7, "柒、"), ("formal", 10, "拾、"),
    ("chinese", 3, "三、"), ("chinese", 11, "十一、"), ("chinese", 21, "二十一、"),
    ("chinese_paren", 4, "(四)"), ("arabic", 2, "2."), ("arabic_paren", 5, "(5)"),
    ("none", 5, ""),
])
def test_numbering_styles(style, position, expected):
    assert numbering.number(style, position) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("一、完備基礎服務項目", "完備基礎服務項目"), ("(二)提供民眾", "提供民眾"),
    ("（三）注重", "注重"), ("1.於通關", "於通關"), ("適時檢視", "適時檢視"),
])
def test_strip_number(text, expected):
    assert numbering.strip_number(text) == expected
