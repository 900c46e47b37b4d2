"""The states of an improvement item (列管), pure: open → replied (the unit's reply) →
closed by the coordinator, or returned for more work and replied again."""

from enum import StrEnum


class ItemStatus(StrEnum):
    OPEN = "open"
    REPLIED = "replied"
    RETURNED = "returned"
    CLOSED = "closed"


class Action(StrEnum):
    REPLY = "reply"
    CLOSE = "close"
    RETURN = "return"


TRANSITIONS: dict[tuple[ItemStatus, Action], ItemStatus] = {
    (ItemStatus.OPEN, Action.REPLY): ItemStatus.REPLIED,
    (ItemStatus.RETURNED, Action.REPLY): ItemStatus.REPLIED,
    (ItemStatus.REPLIED, Action.CLOSE): ItemStatus.CLOSED,
    (ItemStatus.REPLIED, Action.RETURN): ItemStatus.RETURNED,
}

UNRESOLVED = frozenset({ItemStatus.OPEN, ItemStatus.REPLIED, ItemStatus.RETURNED})
WAITING_ON_UNIT = frozenset({ItemStatus.OPEN, ItemStatus.RETURNED})


def next_status(status: str, action: str) -> ItemStatus | None:
    """The status after `action`, or None when the action is not allowed now."""
    try:
        return TRANSITIONS.get((ItemStatus(status), Action(action)))
    except ValueError:
        return None


def is_overdue(status: str, due_on, on) -> bool:
    """Waiting on the unit past its due day (a reply under review is not overdue)."""
    return ItemStatus(status) in WAITING_ON_UNIT and due_on < on
