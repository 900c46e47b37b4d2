"""The life of an appointment, declared on `minfu.records.workflow`. Pure: no ORM.

    approve      requested                      -> booked      (a home visit, by staff)
    decline      requested                      -> declined
    reschedule   booked, displaced              -> booked      (the citizen, by the link)
    ask_again    requested, booked              -> requested   (a home visit: another day)
    displace     booked                         -> displaced   (a closure took the slot)
    cancel       requested, booked, displaced   -> cancelled
    check_in     booked                         -> checked_in  (arrived at the counter)
    serve        booked, checked_in             -> served      (called: intake starts)
    no_show      booked                         -> no_show"""

from __future__ import annotations

from enum import StrEnum

from minfu.records.workflow import StateMachine, Transition


class State(StrEnum):
    REQUESTED = "requested"
    BOOKED = "booked"
    DISPLACED = "displaced"
    CHECKED_IN = "checked_in"
    SERVED = "served"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    DECLINED = "declined"


class Action(StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"
    RESCHEDULE = "reschedule"
    ASK_AGAIN = "ask_again"
    DISPLACE = "displace"
    CANCEL = "cancel"
    CHECK_IN = "check_in"
    SERVE = "serve"
    NO_SHOW = "no_show"


# States that hold a place in a slot.
HOLDS_PLACE = frozenset({State.BOOKED, State.CHECKED_IN, State.SERVED})
TERMINAL_STATES = frozenset({State.SERVED, State.NO_SHOW, State.CANCELLED, State.DECLINED})

TRANSITIONS = [
    Transition(Action.APPROVE, {State.REQUESTED}, State.BOOKED),
    Transition(Action.DECLINE, {State.REQUESTED}, State.DECLINED),
    Transition(Action.RESCHEDULE, {State.BOOKED, State.DISPLACED}, State.BOOKED),
    Transition(Action.ASK_AGAIN, {State.REQUESTED, State.BOOKED}, State.REQUESTED),
    Transition(Action.DISPLACE, {State.BOOKED}, State.DISPLACED),
    Transition(Action.CANCEL, {State.REQUESTED, State.BOOKED, State.DISPLACED},
               State.CANCELLED),
    Transition(Action.CHECK_IN, {State.BOOKED}, State.CHECKED_IN),
    Transition(Action.SERVE, {State.BOOKED, State.CHECKED_IN}, State.SERVED),
    Transition(Action.NO_SHOW, {State.BOOKED}, State.NO_SHOW),
]
MACHINE = StateMachine(states=State, initial=State.BOOKED, terminal=TERMINAL_STATES,
                       transitions=TRANSITIONS)
