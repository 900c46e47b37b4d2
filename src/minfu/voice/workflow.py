"""The life of a petition (陳情), declared on `minfu.records.workflow`. Pure: no ORM.

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

from minfu.records.workflow import StateMachine, Transition


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

TRANSITIONS = [
    Transition(Action.START, {State.RECEIVED}, State.IN_PROGRESS),
    Transition(Action.DRAFT_REPLY, _HANDLING, State.AWAITING_APPROVAL),
    Transition(Action.RETURN_DRAFT, {State.AWAITING_APPROVAL}, State.IN_PROGRESS),
    Transition(Action.APPROVE_REPLY, {State.AWAITING_APPROVAL}, State.REPLIED),
    Transition(Action.CLOSE, {State.REPLIED}, State.CLOSED),
    Transition(Action.REOPEN, {State.REPLIED, State.CLOSED}, State.IN_PROGRESS),
    Transition(Action.MARK_NOT_HANDLED, _HANDLING, State.NOT_HANDLED),
    Transition(Action.MERGE, _HANDLING, State.MERGED),
    Transition(Action.TRANSFER, _HANDLING, State.TRANSFERRED),
]
MACHINE = StateMachine(states=State, initial=State.RECEIVED, terminal=TERMINAL_STATES,
                       transitions=TRANSITIONS)


def is_open(state: str) -> bool:
    return state in OPEN_STATES
