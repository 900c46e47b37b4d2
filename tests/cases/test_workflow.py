from collections import deque

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.cases.models import CaseState
from minfu.cases.workflow import (
    DECIDED_STATES,
    TERMINAL_STATES,
    Action,
    IllegalTransition,
    Outcome,
    State,
    allowed_actions,
    is_terminal,
    next_state,
)

steps = st.tuples(st.sampled_from(list(Action)), st.sampled_from([None, *Outcome]))


def _try(state, action, outcome):
    try:
        return next_state(state, action, outcome=outcome)
    except IllegalTransition:
        return state


def _reachable() -> set[State]:
    seen, queue = {State.RECEIVED}, deque([State.RECEIVED])
    while queue:
        state = queue.popleft()
        for action in allowed_actions(state):
            for outcome in (None, *Outcome):
                following = _try(state, action, outcome)
                if following not in seen:
                    seen.add(following)
                    queue.append(following)
    return seen


def test_the_happy_path():
    state = State.RECEIVED
    for action in (Action.ACCEPT, Action.START_REVIEW):
        state = next_state(state, action)
    assert next_state(state, Action.DECIDE, outcome="approved") == State.DECIDED_APPROVED
    assert next_state(State.DECIDED_APPROVED, Action.CLOSE) == State.CLOSED


def test_supplement_round_trip_returns_to_review_and_allows_a_second_notice():
    state = next_state(State.IN_REVIEW, Action.REQUEST_SUPPLEMENT)
    assert state == State.AWAITING_SUPPLEMENT
    state = next_state(state, Action.SUPPLEMENT_RECEIVED)
    assert state == State.IN_REVIEW
    assert Action.REQUEST_SUPPLEMENT in allowed_actions(state)


def test_while_awaiting_a_supplement_only_a_rejection_is_possible():
    assert next_state(State.AWAITING_SUPPLEMENT, Action.DECIDE, outcome="rejected") \
        == State.DECIDED_REJECTED
    with pytest.raises(IllegalTransition, match="only decision"):
        next_state(State.AWAITING_SUPPLEMENT, Action.DECIDE, outcome="approved")


def test_illegal_steps_say_what_is_allowed():
    with pytest.raises(IllegalTransition, match="'close' is not allowed in state 'received'"):
        next_state(State.RECEIVED, Action.CLOSE)
    with pytest.raises(IllegalTransition, match="needs an outcome"):
        next_state(State.IN_REVIEW, Action.DECIDE)
    with pytest.raises(IllegalTransition, match="unknown"):
        next_state("nowhere", Action.ACCEPT)


def test_withdrawal_and_transfer_only_before_a_decision():
    for state in DECIDED_STATES | TERMINAL_STATES:
        assert Action.WITHDRAW not in allowed_actions(state)
        assert Action.TRANSFER not in allowed_actions(state)
    assert next_state(State.AWAITING_SUPPLEMENT, Action.WITHDRAW) == State.WITHDRAWN


def test_every_state_is_reachable_from_received():
    assert _reachable() == set(State)


def test_every_reachable_state_can_finish():
    for state in State:
        seen, queue = {state}, deque([state])
        while queue:
            current = queue.popleft()
            for action in allowed_actions(current):
                for outcome in (None, *Outcome):
                    following = _try(current, action, outcome)
                    if following not in seen:
                        seen.add(following)
                        queue.append(following)
        assert seen & TERMINAL_STATES, state


def test_model_choices_match_the_workflow():
    assert set(CaseState.values) == {state.value for state in State}


@given(st.lists(steps, max_size=30))
def test_no_sequence_of_actions_leaves_a_terminal_state(sequence):
    state = State.RECEIVED
    for action, outcome in sequence:
        was_terminal = is_terminal(state)
        following = _try(state, action, outcome)
        if was_terminal:
            assert following == state
        state = following


@given(st.sampled_from(list(State)), steps)
def test_next_state_agrees_with_allowed_actions(state, step):
    action, outcome = step
    try:
        next_state(state, action, outcome=outcome)
    except IllegalTransition:
        return
    assert action in allowed_actions(state)


@given(st.lists(steps, max_size=30))
def test_a_decision_is_never_undone(sequence):
    state, decided = State.RECEIVED, False
    for action, outcome in sequence:
        state = _try(state, action, outcome)
        decided = decided or state in DECIDED_STATES
        if decided:
            assert state in DECIDED_STATES | {State.CLOSED}
