"""The life of an application, declared on `minfu.records.workflow`. Pure: no ORM.

Every state change in `services.py` goes through `MACHINE.next_state`, so the table below
is the whole truth about which step may follow which (refused: StepRefused).

    accept                received                         -> accepted
    start_review          accepted                         -> in_review
    request_supplement    received, accepted, in_review    -> awaiting_supplement
    supplement_received   awaiting_supplement              -> in_review
    supply_lapsed         awaiting_supplement              -> in_review
                          (the supply-by date passed: review on the record as it is)
    decide(outcome)       accepted, in_review              -> decided_<outcome>
                          awaiting_supplement              -> decided_rejected only
                          (refused for want of the missing documents)
    close                 decided_*                        -> closed
    withdraw              any state before a decision      -> withdrawn (the applicant)
    transfer              any state before a decision      -> transferred

A second deficiency notice follows a supplement that is still incomplete: the case is
back in review, so `request_supplement` applies again. `closed`, `withdrawn` and
`transferred` are terminal: no action leaves them."""

from __future__ import annotations

from enum import StrEnum

from minfu.records.workflow import StateMachine, Transition


class State(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    IN_REVIEW = "in_review"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    DECIDED_APPROVED = "decided_approved"
    DECIDED_PARTLY_APPROVED = "decided_partly_approved"
    DECIDED_REJECTED = "decided_rejected"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    TRANSFERRED = "transferred"


class Action(StrEnum):
    ACCEPT = "accept"
    START_REVIEW = "start_review"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT_RECEIVED = "supplement_received"
    SUPPLY_LAPSED = "supply_lapsed"
    DECIDE = "decide"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    TRANSFER = "transfer"


class Outcome(StrEnum):
    APPROVED = "approved"
    PARTLY_APPROVED = "partly_approved"
    REJECTED = "rejected"


OPEN_STATES = frozenset({State.RECEIVED, State.ACCEPTED, State.IN_REVIEW,
                         State.AWAITING_SUPPLEMENT})
DECIDED_STATES = frozenset({State.DECIDED_APPROVED, State.DECIDED_PARTLY_APPROVED,
                            State.DECIDED_REJECTED})
TERMINAL_STATES = frozenset({State.CLOSED, State.WITHDRAWN, State.TRANSFERRED})

# While the applicant owes documents, the only decision is a refusal for want of them.
_DECIDABLE = frozenset({State.ACCEPTED, State.IN_REVIEW})

TRANSITIONS = [
    Transition(Action.ACCEPT, {State.RECEIVED}, State.ACCEPTED),
    Transition(Action.START_REVIEW, {State.ACCEPTED}, State.IN_REVIEW),
    Transition(Action.REQUEST_SUPPLEMENT, {State.RECEIVED, State.ACCEPTED, State.IN_REVIEW},
               State.AWAITING_SUPPLEMENT),
    Transition(Action.SUPPLEMENT_RECEIVED, {State.AWAITING_SUPPLEMENT}, State.IN_REVIEW),
    Transition(Action.SUPPLY_LAPSED, {State.AWAITING_SUPPLEMENT}, State.IN_REVIEW),
    Transition(Action.DECIDE, _DECIDABLE, State.DECIDED_APPROVED, choice=Outcome.APPROVED),
    Transition(Action.DECIDE, _DECIDABLE, State.DECIDED_PARTLY_APPROVED,
               choice=Outcome.PARTLY_APPROVED),
    Transition(Action.DECIDE, _DECIDABLE | {State.AWAITING_SUPPLEMENT},
               State.DECIDED_REJECTED, choice=Outcome.REJECTED),
    Transition(Action.CLOSE, DECIDED_STATES, State.CLOSED),
    Transition(Action.WITHDRAW, OPEN_STATES, State.WITHDRAWN),
    Transition(Action.TRANSFER, OPEN_STATES, State.TRANSFERRED),
]
MACHINE = StateMachine(states=State, initial=State.RECEIVED, terminal=TERMINAL_STATES,
                       transitions=TRANSITIONS)
