"""The life of a proposal, declared on `minfu.records.workflow`. Pure: no ORM.

    open_signing   submitted           -> signing    (screened and accepted)
    reject         submitted           -> rejected   (a reason from ScreeningReason)
    merge          submitted, signing  -> merged     (a duplicate joins another proposal)
    reach          signing             -> reached    (the threshold; the response clock starts)
    expire         signing             -> expired    (the period ended below the threshold)
    respond        reached             -> answered   (the published response)
"""

from __future__ import annotations

from enum import StrEnum

from minfu.records.workflow import StateMachine, Transition


class State(StrEnum):
    SUBMITTED = "submitted"
    SIGNING = "signing"
    REACHED = "reached"
    ANSWERED = "answered"
    REJECTED = "rejected"
    MERGED = "merged"
    EXPIRED = "expired"


class Action(StrEnum):
    OPEN_SIGNING = "open_signing"
    REJECT = "reject"
    MERGE = "merge"
    REACH = "reach"
    EXPIRE = "expire"
    RESPOND = "respond"


TERMINAL_STATES = frozenset({State.ANSWERED, State.REJECTED, State.MERGED, State.EXPIRED})
PUBLIC_STATES = frozenset({State.SIGNING, State.REACHED, State.ANSWERED, State.EXPIRED})

MACHINE = StateMachine(states=State, initial=State.SUBMITTED, terminal=TERMINAL_STATES,
                       transitions=[
    Transition(Action.OPEN_SIGNING, {State.SUBMITTED}, State.SIGNING),
    Transition(Action.REJECT, {State.SUBMITTED}, State.REJECTED),
    Transition(Action.MERGE, {State.SUBMITTED, State.SIGNING}, State.MERGED),
    Transition(Action.REACH, {State.SIGNING}, State.REACHED),
    Transition(Action.EXPIRE, {State.SIGNING}, State.EXPIRED),
    Transition(Action.RESPOND, {State.REACHED}, State.ANSWERED),
])
