"""The rules of the petition table (the generic properties of every table are in
tests/records/test_workflow.py)."""

import pytest

from minfu.records.workflow import StepRefused
from minfu.voice.models import PetitionState
from minfu.voice.workflow import MACHINE, Action, State, is_open


def test_reply_needs_approval_and_can_be_reopened():
    state = MACHINE.next_state(State.RECEIVED, Action.DRAFT_REPLY)
    assert state == State.AWAITING_APPROVAL
    state = MACHINE.next_state(state, Action.APPROVE_REPLY)
    assert MACHINE.next_state(state, Action.REOPEN) == State.IN_PROGRESS
    with pytest.raises(StepRefused):
        MACHINE.next_state(State.IN_PROGRESS, Action.APPROVE_REPLY)


def test_cases_not_handled_merged_or_transferred_end_the_handling():
    for action in (Action.MARK_NOT_HANDLED, Action.MERGE, Action.TRANSFER):
        assert MACHINE.is_terminal(MACHINE.next_state(State.IN_PROGRESS, action))
    assert not is_open(State.REPLIED) and is_open(State.AWAITING_APPROVAL)


def test_model_choices_match_the_workflow():
    assert set(PetitionState.values) == {state.value for state in State}
