"""The states of an improvement item (列管), declared on `minfu.records.workflow`. Pure:
open → replied (the unit's reply) → closed by the coordinator, or returned for more work
and replied again."""

from enum import StrEnum

from minfu.records.workflow import StateMachine, Transition


class ItemStatus(StrEnum):
    OPEN = "open"
    REPLIED = "replied"
    RETURNED = "returned"
    CLOSED = "closed"


class Action(StrEnum):
    REPLY = "reply"
    CLOSE = "close"
    RETURN = "return"


TRANSITIONS = [
    Transition(Action.REPLY, {ItemStatus.OPEN, ItemStatus.RETURNED}, ItemStatus.REPLIED),
    Transition(Action.CLOSE, {ItemStatus.REPLIED}, ItemStatus.CLOSED),
    Transition(Action.RETURN, {ItemStatus.REPLIED}, ItemStatus.RETURNED),
]
MACHINE = StateMachine(states=ItemStatus, initial=ItemStatus.OPEN,
                       terminal={ItemStatus.CLOSED}, transitions=TRANSITIONS)

UNRESOLVED = frozenset({ItemStatus.OPEN, ItemStatus.REPLIED, ItemStatus.RETURNED})
WAITING_ON_UNIT = frozenset({ItemStatus.OPEN, ItemStatus.RETURNED})


def is_overdue(status: str, due_on, on) -> bool:
    """Waiting on the unit past its due day (a reply under review is not overdue)."""
    return ItemStatus(status) in WAITING_ON_UNIT and due_on < on
