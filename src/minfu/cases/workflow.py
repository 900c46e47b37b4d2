"""The life of an application as a state machine. Pure: no ORM, no Django.

Every state change in `services.py` goes through `next_state`, so the table below is the
whole truth about which step may follow which.

    accept                received                         -> accepted
    start_review          accepted                         -> in_review
    request_supplement    received, accepted, in_review    -> awaiting_supplement
    supplement_received   awaiting_supplement              -> in_review
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

DECISION_STATE = {
    Outcome.APPROVED: State.DECIDED_APPROVED,
    Outcome.PARTLY_APPROVED: State.DECIDED_PARTLY_APPROVED,
    Outcome.REJECTED: State.DECIDED_REJECTED,
}

# action -> (states it may start from, state it leads to); DECIDE's target is per outcome.
TRANSITIONS: dict[Action, tuple[frozenset[State], State | None]] = {
    Action.ACCEPT: (frozenset({State.RECEIVED}), State.ACCEPTED),
    Action.START_REVIEW: (frozenset({State.ACCEPTED}), State.IN_REVIEW),
    Action.REQUEST_SUPPLEMENT: (frozenset({State.RECEIVED, State.ACCEPTED, State.IN_REVIEW}),
                                State.AWAITING_SUPPLEMENT),
    Action.SUPPLEMENT_RECEIVED: (frozenset({State.AWAITING_SUPPLEMENT}), State.IN_REVIEW),
    Action.DECIDE: (frozenset({State.ACCEPTED, State.IN_REVIEW, State.AWAITING_SUPPLEMENT}),
                    None),
    Action.CLOSE: (DECIDED_STATES, State.CLOSED),
    Action.WITHDRAW: (OPEN_STATES, State.WITHDRAWN),
    Action.TRANSFER: (OPEN_STATES, State.TRANSFERRED),
}

# While the applicant owes documents, the only decision is a refusal for want of them.
_OUTCOMES_WHILE_AWAITING = frozenset({Outcome.REJECTED})


class IllegalTransition(ValueError):
    """An action that the case's state does not allow (or an unknown action/outcome)."""

    def __init__(self, message: str, *, state: str, action: str):
        self.state = state
        self.action = action
        super().__init__(message)


def next_state(state: str, action: str, *, outcome: str | None = None) -> State:
    """The state `action` leads to from `state`; IllegalTransition when it may not."""
    try:
        state, action = State(state), Action(action)
    except ValueError:
        raise IllegalTransition(f"unknown state {state!r} or action {action!r}",
                                state=str(state), action=str(action)) from None
    sources, target = TRANSITIONS[action]
    if state not in sources:
        allowed = ", ".join(sorted(allowed_actions(state))) or "none"
        raise IllegalTransition(
            f"{action.value!r} is not allowed in state {state.value!r} (allowed: {allowed})",
            state=state.value, action=action.value)
    if action is not Action.DECIDE:
        if outcome is not None:
            raise IllegalTransition(f"{action.value!r} takes no outcome",
                                    state=state.value, action=action.value)
        return target
    try:
        decided = Outcome(outcome)
    except ValueError:
        raise IllegalTransition(
            f"a decision needs an outcome ({', '.join(o.value for o in Outcome)}), "
            f"not {outcome!r}", state=state.value, action=action.value) from None
    if state is State.AWAITING_SUPPLEMENT and decided not in _OUTCOMES_WHILE_AWAITING:
        raise IllegalTransition(
            f"while awaiting a supplement the only decision is {Outcome.REJECTED.value!r}",
            state=state.value, action=action.value)
    return DECISION_STATE[decided]


def allowed_actions(state: str) -> frozenset[Action]:
    """The actions `state` allows (for some outcome, in the case of DECIDE)."""
    state = State(state)
    return frozenset(action for action, (sources, _target) in TRANSITIONS.items()
                     if state in sources)


def is_terminal(state: str) -> bool:
    return State(state) in TERMINAL_STATES
