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


# ----- inspection sign-off ------------------------------------------------------------------
# The report of an inspection (its recorded result: scores, tier, summary, findings) is
# submitted by the task force's convener or secretary, reviewed by someone who did not
# submit it, and approved by the official designated when the inspection was planned.
# The reviewer or the approver may return it with a reason; the task force then corrects
# it and submits again. Only approval notifies the inspected agency and starts the reply
# deadline and the improvement items (assessment/inspection_signoff.py).

class InspectionState(StrEnum):
    PLANNED = "planned"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    RETURNED = "returned"
    APPROVED = "approved"


class InspectionStep(StrEnum):
    SUBMIT = "submit"
    REVIEW = "review"
    RETURN = "return"
    APPROVE = "approve"


INSPECTION_TRANSITIONS = [
    Transition(InspectionStep.SUBMIT, {InspectionState.PLANNED, InspectionState.RETURNED},
               InspectionState.SUBMITTED),
    Transition(InspectionStep.REVIEW, {InspectionState.SUBMITTED}, InspectionState.REVIEWED),
    Transition(InspectionStep.RETURN, {InspectionState.SUBMITTED, InspectionState.REVIEWED},
               InspectionState.RETURNED),
    Transition(InspectionStep.APPROVE, {InspectionState.REVIEWED}, InspectionState.APPROVED),
]
INSPECTION_MACHINE = StateMachine(states=InspectionState, initial=InspectionState.PLANNED,
                                  terminal={InspectionState.APPROVED},
                                  transitions=INSPECTION_TRANSITIONS)

# The task force may still score and change findings (the report is being written).
REPORT_OPEN = frozenset({InspectionState.PLANNED, InspectionState.RETURNED})
# Waiting on a reviewer or on the approver.
AWAITING_SIGNOFF = frozenset({InspectionState.SUBMITTED, InspectionState.REVIEWED})
# ----- award rounds and their stages -----------------------------------------------------------
# A round's state follows its stages: deciding the self-evaluation stage or a review stage
# advances it (entries go on to the next stage), deciding the final stage decides the
# results, publishing shows them on the public pages.

class AwardRoundState(StrEnum):
    OPEN = "open"
    EVALUATING = "evaluating"
    DECIDED = "decided"
    PUBLISHED = "published"


class AwardStep(StrEnum):
    ADVANCE = "advance"
    DECIDE = "decide"
    PUBLISH = "publish"


AWARD_ROUND = StateMachine(
    states=AwardRoundState, initial=AwardRoundState.OPEN,
    terminal={AwardRoundState.PUBLISHED},
    transitions=[
        Transition(AwardStep.ADVANCE, {AwardRoundState.OPEN, AwardRoundState.EVALUATING},
                   AwardRoundState.EVALUATING),
        Transition(AwardStep.DECIDE, {AwardRoundState.EVALUATING}, AwardRoundState.DECIDED),
        Transition(AwardStep.PUBLISH, {AwardRoundState.DECIDED}, AwardRoundState.PUBLISHED),
    ])


class AwardStageState(StrEnum):
    PENDING = "pending"
    OPEN = "open"
    DECIDED = "decided"


class StageStep(StrEnum):
    OPEN = "open"
    DECIDE = "decide"


AWARD_STAGE = StateMachine(
    states=AwardStageState, initial=AwardStageState.PENDING,
    terminal={AwardStageState.DECIDED},
    transitions=[
        Transition(StageStep.OPEN, {AwardStageState.PENDING}, AwardStageState.OPEN),
        Transition(StageStep.DECIDE, {AwardStageState.OPEN}, AwardStageState.DECIDED),
    ])


def round_step_after_stage(*, is_final: bool) -> AwardStep:
    """The round's step when one of its stages is decided."""
    return AwardStep.DECIDE if is_final else AwardStep.ADVANCE
