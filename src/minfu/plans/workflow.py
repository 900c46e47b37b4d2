"""The life of a progress report. Pure.

    submit    draft, returned   -> submitted   (the responsible unit)
    return    submitted         -> returned    (the coordinator, with a comment)
    accept    submitted         -> accepted    (the coordinator)

A report is edited only while it is a draft or returned; an accepted one is final."""

from __future__ import annotations

from enum import StrEnum


class ReviewState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class ReviewAction(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"


TRANSITIONS: dict[ReviewAction, tuple[frozenset[ReviewState], ReviewState]] = {
    ReviewAction.SUBMIT: (frozenset({ReviewState.DRAFT, ReviewState.RETURNED}),
                          ReviewState.SUBMITTED),
    ReviewAction.RETURN: (frozenset({ReviewState.SUBMITTED}), ReviewState.RETURNED),
    ReviewAction.ACCEPT: (frozenset({ReviewState.SUBMITTED}), ReviewState.ACCEPTED),
}
EDITABLE_STATES = frozenset({ReviewState.DRAFT, ReviewState.RETURNED})


class TransitionRefused(Exception):
    pass


def next_state(state: str, action: str) -> ReviewState:
    sources, target = TRANSITIONS[ReviewAction(action)]
    if ReviewState(state) not in sources:
        raise TransitionRefused(f"{action} is not allowed from {state}")
    return target


def allowed_actions(state: str) -> list[ReviewAction]:
    return [action for action, (sources, _target) in TRANSITIONS.items()
            if ReviewState(state) in sources]


def is_editable(state: str) -> bool:
    return ReviewState(state) in EDITABLE_STATES
