"""The state-machine helper and every record kind declared on it: a step is allowed
exactly when the table says so, a refusal leaves the state as it was, every state can be
reached from the initial one, and no step leaves a terminal state."""

from collections import deque

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.assessment import workflow as assessment_workflow
from minfu.cases import workflow as cases_workflow
from minfu.core.errors import Conflict
from minfu.plans import workflow as plans_workflow
from minfu.records.workflow import StateMachine, StepRefused, Transition
from minfu.voice import workflow as voice_workflow

MACHINES = {
    "cases": cases_workflow.MACHINE,
    "voice": voice_workflow.MACHINE,
    "assessment": assessment_workflow.MACHINE,
    "assessment inspection report": assessment_workflow.INSPECTION_MACHINE,
    "plans": plans_workflow.MACHINE,
}
machines = st.sampled_from(sorted(MACHINES))


def _choices(machine):
    return [None, *sorted({row.choice for row in machine.transitions if row.choice})]


@st.composite
def attempts(draw):
    """A machine, a state and a run of (step, choice) attempts, unknown names included."""
    machine = MACHINES[draw(machines)]
    step = st.sampled_from([*machine.steps, "nonsense"])
    choice = st.sampled_from([*_choices(machine), "nonsense"])
    return machine, draw(st.sampled_from(machine.states)), draw(
        st.lists(st.tuples(step, choice), max_size=25))


def _table_says(machine, state, step, choice):
    rows = [row for row in machine.transitions
            if row.step == step and row.choice == choice and state in row.sources]
    return rows[0].target if rows else None


@given(attempts())
def test_a_step_is_allowed_exactly_when_the_table_says_so(attempt):
    machine, state, sequence = attempt
    for step, choice in sequence:
        expected = _table_says(machine, state, step, choice)
        listed = any(row.step == step and state in row.sources for row in machine.transitions)
        assert (step in machine.allowed_steps(state)) == listed
        try:
            following = machine.next_state(state, step, choice=choice)
        except StepRefused:
            assert expected is None
            continue
        assert following == expected
        state = following


@given(attempts())
def test_a_refusal_never_changes_the_state(attempt):
    machine, state, sequence = attempt
    for step, choice in sequence:
        before = state
        try:
            state = machine.next_state(state, step, choice=choice)
        except StepRefused as refusal:
            assert state == before
            assert (refusal.step, refusal.state) == (step, before)


@pytest.mark.parametrize("kind", sorted(MACHINES))
def test_every_state_is_reachable_from_the_initial_one(kind):
    machine = MACHINES[kind]
    seen, queue = {machine.initial}, deque([machine.initial])
    while queue:
        state = queue.popleft()
        for row in machine.transitions:
            if state in row.sources and row.target not in seen:
                seen.add(row.target)
                queue.append(row.target)
    assert seen == set(machine.states)


@pytest.mark.parametrize("kind", sorted(MACHINES))
def test_terminal_states_have_no_steps_and_every_other_state_has_one(kind):
    machine = MACHINES[kind]
    for state in machine.states:
        assert (not machine.allowed_steps(state)) == machine.is_terminal(state), state


def test_a_refusal_is_a_conflict_that_names_the_step_and_the_state():
    with pytest.raises(StepRefused) as refused:
        cases_workflow.MACHINE.next_state("received", "close")
    assert isinstance(refused.value, Conflict)
    assert refused.value.code == "step_not_allowed"
    assert refused.value.details == {"step": "close", "state": "received"}
    assert "close" in str(refused.value.message) and "received" in str(refused.value.message)


def test_a_step_with_choices_needs_one_the_state_allows():
    machine = cases_workflow.MACHINE
    with pytest.raises(StepRefused):
        machine.next_state("in_review", "decide")
    assert machine.choices("awaiting_supplement", "decide") == {"rejected"}
    assert machine.choices("in_review", "decide") == {"approved", "partly_approved",
                                                      "rejected"}


@pytest.mark.parametrize("transitions", [
    [Transition("go", {"a"}, "b"), Transition("go", {"b"}, "a")],  # declared twice
    [Transition("go", {"a"}, "elsewhere")],  # an undeclared state
    [Transition("go", {"a"}, "b"), Transition("back", {"b"}, "a")],  # leaves terminal b
])
def test_a_table_that_contradicts_itself_is_refused_when_declared(transitions):
    with pytest.raises(ValueError):
        StateMachine(states=["a", "b"], initial="a", terminal={"b"}, transitions=transitions)
