"""The life of a petition (陳情) as a state machine. Pure: no ORM, no Django.

    start              received                         -> in_progress
    draft_reply        received, in_progress            -> awaiting_approval
    return_draft       awaiting_approval                -> in_progress
    approve_reply      awaiting_approval                -> replied
    close              replied                          -> closed
    reopen             replied, closed                  -> in_progress (unsatisfied rating)
    mark_not_handled   received, in_progress            -> not_handled (行政程序法 §173)
    merge              received, in_progress            -> merged (併案 into another case)
    transfer           received, in_progress            -> transferred (§172)

Every petition is registered, including those not handled: `not_handled`, `merged` and
`transferred` keep the record and end the handling here."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    AWAITING_APPROVAL = "awaiting_approval"
    REPLIED = "replied"
    CLOSED = "closed"
    NOT_HANDLED = "not_handled"
    MERGED = "merged"
    TRANSFERRED = "transferred"


class Action(StrEnum):
    START = "start"
    DRAFT_REPLY = "draft_reply"
    RETURN_DRAFT = "return_draft"
    APPROVE_REPLY = "approve_reply"
    CLOSE = "close"
    REOPEN = "reopen"
    MARK_NOT_HANDLED = "mark_not_handled"
    MERGE = "merge"
    TRANSFER = "transfer"


# States in which the petition still waits for an answer; the handling limit runs.
OPEN_STATES = frozenset({State.RECEIVED, State.IN_PROGRESS, State.AWAITING_APPROVAL})
TERMINAL_STATES = frozenset({State.NOT_HANDLED, State.MERGED, State.TRANSFERRED})
_HANDLING = frozenset({State.RECEIVED, State.IN_PROGRESS})

TRANSITIONS: dict[Action, tuple[frozenset[State], State]] = {
    Action.START: (frozenset({State.RECEIVED}), State.IN_PROGRESS),
    Action.DRAFT_REPLY: (_HANDLING, State.AWAITING_APPROVAL),
    Action.RETURN_DRAFT: (frozenset({State.AWAITING_APPROVAL}), State.IN_PROGRESS),
    Action.APPROVE_REPLY: (frozenset({State.AWAITING_APPROVAL}), State.REPLIED),
    Action.CLOSE: (frozenset({State.REPLIED}), State.CLOSED),
    Action.REOPEN: (frozenset({State.REPLIED, State.CLOSED}), State.IN_PROGRESS),
    Action.MARK_NOT_HANDLED: (_HANDLING, State.NOT_HANDLED),
    Action.MERGE: (_HANDLING, State.MERGED),
    Action.TRANSFER: (_HANDLING, State.TRANSFERRED),
}


class IllegalTransition(ValueError):
    def __init__(self, message: str, *, state: str, action: str):
        self.state = state
        self.action = action
        super().__init__(message)


def next_state(state: str, action: str) -> State:
    """The state `action` leads to from `state`; IllegalTransition when it may not."""
    try:
        state, action = State(state), Action(action)
    except ValueError:
        raise IllegalTransition(f"unknown state {state!r} or action {action!r}",
                                state=str(state), action=str(action)) from None
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise IllegalTransition(f"{action.value!r} is not allowed in state {state.value!r}",
                                state=state.value, action=action.value)
    return target


def allowed_actions(state: str) -> frozenset[Action]:
    state = State(state)
    return frozenset(action for action, (sources, _target) in TRANSITIONS.items()
                     if state in sources)


def is_open(state: str) -> bool:
    return State(state) in OPEN_STATES


def is_terminal(state: str) -> bool:
    return State(state) in TERMINAL_STATES
