from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.plans import numbering, workflow
from minfu.plans.indicators import Light, traffic_light
from minfu.records.workflow import StepRefused

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
