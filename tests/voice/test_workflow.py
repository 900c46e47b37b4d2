import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.voice import workflow
from minfu.voice.workflow import Action, IllegalTransition, State

states = st.sampled_from(list(State))
actions = st.sampled_from(list(Action))


@given(states, actions)
def test_next_state_is_the_table(state, action):
    sources, target = workflow.TRANSITIONS[action]
    if state in sources:
        assert workflow.next_state(state, action) is target
        assert action in workflow.allowed_actions(state)
    else:
        with pytest.raises(IllegalTransition):
            workflow.next_state(state, action)
        assert action not in workflow.allowed_actions(state)


@given(st.lists(actions, max_size=30))
def test_terminal_states_are_never_left(sequence):
    state = State.RECEIVED
    for action in sequence:
        try:
            following = workflow.next_state(state, action)
        except IllegalTransition:
            continue
        assert not workflow.is_terminal(state)
        state = following


@given(states)
def test_terminal_states_allow_nothing(state):
    assert (not workflow.allowed_actions(state)) == workflow.is_terminal(state)


def test_reply_needs_approval_and_can_be_reopened():
    state = workflow.next_state(State.RECEIVED, Action.DRAFT_REPLY)
    assert state is State.AWAITING_APPROVAL
    state = workflow.next_state(state, Action.APPROVE_REPLY)
    assert workflow.next_state(state, Action.REOPEN) is State.IN_PROGRESS
    with pytest.raises(IllegalTransition):
        workflow.next_state(State.IN_PROGRESS, Action.APPROVE_REPLY)


def test_unknown_values_are_illegal():
    with pytest.raises(IllegalTransition):
        workflow.next_state("nonsense", "start")
