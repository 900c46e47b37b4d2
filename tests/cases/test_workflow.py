"""The rules of the application table (the generic properties of every table are in
tests/records/test_workflow.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.cases.models import CaseState
from minfu.cases.workflow import DECIDED_STATES, MACHINE, TERMINAL_STATES, Action, Outcome, State
from minfu.records.workflow import StepRefused

steps = st.tuples(st.sampled_from(list(Action)), st.sampled_from([None, *Outcome]))


def _try(state, action, outcome):
    try:
        return MACHINE.next_state(state, action, choice=outcome)
    except StepRefused:
        return state


def test_the_happy_path():
    state = State.RECEIVED
    for action in (Action.ACCEPT, Action.START_REVIEW):
        state = MACHINE.next_state(state, action)
    assert MACHINE.next_state(state, Action.DECIDE, choice="approved") == State.DECIDED_APPROVED
    assert MACHINE.next_state(State.DECIDED_APPROVED, Action.CLOSE) == State.CLOSED


def test_supplement_round_trip_returns_to_review_and_allows_a_second_notice():
    state = MACHINE.next_state(State.IN_REVIEW, Action.REQUEST_SUPPLEMENT)
    assert state == State.AWAITING_SUPPLEMENT
    state = MACHINE.next_state(state, Action.SUPPLEMENT_RECEIVED)
    assert state == State.IN_REVIEW
    assert Action.REQUEST_SUPPLEMENT in MACHINE.allowed_steps(state)


def test_while_awaiting_a_supplement_only_a_rejection_is_possible():
    assert MACHINE.next_state(State.AWAITING_SUPPLEMENT, Action.DECIDE, choice="rejected") \
        == State.DECIDED_REJECTED
    with pytest.raises(StepRefused):
        MACHINE.next_state(State.AWAITING_SUPPLEMENT, Action.DECIDE, choice="approved")


def test_a_decision_needs_an_outcome_and_other_steps_take_none():
    with pytest.raises(StepRefused):
        MACHINE.next_state(State.IN_REVIEW, Action.DECIDE)
    with pytest.raises(StepRefused):
        MACHINE.next_state(State.RECEIVED, Action.ACCEPT, choice="approved")
    with pytest.raises(StepRefused):
        MACHINE.next_state("nowhere", Action.ACCEPT)


def test_withdrawal_and_transfer_only_before_a_decision():
    for state in DECIDED_STATES | TERMINAL_STATES:
        assert Action.WITHDRAW not in MACHINE.allowed_steps(state)
        assert Action.TRANSFER not in MACHINE.allowed_steps(state)
    assert MACHINE.next_state(State.AWAITING_SUPPLEMENT, Action.WITHDRAW) == State.WITHDRAWN


def test_model_choices_match_the_workflow():
    assert set(CaseState.values) == {state.value for state in State}


@given(st.lists(steps, max_size=30))
def test_a_decision_is_never_undone(sequence):
    state, decided = State.RECEIVED, False
    for action, outcome in sequence:
        state = _try(state, action, outcome)
        decided = decided or state in DECIDED_STATES
        if decided:
            assert state in DECIDED_STATES | {State.CLOSED}
