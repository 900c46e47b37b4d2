"""The life of a progress report, declared on `minfu.records.workflow`. Pure.

    submit    draft, returned   -> submitted   (the responsible unit)
    return    submitted         -> returned    (the coordinator, with a comment)
    accept    submitted         -> accepted    (the coordinator)

A report is edited only while it is a draft or returned; an accepted one is final."""

from __future__ import annotations

from enum import StrEnum

from minfu.records.workflow import StateMachine, Transition


class ReviewState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class ReviewAction(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"


EDITABLE_STATES = frozenset({ReviewState.DRAFT, ReviewState.RETURNED})
TRANSITIONS = [
    Transition(ReviewAction.SUBMIT, EDITABLE_STATES, ReviewState.SUBMITTED),
    Transition(ReviewAction.RETURN, {ReviewState.SUBMITTED}, ReviewState.RETURNED),
    Transition(ReviewAction.ACCEPT, {ReviewState.SUBMITTED}, ReviewState.ACCEPTED),
]
MACHINE = StateMachine(states=ReviewState, initial=ReviewState.DRAFT,
                       terminal={ReviewState.ACCEPTED}, transitions=TRANSITIONS)


def is_editable(state: str) -> bool:
    return ReviewState(state) in EDITABLE_STATES
